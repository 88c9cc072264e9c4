/** evapi's framing (Kamailio `netstring_format=1`): `<byte length>:<payload>,`. */
export function netstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

/**
 * A streaming reader: feed it TCP chunks, it calls `onMessage` once per complete netstring (chunks may
 * split or join messages). A malformed stream or a message over `maxBytes` throws: the connection is
 * then unusable and must be closed.
 */
export function createNetstringReader(onMessage: (payload: string) => void, maxBytes = 256 * 1024): (chunk: Buffer) => void {
  let buffer: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(0x3a);
      if (colon === -1) {
        if (buffer.length > 10) throw new Error('netstring: no length prefix');
        return;
      }
      const digits = buffer.subarray(0, colon).toString('latin1');
      if (!/^\d{1,9}$/.test(digits)) throw new Error('netstring: bad length prefix');
      const length = Number(digits);
      if (length > maxBytes) throw new Error(`netstring: message of ${length} bytes is over ${maxBytes}`);
      const end = colon + 1 + length;
      if (buffer.length < end + 1) return;
      if (buffer[end] !== 0x2c) throw new Error('netstring: missing terminating comma');
      const payload = buffer.subarray(colon + 1, end).toString('utf8');
      buffer = buffer.subarray(end + 1);
      onMessage(payload);
    }
  };
}
