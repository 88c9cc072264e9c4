import type { Browser, Page } from 'playwright';
import { openAgentPage } from './agent-page';
import { launchChromium } from './browser';
import type { Settings } from '../../shared/contract/schemas/settings';
import { serveApp, type ServedApp } from './served-app';

export interface DemoDesk {
  app: ServedApp;
  browser: Browser;
  page: Page;
  /** A contract client on the agent's own session (rings the demo line, reads what the page cannot). */
  driver: Awaited<ReturnType<ServedApp['client']>>;
  close(): Promise<void>;
}

/** The real server with a demo CRM, and one agent's desk in Chromium, signed in and Available. */
export async function openDemoDesk(customers: number, agent: { name: string; extension: string }, settings?: Partial<Settings>): Promise<DemoDesk> {
  const app = await serveApp(customers, settings);
  const browser = await launchChromium();
  const page = await openAgentPage(browser, app.host.url, agent);
  const driver = await app.client(agent.extension, page);
  await page.getByRole('button', { name: 'Available' }).click();
  await page.getByTestId('agent-state').getByText('Available').waitFor();
  return {
    app,
    browser,
    page,
    driver,
    async close() {
      driver.close();
      await browser.close();
      await app.close();
    },
  };
}

/** Log the open wrap-up with the keyboard: the first disposition, resolved yes, submit. */
export async function submitWrapUpByKeys(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: /Wrap-up/ });
  await page.keyboard.press('1');
  await page.keyboard.press('Y');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('S');
  await form.waitFor({ state: 'detached' });
}
