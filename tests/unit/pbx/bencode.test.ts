import { describe, expect, it } from 'vitest';
import { bdecode, bencode } from '../../../electron/server/pbx/bencode';

describe('bencoding for rtpengine’s ng protocol', () => {
  it('writes dictionaries with sorted keys, lists, integers and UTF-8 strings by byte length', () => {
    expect(bencode({ sdp: 'v=0', command: 'offer', flags: ['a', 'b'], n: -3 }).toString()).toBe('d7:command5:offer5:flagsl1:a1:be1:ni-3e3:sdp3:v=0e');
    expect(bencode('é').toString()).toBe('2:é');
  });

  it('reads back what it writes', () => {
    const value = { result: 'ok', sdp: 'v=0\r\nm=audio 30000 RTP/AVP 8\r\n', list: [1, 'two', { three: 3 }] };
    expect(bdecode(bencode(value))).toEqual(value);
  });

  it('refuses malformed input, saying where', () => {
    expect(() => bdecode(Buffer.from('d3:abc'))).toThrow(/bencode/);
    expect(() => bdecode(Buffer.from('5:ab'))).toThrow(/runs past the end/);
    expect(() => bdecode(Buffer.from('i1ex'))).toThrow(/trailing bytes/);
    expect(() => bdecode(Buffer.from('di1ei2ee'))).toThrow(/key is not a string/);
    expect(() => bdecode(Buffer.from('l'.repeat(100)))).toThrow(/nested too deep/);
  });
});
