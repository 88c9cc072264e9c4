export { connectDemoLine, demoLineEndpoint } from './demo-line-phone';
