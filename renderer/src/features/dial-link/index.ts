export { DialLinkConfirm } from './DialLinkConfirm';
export { createDialLinkInbox, dialLinkInHash, type DialLinkInbox } from './dial-link-inbox';
