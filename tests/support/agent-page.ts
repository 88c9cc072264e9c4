import type { Browser, BrowserContext, Page } from 'playwright';

export interface PhoneSettingsForPage {
  server: string;
  domain: string;
  username: string;
  password: string;
  autoAnswer?: boolean;
  trustedPbx?: boolean;
}

/**
 * A fresh browser context on the app, signed in as an agent. With phone settings the softphone
 * registers to that PBX (set before the app starts, as a saved configuration would be); without,
 * it uses the demo line. `prepare` runs on the context before the app loads (a bench's init scripts).
 * Waits until the phone is registered.
 */
export async function openAgentPage(
  browser: Browser,
  url: string,
  agent: { name: string; extension: string },
  phone?: PhoneSettingsForPage,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await prepare?.(context);
  if (phone !== undefined) {
    await context.addInitScript((config) => localStorage.setItem('frontline.phone', JSON.stringify(config)), phone);
  }
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Your name').fill(agent.name);
  await page.getByLabel('Extension', { exact: true }).fill(agent.extension);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Phone: registered').waitFor({ timeout: 15_000 });
  return page;
}

/** Durations of the page's Performance measures whose names start with a prefix, in order. */
export function measures(page: Page, prefix: string): Promise<number[]> {
  return page.evaluate((p) => performance.getEntriesByType('measure').filter((m) => m.name.startsWith(p)).map((m) => m.duration), prefix);
}
