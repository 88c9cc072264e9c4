export { CallBar, callerLabel } from './CallBar';
export { callInFront } from './call-focus';
export { type SoftphoneStore, createSoftphoneStore } from './softphone-store';
export { type CallView } from './softphone';
export { usePhoneConnection } from './use-phone-connection';
export { useLeaveGuard } from './use-leave-guard';
export { useRingtone } from './use-ringtone';
export { useCallsNow, useSoftphone } from './use-softphone';
