import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { listenForRtp, parseRtp, parseTelephoneEvent } from '../support/rtp-listener';

/** An RTP packet with one CSRC and a one-word header extension, as a WebRTC stack may send. */
function packet(payloadType: number, timestamp: number, payload: number[]): Buffer {
  const header = Buffer.alloc(12 + 4 + 8);
  header[0] = 0x80 | 0x10 | 1;
  header[1] = payloadType;
  header.writeUInt32BE(timestamp, 4);
  header.writeUInt16BE(0xbede, 16);
  header.writeUInt16BE(1, 18);
  return Buffer.concat([header, Buffer.from(payload)]);
}

describe('the far-end RTP listener of the SIP tests', () => {
  it('reads a telephone-event behind CSRCs and a header extension', () => {
    const rtp = parseRtp(packet(101, 8000, [5, 0x80 | 10, 0x03, 0x20]));
    expect(rtp?.payloadType).toBe(101);
    expect(rtp?.timestamp).toBe(8000);
    expect(parseTelephoneEvent(rtp?.payload as Buffer)).toEqual({ event: 5, end: true, durationTs: 800 });
  });

  it('refuses what is not RTP version 2', () => {
    expect(parseRtp(Buffer.from('INVITE sip:x SIP/2.0'))).toBeNull();
    expect(parseRtp(Buffer.alloc(4))).toBeNull();
  });

  it('counts each digit once however often its packets repeat, and ignores other payload types', async () => {
    const listener = await listenForRtp();
    const sender = createSocket('udp4');
    const send = (b: Buffer) => new Promise<void>((resolve) => sender.send(b, listener.port, '127.0.0.1', () => resolve()));
    for (const [pt, ts, event, end] of [
      [8, 100, 0, 0],
      [101, 160, 5, 0],
      [101, 160, 5, 0],
      [101, 160, 5, 1],
      [101, 160, 5, 1],
      [101, 960, 11, 1],
    ] as const) {
      await send(packet(pt, ts, [event, end ? 0x80 : 0, 0, 160]));
    }
    await expect.poll(() => listener.packets()).toBe(6);
    expect(listener.digits(101)).toEqual([5, 11]);
    sender.close();
    listener.close();
  });
});
