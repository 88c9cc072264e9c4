import { describe, expect, it } from 'vitest';
import { createNetstringReader, netstring } from '../../../electron/server/pbx/netstring';

describe('evapi netstrings', () => {
  it('frames by byte length, so multi-byte text survives', () => {
    expect(netstring('{"a":"é"}').toString()).toBe('10:{"a":"é"},');
  });

  it('reads messages split across chunks and several in one chunk', () => {
    const got: string[] = [];
    const read = createNetstringReader((m) => got.push(m));
    const wire = Buffer.concat([netstring('{"n":1}'), netstring('{"n":2}'), netstring('{"n":3}')]);
    read(wire.subarray(0, 3));
    read(wire.subarray(3, 15));
    read(wire.subarray(15));
    expect(got).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it('refuses a corrupt stream and an oversized message instead of buffering it', () => {
    expect(() => createNetstringReader(() => {})(Buffer.from('x1:a,'))).toThrow(/length prefix/);
    expect(() => createNetstringReader(() => {})(Buffer.from('3:abc;'))).toThrow(/comma/);
    expect(() => createNetstringReader(() => {}, 10)(Buffer.from('11:'))).toThrow(/over 10/);
    expect(() => createNetstringReader(() => {})(Buffer.from('12345678901'))).toThrow(/length prefix/);
  });
});
