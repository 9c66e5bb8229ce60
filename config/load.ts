// Reads the YAML config file, validates it against the schema and checks that every secret it
// references can be resolved. Errors name the path in the file and, where the YAML knows it, the line.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap } from 'yaml';
import { configJsonSchema } from './json-schema.ts';
import { configWarnings } from './warnings.ts';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.ts';
import { Secrets, collectSecretRefs } from './secrets.ts';

export interface ConfigIssue {
  path: string;
  message: string;
  line?: number;
  /** The line of the file, and where on it, for a syntax error: shown under the message. */
  source?: { text: string; column: number };
}

/** Errors listed at most: past these a file is not the config it was meant to be, and the rest are counted. */
const MAX_LISTED = 50;
/** Characters of one error's message at most: a YAML error can quote a whole line of the file. */
const MAX_MESSAGE = 200;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    const listed = issues.slice(0, MAX_LISTED).map((i) => `  ${formatIssue(i)}`);
    if (issues.length > MAX_LISTED) listed.push(`  … and ${issues.length - MAX_LISTED} more`);
    super(`${file}: ${issues.length} error(s)\n${listed.join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line ? ` (line ${issue.line}${issue.source ? `, column ${issue.source.column}` : ''})` : '';
  const message = issue.message.length > MAX_MESSAGE ? `${issue.message.slice(0, MAX_MESSAGE)}…` : issue.message;
  const shown = issue.source ? `\n      ${issue.source.text.slice(0, MAX_MESSAGE)}\n      ${' '.repeat(Math.min(issue.source.column - 1, MAX_MESSAGE))}^` : '';
  return `${issue.path || '(top level)'}${where}: ${message}${shown}`;
}

/** A config larger than this is not one: a national operator's 5,000 schools take a few MB. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** `schools[2].buildings[0].devices[3].snmp.port`: the way a person reads a path in a YAML file. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export interface LoadedConfig {
  config: Config;
  secrets: Secrets;
  file: string;
  /** What loads but should be mended, each a sentence naming the file. */
  warnings: string[];
}

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new ConfigError(file, [{ path: '', message: `the file is ${Math.round(size / 2 ** 20)} MB; a config is at most ${MAX_CONFIG_BYTES / 2 ** 20} MB: is this the config?` }]);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parseConfigText(textOf(bytes, file), file, env);
}

/** The file as UTF-8 text; a file that is not (a binary, another encoding) is one error, not thousands. */
function textOf(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Decoded again leniently, the first replacement character is where it went wrong.
    const text = new TextDecoder('utf-8').decode(bytes);
    const before = text.slice(0, text.indexOf('\uFFFD'));
    const line = before.split('\n').length;
    throw new ConfigError(file, [{ path: '', line, message: `the file is not UTF-8 text (at character ${before.length - before.lastIndexOf('\n')} of this line): is this the config? Save it as UTF-8` }]);
  }
}

/** Aliases a config may use: enough for shared SNMP settings, far from an alias bomb's millions. */
const MAX_ALIASES = 1000;

export function parseConfigText(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    // One mistake (a tab, an indentation) makes the parser report many: the first is the one to fix.
    const first = doc.errors[0]!;
    const { line, col } = lines.linePos(first.pos[0]);
    const shown = textLine(text, lines, line);
    const tab = shown.includes('\t') && !/tab/i.test(first.message) ? ' (a tab: YAML indents with spaces)' : '';
    const said = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(file, [{ path: '', message: `YAML: ${said}${tab}`, line, source: { text: shown, column: col } }]);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // An alias bomb ("billion laughs") expands to more than any config: refused before it is built.
    if (err instanceof ReferenceError) throw new ConfigError(file, [{ path: '', message: `YAML: more than ${MAX_ALIASES} uses of aliases (*name); write the values out` }]);
    throw err;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(file, parsed.error.issues.map((issue, i) => toConfigIssue(issue, doc, lines, i < MAX_LISTED)));
  }
  const config = relativeToFile(parsed.data, dirname(file));
  const secretsFile = config.secretsFile ? resolve(dirname(file), config.secretsFile) : undefined;
  let secrets: Secrets;
  try {
    secrets = Secrets.load(secretsFile, env);
  } catch (err) {
    throw new ConfigError(file, [{ path: 'secretsFile', message: (err as Error).message, line: lineOf(doc, lines, ['secretsFile']) }]);
  }
  const missing = collectSecretRefs(config).flatMap(({ path, ref }) => {
    const problem = secrets.problem(ref);
    return problem ? [{ path: formatPath(path), message: problem, line: lineOf(doc, lines, path) }] : [];
  });
  if (missing.length > 0) throw new ConfigError(file, missing);
  return { config, secrets, file, warnings: [...(secrets.warning ? [secrets.warning] : []), ...configWarnings(config)] };
}

/**
 * The files the config names (the store, the spool, alert state, preferences) as paths from the
 * config file's folder, as the secrets file is: the same config works from any working directory.
 */
function relativeToFile(config: Config, folder: string): Config {
  const at = (path: string) => (path === ':memory:' ? path : resolve(folder, path));
  return {
    ...config,
    store: config.store.kind === 'embedded' ? { ...config.store, path: at(config.store.path) } : config.store,
    collector: { ...config.collector, spoolPath: at(config.collector.spoolPath) },
    alerts: { ...config.alerts, statePath: at(config.alerts.statePath) },
    access: { ...config.access, preferencesPath: at(config.access.preferencesPath) },
  };
}

/** The text of line `line` (1-based) of the file. */
function textLine(text: string, lines: LineCounter, line: number): string {
  const start = lines.lineStarts[line - 1] ?? 0;
  const end = lines.lineStarts[line] ?? text.length;
  return text.slice(start, end).replace(/\r?\n$/, '');
}

/** `listed`: the issue is one of those shown, so it is worth a did-you-mean (a garbled file has thousands). */
function toConfigIssue(issue: z.core.$ZodIssue, doc: ReturnType<typeof parseDocument>, lines: LineCounter, listed: boolean): ConfigIssue {
  const path = issue.path as PropertyKey[];
  let message = issue.message;
  const got = describeReceived(doc, path);
  // The schema library's own words ("Too small: expected array to have >=2 items") said as a person would.
  if (issue.code === 'invalid_type') message = `expected ${issue.expected}${got}${rangeHint(doc.getIn(path as unknown[]))}`;
  else if (issue.code === 'unrecognized_keys') message = `unknown key(s): ${issue.keys.map((k, i) => (listed && i < SUGGESTED_KEYS ? `${k}${didYouMean(k)}` : k)).join(', ')}`;
  else if (issue.code === 'invalid_value') message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
  else if ((issue.code === 'too_small' || issue.code === 'too_big') && !hasCustomMessage(issue)) message = `${boundText(issue)}${got}`;
  return { path: formatPath(path), message, line: lineOf(doc, lines, path) };
}

/** Every key the config's schema names anywhere: what a misspelt key is compared with. */
let knownKeys: string[] | undefined;
function keysOf(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) keysOf(n, into);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) into.add(name);
      keysOf(v, into);
    }
  }
  return into;
}

/** Unknown keys of one object given a suggestion; a key longer than any the schema has gets none. */
const SUGGESTED_KEYS = 10;
const LONGEST_KEY = 40;

/** " (did you mean capacityMbps?)" for a key within two edits of one the schema knows, else nothing. */
function didYouMean(key: string): string {
  if (key.length > LONGEST_KEY) return '';
  knownKeys ??= [...keysOf(configJsonSchema(), new Set())];
  let best: { name: string; distance: number } | undefined;
  for (const name of knownKeys) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && distance < key.length && (!best || distance < best.distance)) best = { name, distance };
  }
  return best ? ` (did you mean ${best.name}?)` : '';
}

/** Levenshtein distance: the insertions, deletions and substitutions between two words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** A refinement's or schema's own message is kept; only the library's defaults are reworded. */
const hasCustomMessage = (issue: z.core.$ZodIssue) => !/^Too (small|big)/.test(issue.message);

function boundText(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const word = small ? (issue.inclusive === false ? 'more than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
  if (issue.origin === 'array' || issue.origin === 'set') return `expected ${word} ${limit} item${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `expected ${word} ${limit} character${limit === 1 ? '' : 's'}`;
  return `expected ${word} ${limit}`;
}

function describeReceived(doc: ReturnType<typeof parseDocument>, path: PropertyKey[]): string {
  const value = doc.getIn(path as unknown[]);
  if (value === undefined) return ', but it is missing';
  return `, got ${JSON.stringify(value)?.slice(0, 40) ?? typeof value}`;
}

/** "5-7" where one number was expected: a range written as YAML does not read it, and how to write it. */
function rangeHint(value: unknown): string {
  const range = typeof value === 'string' ? /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(value) : null;
  if (!range) return '';
  const [from, to] = [Number(range[1]), Number(range[2])];
  const each = to > from && to - from < 20 ? Array.from({ length: to - from + 1 }, (_, i) => from + i).join(', ') : `${from}, …, ${to}`;
  return ` (a range? list each number: [${each}])`;
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range && (depth > 0 || isMap(node))) {
      return lines.linePos(node.range[0]).line;
    }
  }
  return undefined;
}
