import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';

/** Chromium trace categories: main-thread tasks, style, layout, paint and the page's own Performance measures. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'toplevel'];

/**
 * What a browser bench records of a page over one batch, when asked:
 * - FRONTLINE_BENCH_PROFILE=DIR: the page's CPU profile (Chrome DevTools protocol, sampled every
 *   200 µs) as DIR/<name>.cpuprofile, for DevTools or a summary script;
 * - FRONTLINE_BENCH_TRACE=DIR: a Chromium trace of the page (tasks, style, layout, paint, the
 *   Performance measures) as DIR/<name>.trace.json, for chrome://tracing, Perfetto or a script.
 * Neither is on by default: both cost the page CPU, so figures from a recorded batch are not the bench's figures.
 */
export async function recordPage(browser: Browser, page: Page, name: string): Promise<{ stop(): Promise<void> }> {
  const profileDir = process.env.FRONTLINE_BENCH_PROFILE ?? '';
  const traceDir = process.env.FRONTLINE_BENCH_TRACE ?? '';
  const cdp = profileDir === '' ? null : await page.context().newCDPSession(page);
  if (cdp !== null) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const tracePath = traceDir === '' ? null : join(traceDir, `${name}.trace.json`);
  if (tracePath !== null) {
    mkdirSync(traceDir, { recursive: true });
    await browser.startTracing(page, { path: tracePath, categories: TRACE_CATEGORIES });
  }
  return {
    async stop() {
      if (cdp !== null) {
        const { profile } = await cdp.send('Profiler.stop');
        mkdirSync(profileDir, { recursive: true });
        const file = join(profileDir, `${name}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        console.log(`page CPU profile over the ${name} batch: ${file}`);
        await cdp.detach();
      }
      if (tracePath !== null) {
        await browser.stopTracing();
        console.log(`page trace over the ${name} batch: ${tracePath}`);
      }
    },
  };
}
