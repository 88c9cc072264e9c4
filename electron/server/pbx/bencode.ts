/** Bencoding (rtpengine's ng control protocol): dictionaries, lists, byte strings and integers. */
export type Bencoded = string | number | Bencoded[] | { [key: string]: Bencoded };

export function bencode(value: Bencoded): Buffer {
  const parts: Buffer[] = [];
  const put = (v: Bencoded): void => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new Error(`bencode: ${v} is not an integer`);
      parts.push(Buffer.from(`i${v}e`));
    } else if (typeof v === 'string') {
      const bytes = Buffer.from(v, 'utf8');
      parts.push(Buffer.from(`${bytes.length}:`), bytes);
    } else if (Array.isArray(v)) {
      parts.push(Buffer.from('l'));
      v.forEach(put);
      parts.push(Buffer.from('e'));
    } else {
      parts.push(Buffer.from('d'));
      // Keys in byte order, as the format requires.
      for (const key of Object.keys(v).sort()) {
        put(key);
        put(v[key] as Bencoded);
      }
      parts.push(Buffer.from('e'));
    }
  };
  put(value);
  return Buffer.concat(parts);
}

/** Decodes one bencoded value (byte strings as UTF-8 text); throws on anything malformed or trailing. */
export function bdecode(input: Buffer): Bencoded {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`bencode: ${why} at byte ${at}`);
  };
  const read = (depth: number): Bencoded => {
    if (depth > 32) fail('nested too deep');
    const c = input[at];
    if (c === 0x69 /* i */) {
      const end = input.indexOf(0x65, at);
      if (end === -1) fail('unterminated integer');
      const text = input.subarray(at + 1, end).toString('latin1');
      if (!/^-?\d{1,15}$/.test(text)) fail('bad integer');
      at = end + 1;
      return Number(text);
    }
    if (c === 0x6c /* l */) {
      at++;
      const list: Bencoded[] = [];
      while (input[at] !== 0x65) {
        if (at >= input.length) fail('unterminated list');
        list.push(read(depth + 1));
      }
      at++;
      return list;
    }
    if (c === 0x64 /* d */) {
      at++;
      const dict: Record<string, Bencoded> = {};
      while (input[at] !== 0x65) {
        if (at >= input.length) fail('unterminated dictionary');
        const key = read(depth + 1);
        if (typeof key !== 'string') fail('dictionary key is not a string');
        dict[key as string] = read(depth + 1);
      }
      at++;
      return dict;
    }
    const colon = input.indexOf(0x3a, at);
    if (colon === -1) fail('expected a value');
    const digits = input.subarray(at, colon).toString('latin1');
    if (!/^\d{1,9}$/.test(digits)) fail('bad string length');
    const start = colon + 1;
    const end = start + Number(digits);
    if (end > input.length) fail('string runs past the end');
    at = end;
    return input.subarray(start, end).toString('utf8');
  };
  const value = read(0);
  if (at !== input.length) fail('trailing bytes');
  return value;
}
