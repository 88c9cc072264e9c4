import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright';

/** One look at the page and the browser's processes during a long run. */
export interface PageSample {
  atMs: number;
  /** The page's JS heap in use (performance.memory), MB; null when the page did not answer. */
  heapMb: number | null;
  domNodes: number | null;
  /** Resident memory of every Chromium process under this one, MB. */
  chromiumRssMb: number;
}

/** Every process below `root` (by /proc's PPid), with its resident memory. */
function descendantsRssMb(root: number): number {
  const parentOf = new Map<number, number>();
  const rssOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      parentOf.set(Number(name), Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0));
      rssOf.set(Number(name), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // gone meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) if (p === root) return true;
    return false;
  };
  let kb = 0;
  for (const [pid, rss] of rssOf) if (below(pid)) kb += rss;
  return kb / 1024;
}

/**
 * Watches a page through a long batch: why it went away (renderer crash, page closed, browser
 * gone, with the browser's last stderr lines) and how its memory moved. A benchmark that loses its
 * page then says why instead of "Target page, context or browser has been closed".
 */
export class PageWatch {
  readonly samples: PageSample[] = [];
  readonly events: string[] = [];
  private readonly started = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly page: Page,
    browser: Browser,
    private readonly browserLog: () => string[],
    everyMs = 10_000,
  ) {
    const at = (): string => `${((Date.now() - this.started) / 1000).toFixed(1)} s`;
    page.on('crash', () => this.events.push(`${at()}: the page's renderer crashed`));
    page.on('close', () => this.events.push(`${at()}: the page closed`));
    page.on('pageerror', (error) => this.events.push(`${at()}: page error ${error.message.slice(0, 200)}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.events.push(`${at()}: console error ${m.text().slice(0, 200)}`);
    });
    browser.on('disconnected', () => this.events.push(`${at()}: the browser disconnected`));
    this.timer = setInterval(() => void this.sample(), everyMs);
  }

  async sample(): Promise<PageSample> {
    const inPage = await this.page
      .evaluate(() => ({
        heap: (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
        nodes: document.getElementsByTagName('*').length,
      }))
      .catch(() => null);
    const s: PageSample = {
      atMs: Date.now() - this.started,
      heapMb: inPage === null ? null : inPage.heap / 1e6,
      domNodes: inPage?.nodes ?? null,
      chromiumRssMb: descendantsRssMb(process.pid),
    };
    this.samples.push(s);
    if (process.env.FRONTLINE_BENCH_WATCH !== undefined) {
      console.log(`  watch ${(s.atMs / 1000).toFixed(0)} s: heap ${s.heapMb?.toFixed(1) ?? '?'} MB, ${s.domNodes ?? '?'} nodes, Chromium RSS ${s.chromiumRssMb.toFixed(0)} MB`);
    }
    return s;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** What happened, and the memory at the first and last look. */
  report(label: string): string {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    const fmt = (s: PageSample | undefined): string =>
      s === undefined ? '-' : `heap ${s.heapMb?.toFixed(1) ?? '?'} MB, ${s.domNodes ?? '?'} DOM nodes, Chromium RSS ${s.chromiumRssMb.toFixed(0)} MB`;
    const lines = [`${label}: first look ${fmt(first)}; last ${fmt(last)}`];
    if (this.events.length > 0) lines.push(...this.events.slice(0, 20).map((e) => `  ${e}`));
    if (this.events.some((e) => /crashed|closed|disconnected/.test(e))) lines.push('  browser stderr (last lines):', ...this.browserLog().slice(-30).map((l) => `    ${l}`));
    return lines.join('\n');
  }
}
