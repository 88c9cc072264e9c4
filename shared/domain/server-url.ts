/** Why a team server's address cannot be used (ADR 0022/0031), as a kind the UI words in its own language. */
export type ServerUrlProblem = 'not-a-url' | 'not-websocket' | 'plaintext-beyond-loopback';

/** WHATWG URL, global in Node and browsers (shared/ compiles without either's types). */
declare const URL: new (url: string) => { protocol: string; hostname: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** TLS beyond this machine; plain WebSocket only to loopback (a lab, or a TLS proxy on this machine). Null when usable. */
export function serverUrlProblemKind(url: string): ServerUrlProblem | null {
  let parsed: { protocol: string; hostname: string };
  try {
    parsed = new URL(url);
  } catch {
    return 'not-a-url';
  }
  if (parsed.protocol === 'wss:') return null;
  if (parsed.protocol !== 'ws:') return 'not-websocket';
  return LOOPBACK.has(parsed.hostname) ? null : 'plaintext-beyond-loopback';
}
