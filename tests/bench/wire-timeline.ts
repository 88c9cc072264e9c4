import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import type { Core } from '../../electron/core/create-core';

/**
 * FRONTLINE_BENCH_WIRE=DIR: both ends of every message around each pop, on one clock (epoch ms).
 * - the page: a mark when each WebSocket message (Frontline's API and SIP) is handed to the page
 *   and when one is sent, named `wire:api<method|event` / `wire:sip<INVITE` / `wire:sip>180 INVITE`;
 * - the server: when the core got each request and answered it, and when it pushed each event.
 * Written as DIR/<name>.wire.json beside the page's pop measures, for a script to line up per call.
 * Off by default (a mark a message costs the page a little).
 */
export function wireDir(): string | null {
  const dir = process.env.FRONTLINE_BENCH_WIRE ?? '';
  return dir === '' ? null : dir;
}

interface ServerEntry {
  at: number;
  kind: 'in' | 'out' | 'push';
  name: string;
}

/** The core as the host sees it, with every request, answer and push written down (epoch ms). */
export function recordingCore(core: Core): { core: Core; entries: ServerEntry[] } {
  const entries: ServerEntry[] = [];
  const clock = (): number => performance.timeOrigin + performance.now();
  const dispatch: Core['dispatch'] = async (method, params, ctx) => {
    entries.push({ at: clock(), kind: 'in', name: method });
    const result = await core.dispatch(method, params, ctx);
    entries.push({ at: clock(), kind: 'out', name: method });
    return result;
  };
  const subscribe: Core['subscribe'] = (ctx, listener) =>
    core.subscribe(ctx, (event, payload) => {
      entries.push({ at: clock(), kind: 'push', name: event });
      listener(event, payload);
    });
  const traced = new Proxy(core, { get: (target, key, receiver) => (key === 'dispatch' ? dispatch : key === 'subscribe' ? subscribe : Reflect.get(target, key, receiver)) });
  return { core: traced, entries };
}

/**
 * Marks every WebSocket message in the pages of a context (installed before the app's scripts).
 * A string, not a function: tsx compiles functions with helpers (`__name`) the page does not have.
 */
const MARK_WIRE = String.raw`(() => {
  const Native = window.WebSocket;
  const methods = new Map();
  const label = (data, out) => {
    if (typeof data !== 'string') return 'bin';
    if (data.startsWith('{')) {
      const method = /"method":"([^"]+)"/.exec(data)?.[1];
      const id = /^\{"id":(\d+)/.exec(data)?.[1];
      if (out) {
        if (id !== undefined && method !== undefined) methods.set(id, method);
        return 'api>' + (method ?? '?');
      }
      const event = /^\{"event":"([^"]+)"/.exec(data)?.[1];
      if (event !== undefined) return 'api<' + event;
      const name = id === undefined ? '?' : (methods.get(id) ?? '?');
      if (id !== undefined) methods.delete(id);
      return 'api<' + name;
    }
    const first = data.slice(0, Math.max(0, data.indexOf('\r\n')));
    const cseq = /\r\nCSeq:\s*\d+\s+(\w+)/i.exec(data)?.[1] ?? '';
    return 'sip' + (out ? '>' : '<') + (first.startsWith('SIP/2.0') ? first.slice(8, 11) + ' ' + cseq : first.split(' ')[0]);
  };
  class Marked extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => performance.mark('wire:' + label(e.data, false)));
    }
    send(data) {
      performance.mark('wire:' + label(data, true));
      super.send(data);
    }
  }
  window.WebSocket = Marked;
})();`;

export async function markWire(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: MARK_WIRE });
}

/** The page's marks and measures (epoch ms) and the server's entries, written for one batch. */
export async function writeWire(dir: string, name: string, page: Page, server: ServerEntry[]): Promise<void> {
  // A string, as MARK_WIRE: a function compiled by tsx carries helpers the page does not have.
  const pageSide = (await page.evaluate(`(() => {
    const origin = performance.timeOrigin;
    const pick = (type, prefix) => performance.getEntriesByType(type).filter((e) => e.name.startsWith(prefix))
      .map((e) => ({ name: e.name, start: origin + e.startTime, end: origin + e.startTime + e.duration }));
    return { wire: pick('mark', 'wire:'), measures: [...pick('measure', 'pop-'), ...pick('measure', 'invite-frame:')] };
  })()`)) as unknown;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.wire.json`);
  writeFileSync(file, JSON.stringify({ page: pageSide, server }));
  console.log(`wire timeline of the ${name} batch: ${file}`);
}
