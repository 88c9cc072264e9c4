export { IncomingCallAlerts } from './IncomingCallAlerts';
export { callerWords, incomingNotice, RINGING_TAG } from './incoming-call-alerts';
