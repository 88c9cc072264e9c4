/**
 * The demo PBX's registrar: a 200 OK for a REGISTER, copying the headers RFC 3261 §8.2.6
 * says a response copies and confirming the binding with its expiry.
 */
export function registerOk(request: string): string {
  const lines = request.split('\r\n');
  const get = (name: string): string[] =>
    lines.filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).map((l) => l.slice(name.length + 1).trim());
  const expires = /expires=(\d+)/i.exec(get('Contact')[0] ?? '')?.[1] ?? get('Expires')[0] ?? '300';
  return [
    'SIP/2.0 200 OK',
    ...get('Via').map((v) => `Via: ${v}`),
    `From: ${get('From')[0] ?? ''}`,
    `To: ${get('To')[0] ?? ''};tag=demo-registrar`,
    `Call-ID: ${get('Call-ID')[0] ?? ''}`,
    `CSeq: ${get('CSeq')[0] ?? ''}`,
    `Contact: ${(get('Contact')[0] ?? '').replace(/;expires=\d+/i, '')};expires=${expires}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

export function isRegister(message: string): boolean {
  return message.startsWith('REGISTER ');
}

/**
 * The demo PBX's routing: a new call from the agent to any number is delivered to the demo
 * caller UA, as a proxy would route it to the callee (sip.js answers 404 to a Request-URI that
 * is not its own). In-dialog requests and responses pass unchanged.
 */
export function routeNewCallTo(message: string, aor: string): string {
  if (!message.startsWith('INVITE ')) return message;
  const to = /^To:.*$/im.exec(message)?.[0] ?? '';
  if (/;\s*tag=/i.test(to)) return message;
  return message.replace(/^INVITE \S+ SIP\/2\.0/, `INVITE ${aor} SIP/2.0`);
}
