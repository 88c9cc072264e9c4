import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright';

/** Accessibility problems axe rates serious or critical, as "rule: target" strings. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  if (result.passes.length === 0) throw new Error('axe checked nothing on this page');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
