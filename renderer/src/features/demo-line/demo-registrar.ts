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
