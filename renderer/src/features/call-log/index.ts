export { createCallReporter } from './call-reporter';
