import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';

/** Debian's Chromium: Playwright cannot download its own browser here (see SIP-LAB.md). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Headless Debian Chromium; `onBrowserOutput` gets the browser's own stdout/stderr lines (crash reasons land there). */
export function launchChromium(options: { onBrowserOutput?: (line: string) => void } = {}): Promise<Browser> {
  const sink = options.onBrowserOutput;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    ...(sink === undefined ? {} : { logger: { isEnabled: (name: string) => name === 'browser', log: (_name: string, _severity: string, message: string | Error) => sink(String(message)) } }),
  });
}
