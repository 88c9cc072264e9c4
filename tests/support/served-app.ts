import type { Page } from 'playwright';
import { WebSocket } from 'ws';
import type { Settings } from '../../shared/contract/schemas/settings';
import type { ResponseFrame } from '../../shared/contract/wire';
import { startHttpHost, type HttpHost } from '../../electron/server/http-host';
import type { SipProvisioning } from '../../electron/core/auth/sip-credentials';
import { productionRendererDist } from './renderer-build';
import { seededCore, type SeededCore } from './seeded-core';

export interface ServedApp {
  fx: SeededCore;
  host: HttpHost;
  /**
   * A contract client in Node acting as the given extension: a sign-in of its own (demo quick
   * start), or, given the agent's page, a second connection of that page's session (its token).
   */
  client(extension: string, page?: Page): Promise<{ call(method: string, params: unknown): Promise<ResponseFrame['result']>; close(): void }>;
  close(): Promise<void>;
}

/** The real host serving the renderer build over a freshly seeded core, in this process. */
export async function serveApp(customers = 500, settings?: Partial<Settings>, sipProvisioning?: SipProvisioning): Promise<ServedApp> {
  const staticDir = productionRendererDist();
  const fx = await seededCore(customers, Date.now, { settings, sipProvisioning });
  const host = await startHttpHost({ core: fx.core, staticDir });
  return {
    fx,
    host,
    async client(extension, page) {
      const ws = new WebSocket(`${host.url.replace('http', 'ws')}api`);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      let id = 0;
      const call = (method: string, params: unknown): Promise<ResponseFrame['result']> =>
        new Promise((resolve) => {
          const mine = ++id;
          const onMessage = (data: unknown): void => {
            const frame = JSON.parse(String(data)) as ResponseFrame;
            if (frame.id === mine) {
              ws.off('message', onMessage);
              resolve(frame.result);
            }
          };
          ws.on('message', onMessage);
          ws.send(JSON.stringify({ id: mine, method, params }));
        });
      const token = page === undefined ? null : await page.evaluate(() => sessionStorage.getItem('frontline.session'));
      const signIn = token === null ? await call('agent.signIn', { name: 'Test driver', extension }) : await call('agent.resume', { token });
      if (!signIn.ok) throw new Error(signIn.error.message);
      return { call, close: () => ws.close() };
    },
    async close() {
      await host.close();
      await fx.cleanup();
    },
  };
}
