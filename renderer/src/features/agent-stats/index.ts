export { AgentStats } from './AgentStats';
export { METRIC_LABEL, formatMetric } from './metric-format';
