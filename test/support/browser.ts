// Debian's Chromium, driven by playwright-core: headless, no sandbox (CI runs as root), and no
// traffic of its own to anywhere but the pages under test.
import { chromium, type Browser } from 'playwright-core';

export const ARTIFACTS = 'test-artifacts';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
