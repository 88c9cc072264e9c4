import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailioRouter, type KamailioRouter } from '../../electron/server/pbx/kamailio-router';
import { netstring } from '../../electron/server/pbx/netstring';
import { seededCore, supervisorContext, type SeededCore } from '../support/seeded-core';

/**
 * Kamailio 5.6's evapi writes to Frontline with Nagle on (it never sets TCP_NODELAY): an ask written while
 * an earlier message is unacknowledged waits for the ACK. The router answers every chunk at once with a
 * byte evapi skips (whitespace between netstrings), so a report that gets no answer is acknowledged now,
 * not by the delayed-ACK timer, and the next caller's ask is not held behind it.
 */
let fx: SeededCore;
let server: Server;
let router: KamailioRouter;
let kamailio: Socket;
let received = '';

/** What evapi's reader makes of the stream: whitespace between frames skipped, then netstrings. */
function framesOf(stream: string): { frames: string[]; whitespace: number } {
  const frames: string[] = [];
  let whitespace = 0;
  let at = 0;
  while (at < stream.length) {
    if (/[ \t\r\n]/.test(stream[at] as string)) {
      whitespace++;
      at++;
      continue;
    }
    const colon = stream.indexOf(':', at);
    const length = Number(stream.slice(at, colon));
    if (colon === -1 || !Number.isInteger(length) || stream.length < colon + 2 + length) break;
    expect(stream[colon + 1 + length]).toBe(',');
    frames.push(stream.slice(colon + 1, colon + 1 + length));
    at = colon + 2 + length;
  }
  return { frames, whitespace };
}

async function until<T>(check: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen; received ${JSON.stringify(received)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the PBX adapter on an evapi connection', () => {
  beforeAll(async () => {
    fx = await seededCore(20);
    const supervisor = await supervisorContext(fx.core);
    const created = await fx.core.dispatch('pbx.createCredential', { label: 'Kamailio' }, supervisor);
    if (!created.ok) throw new Error(created.error.message);
    const connected = new Promise<Socket>((resolve) => {
      server = createServer((s) => {
        s.on('data', (d: Buffer) => (received += d.toString('utf8')));
        resolve(s);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    router = await startKamailioRouter({ core: fx.core, host: '127.0.0.1', port, token: (created.value as { token: string }).token, reconnectMs: 50 });
    kamailio = await connected;
  });
  afterAll(async () => {
    await router.stop();
    await new Promise((r) => server.close(r));
    await fx.cleanup();
  });

  it('acknowledges a report it has no answer for with one byte evapi skips, at once', async () => {
    received = '';
    kamailio.write(netstring(JSON.stringify({ event: 'report', callId: 'nobody@pbx', decisionId: null, what: 'caller-gone' })));
    await until(() => (received.length > 0 ? received : undefined), 'an acknowledgement');
    expect(framesOf(received)).toEqual({ frames: [], whitespace: 1 });
  });

  it('still answers an ask with one whole decision that evapi reads past the acknowledgement', async () => {
    received = '';
    const ask = { event: 'ask', tindex: 7, tlabel: 42, ask: { callId: 'ack-1@pbx', cseq: '1', number: '+442079460958', display: 'Olivia', queue: 'Billing' } };
    kamailio.write(netstring(JSON.stringify(ask)));
    const { frames, whitespace } = await until(() => {
      const parsed = framesOf(received);
      return parsed.frames.length > 0 ? parsed : undefined;
    }, 'a decision');
    expect(whitespace).toBe(1);
    expect(received.startsWith('\n')).toBe(true);
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0] as string)).toMatchObject({ tindex: 7, tlabel: 42 });
  });
});
