import axe from 'axe-core';
import type { Page } from 'playwright';

type AxeWindow = Window & { axe?: typeof axe };

/**
 * Accessibility problems axe rates serious or critical, as "rule: target" strings.
 *
 * axe-core runs straight in the page (injected once per document), asked for violations only.
 * @axe-core/playwright's analyze() took 4–20 times as long for the same result here: it opens a
 * blank page for every check to merge per-frame results (the app has no frames) and sends every
 * passing node back — 54 checks made the locale suite the slowest file in CI.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Every accessibility problem axe finds on the page, whatever its impact. */
export async function axeViolations(page: Page): Promise<axe.Result[]> {
  if (page.frames().length > 1) throw new Error('the page has frames: check each (axe-core runs in the main document only here)');
  if (!(await page.evaluate(() => (window as AxeWindow).axe !== undefined))) await page.evaluate(axe.source);
  const result = await page.evaluate(() => {
    const injected = (window as AxeWindow).axe;
    if (injected === undefined) throw new Error('axe-core is not in the page');
    return injected.run(document, { resultTypes: ['violations'] });
  });
  if (result.passes.length === 0) throw new Error('axe checked nothing on this page');
  return result.violations;
}
