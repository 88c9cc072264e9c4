import { createSocket } from 'node:dgram';

/** One RFC 4733 (ex-2833) telephone-event packet. */
export interface TelephoneEvent {
  event: number;
  end: boolean;
  durationTs: number;
}

export interface RtpPacket {
  payloadType: number;
  ssrc: number;
  timestamp: number;
  payload: Buffer;
}

/** The payload type, timestamp and payload of an RTP packet (RFC 3550), CSRCs and header extension skipped; null if it is not RTP. */
export function parseRtp(packet: Buffer): RtpPacket | null {
  if (packet.length < 12 || packet[0] === undefined || packet[0] >> 6 !== 2) return null;
  const csrcs = packet[0] & 0x0f;
  let offset = 12 + 4 * csrcs;
  if ((packet[0] & 0x10) !== 0) {
    if (packet.length < offset + 4) return null;
    offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  }
  const padding = (packet[0] & 0x20) !== 0 ? (packet[packet.length - 1] ?? 0) : 0;
  if (packet.length - padding < offset) return null;
  return { payloadType: (packet[1] ?? 0) & 0x7f, ssrc: packet.readUInt32BE(8), timestamp: packet.readUInt32BE(4), payload: packet.subarray(offset, packet.length - padding) };
}

export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | null {
  if (payload.length < 4) return null;
  return { event: payload[0] as number, end: ((payload[1] as number) & 0x80) !== 0, durationTs: payload.readUInt16BE(2) };
}

export interface RtpListener {
  port: number;
  /** RTP packets received so far. */
  packets(): number;
  /** Packets received per RTP source (SSRC), in the order the sources first appeared. */
  sources(): { ssrc: number; packets: number }[];
  /** The digits (0–9, *=10, #=11) of the telephone-events received with this payload type, one per event. */
  digits(payloadType: number): number[];
  close(): void;
}

/** A UDP port on 127.0.0.1 standing in for a far end's media: what reaches it is what the far end would hear. */
export function listenForRtp(): Promise<RtpListener> {
  const socket = createSocket('udp4');
  const packets: RtpPacket[] = [];
  socket.on('message', (msg) => {
    const rtp = parseRtp(msg);
    if (rtp !== null) packets.push(rtp);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () =>
      resolve({
        port: socket.address().port,
        packets: () => packets.length,
        sources() {
          const counts = new Map<number, number>();
          for (const p of packets) counts.set(p.ssrc, (counts.get(p.ssrc) ?? 0) + 1);
          return [...counts].map(([ssrc, n]) => ({ ssrc, packets: n }));
        },
        digits(payloadType) {
          // An event is sent many times while it lasts, every packet with the event's start timestamp: count it once.
          const out: number[] = [];
          const seen = new Set<number>();
          for (const p of packets) {
            const e = p.payloadType === payloadType ? parseTelephoneEvent(p.payload) : null;
            if (e === null || seen.has(p.timestamp)) continue;
            seen.add(p.timestamp);
            out.push(e.event);
          }
          return out;
        },
        close: () => socket.close(),
      }),
    );
  });
}
