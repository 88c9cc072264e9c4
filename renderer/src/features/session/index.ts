export { PresenceBar } from './PresenceBar';
export { SignIn } from './SignIn';
export { type SessionStore, createSessionStore } from './session-store';
export { useSession } from './use-session';
