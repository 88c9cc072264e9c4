import type { ApiClient } from '../../platform/api-client';

/**
 * The server's time as seen from here: call times must be comparable across agents' machines,
 * whose clocks drift. The offset is measured at each connect, halfway through the ping.
 */
export function createServerClock(api: ApiClient) {
  let offset = 0;
  async function measure(): Promise<void> {
    const sent = Date.now();
    const r = await api.call('system.ping', {});
    const received = Date.now();
    if (r.ok) offset = r.value.serverTime - Math.round((sent + received) / 2);
  }
  const off = api.transport.onConnectionState((c) => {
    if (c === 'open') void measure();
  });
  void measure();
  return {
    now: (): number => Date.now() + offset,
    stop: off,
  };
}
