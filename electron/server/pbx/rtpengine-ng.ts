import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { bdecode, bencode, type Bencoded } from './bencode';

/** rtpengine's ng control protocol over UDP: `<cookie> <bencoded dict>`, answered with the same cookie. */
export interface NgClient {
  /** Sends one command; resolves with rtpengine's reply, rejects on an error result or no reply within the timeout. */
  command(name: string, fields: Record<string, Bencoded>): Promise<Record<string, Bencoded>>;
  close(): void;
}

export interface NgClientOptions {
  host: string;
  port: number;
  timeoutMs?: number;
}

export function createNgClient(options: NgClientOptions): NgClient {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const socket: Socket = createSocket('udp4');
  socket.unref();
  const pending = new Map<string, { resolve: (v: Record<string, Bencoded>) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  socket.on('message', (msg) => {
    const space = msg.indexOf(0x20);
    if (space <= 0) return;
    const cookie = msg.subarray(0, space).toString('latin1');
    const waiter = pending.get(cookie);
    if (waiter === undefined) return;
    pending.delete(cookie);
    clearTimeout(waiter.timer);
    try {
      const reply = bdecode(msg.subarray(space + 1));
      if (typeof reply !== 'object' || Array.isArray(reply)) throw new Error('rtpengine: the reply is not a dictionary');
      if (reply.result === 'error') throw new Error(`rtpengine: ${String(reply['error-reason'] ?? 'error')}`);
      waiter.resolve(reply);
    } catch (error) {
      waiter.reject(error as Error);
    }
  });
  // A send error (e.g. ICMP port unreachable reported late) fails nothing by itself: the timeout does.
  socket.on('error', () => undefined);
  return {
    command(name, fields) {
      // rtpengine caches replies by cookie: never reuse one.
      const cookie = randomBytes(8).toString('hex');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(cookie);
          reject(new Error(`rtpengine: no reply to "${name}" within ${timeoutMs} ms from ${options.host}:${options.port}`));
        }, timeoutMs);
        pending.set(cookie, { resolve, reject, timer });
        socket.send(Buffer.concat([Buffer.from(`${cookie} `), bencode({ ...fields, command: name })]), options.port, options.host);
      });
    },
    close() {
      for (const [cookie, waiter] of pending) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('rtpengine: client closed'));
        pending.delete(cookie);
      }
      socket.close();
    },
  };
}
