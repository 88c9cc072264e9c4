export { WrapUpPanel } from './WrapUpPanel';
export { useWrapUp } from './use-wrap-up';
export { type WrapUpStore, createWrapUpStore } from './wrap-up-store';
