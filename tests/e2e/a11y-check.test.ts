import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/a11y';
import { launchChromium } from '../support/browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(() => browser?.close());

describe('the accessibility check every screen test uses (axe-core in Chromium)', () => {
  it('names the serious problems of a page — an image without text, a nameless button, grey on grey — and passes a clean one after it', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(`<!doctype html><html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1>
        <img id="photo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <button id="nameless"></button>
        <p id="faint" style="color:#bbb;background:#ccc">Hard to read</p></main></body></html>`);
      const found = await seriousA11yViolations(page);
      expect(found).toEqual(expect.arrayContaining(['image-alt: #photo', 'button-name: #nameless', 'color-contrast: #faint']));
      await page.setContent('<!doctype html><html lang="en"><head><title>Good</title></head><body><main><h1>Good</h1><button>Save</button></main></body></html>');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
