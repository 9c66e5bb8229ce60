// Options shared by the subcommands, and finding the config: --config, ./kapasitet.yaml, or the demo.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, type LoadedConfig } from '../config/load.ts';
import { Secrets } from '../config/secrets.ts';
import { DEMO_COMMUNITY_SECRET, demoConfig } from '../simulator/demo.ts';

export interface CliOptions {
  config?: string;
  port?: string;
  data?: string;
  speed?: string;
  interval?: string;
  seed?: string;
  format?: string;
  scenario?: string;
}

export type ConfigSource = (LoadedConfig & { demo: false }) | { demo: true; config: ReturnType<typeof demoConfig>; secrets: Secrets };

/** The user's config, or the demo municipality when there is none. Throws ConfigError for a bad file. */
export function findConfig(options: CliOptions): ConfigSource {
  const file = options.config ?? (existsSync('kapasitet.yaml') ? 'kapasitet.yaml' : undefined);
  if (file) {
    const loaded = loadConfigFile(file);
    for (const warning of loaded.warnings) console.error(`kapasitet: warning: ${warning}`);
    return { ...loaded, demo: false };
  }
  const config = demoConfig();
  config.store = { kind: 'embedded', path: join(options.data ?? 'data', 'demo.sqlite') };
  config.collector.spoolPath = join(options.data ?? 'data', 'demo-spool.jsonl');
  config.alerts.statePath = join(options.data ?? 'data', 'demo-alerts.sqlite');
  config.access.preferencesPath = join(options.data ?? 'data', 'demo-preferences.sqlite');
  return { demo: true, config, secrets: Secrets.literal({}) };
}

export function demoSecrets(community: string): Secrets {
  return Secrets.literal({ [DEMO_COMMUNITY_SECRET]: community });
}

export function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new ConfigError('command line', [{ path: `--${name}`, message: `expected a number, got "${value}"` }]);
  return n;
}

/** Prints a config error the way `check` does and gives its exit code. */
export function reportConfigError(err: unknown): number {
  if (err instanceof ConfigError) {
    console.error(err.message);
    return 2;
  }
  if (err instanceof Error && /cannot be scheduled evenly/.test(err.message)) {
    console.error(`--interval: ${err.message}`);
    return 2;
  }
  throw err;
}

/** Resolves with the signal's name when the user presses Ctrl-C or a service manager sends SIGTERM. */
export function untilStopped(): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
