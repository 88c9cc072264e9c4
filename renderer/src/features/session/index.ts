export { PresenceBar } from './PresenceBar';
export { SignIn } from './SignIn';
export { type SessionState, type SessionStore, createSessionStore } from './session-store';
export { useSession, useSessionStore } from './use-session';
