// Debian's Chromium, driven by playwright-core: headless, no sandbox (CI runs as root), and no
// traffic of its own to anywhere but the pages under test.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { demoSecrets } from '../../cli/options.ts';
import { startServer, type RunningServer } from '../../cli/server.ts';
import type { Config } from '../../config/schema.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { startSimulator } from '../../simulator/index.ts';

export const ARTIFACTS = 'test-artifacts';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The demo served from a folder of its own, with Chromium to read it; `stop` ends both and removes the folder. */
export async function demoInBrowser(options: { seed: number; historyDays: number; configure?: (config: Config) => void }): Promise<{ server: RunningServer; browser: Browser; stop(): Promise<void> }> {
  const data = mkdtempSync(join(tmpdir(), 'kapasitet-web-'));
  const config = demoConfig();
  config.store = { kind: 'embedded', path: join(data, 'store.sqlite') };
  config.collector.spoolPath = join(data, 'spool.jsonl');
  config.alerts.statePath = join(data, 'alerts.sqlite');
  config.access.preferencesPath = join(data, 'preferences.sqlite');
  config.server.port = 0;
  options.configure?.(config);
  const simulator = await startSimulator(config, { seed: options.seed });
  const server = await startServer({ config: simulator.config, secrets: demoSecrets(simulator.community), simulator, intervalSeconds: 2, historyDays: options.historyDays, log: () => {} });
  const browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    server,
    browser,
    stop: async () => {
      await browser.close();
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
