// Secrets (SNMP communities, v3 keys, store passwords) live in environment variables or a secrets
// file, never in the config itself. A resolved secret is wrapped so that logging, JSON or string
// interpolation shows a mask instead of the value.
import { readFileSync, statSync } from 'node:fs';
import { inspect } from 'node:util';
import { parse } from 'yaml';
import type { Config, SecretRef } from './schema.ts';

const MASK = '********';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The only way to the value: call it where the value is handed to a protocol library. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return MASK;
  }
  [inspect.custom](): string {
    return MASK;
  }
}

export class Secrets {
  private constructor(
    private readonly fromFile: ReadonlyMap<string, string>,
    private readonly env: NodeJS.ProcessEnv,
    private readonly fileName?: string,
    /** What the operator should mend, though the secrets load: a file every user may read. */
    readonly warning?: string,
  ) {}

  static load(file: string | undefined, env: NodeJS.ProcessEnv): Secrets {
    if (!file) return new Secrets(new Map(), env);
    let text: string;
    let mode: number;
    try {
      // Anyone who could write it could point the collector's credentials elsewhere.
      mode = statSync(file).mode;
      if ((mode & 0o002) !== 0) throw new Error(`${file} may be written by every user of this machine; make it the service's own (chmod 600 ${file})`);
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new Error(`the secrets file ${file} does not exist`);
      if (code === 'EACCES') throw new Error(`the secrets file ${file} cannot be read by this user`);
      if (code === 'EISDIR') throw new Error(`the secrets file ${file} is a folder`);
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = parse(text, { maxAliasCount: 100 });
    } catch (err) {
      // The message of a YAML error can quote the file's text, so only its kind is passed on.
      throw new Error(`secrets file ${file}: cannot be read as YAML (${(err as Error).name})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`secrets file ${file}: expected a map of name: value pairs`);
    }
    const entries = Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const);
    // Read by every user, the SNMP communities and keys are anyone's on this machine: said, not refused,
    // since a file made with the usual umask is so, and the service should still start.
    const warning = (mode & 0o004) !== 0 ? `the secrets file ${file} may be read by every user of this machine; make it the service's own (chmod 600 ${file})` : undefined;
    return new Secrets(new Map(entries), env, file, warning);
  }

  /** Literal secrets for configs built in code (the demo, ad-hoc polls), with an environment for {env} references. */
  static literal(values: Record<string, string>, env: NodeJS.ProcessEnv = {}): Secrets {
    return new Secrets(new Map(Object.entries(values)), env, 'built-in');
  }

  /** Why `ref` cannot be resolved, or undefined when it can. */
  problem(ref: SecretRef): string | undefined {
    if ('env' in ref) return this.env[ref.env] === undefined ? `environment variable ${ref.env} is not set` : undefined;
    if (!this.fileName) return `refers to secret "${ref.secret}" but no secretsFile is configured`;
    return this.fromFile.has(ref.secret) ? undefined : `secret "${ref.secret}" is not in ${this.fileName}`;
  }

  resolve(ref: SecretRef): Secret {
    const problem = this.problem(ref);
    if (problem) throw new Error(problem);
    return new Secret('env' in ref ? (this.env[ref.env] as string) : (this.fromFile.get(ref.secret) as string));
  }
}

/** Every secret reference in a config, with its path, so that a missing one is reported where it stands. */
export function collectSecretRefs(config: Config): { path: (string | number)[]; ref: SecretRef }[] {
  const refs: { path: (string | number)[]; ref: SecretRef }[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...path, i]));
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (['community', 'authKey', 'privKey', 'password', 'token'].includes(key) && v && typeof v === 'object') {
        refs.push({ path: [...path, key], ref: v as SecretRef });
      } else if (key === 'headers' && v && typeof v === 'object') {
        // A webhook's headers: every value is a secret reference.
        for (const [name, ref] of Object.entries(v)) refs.push({ path: [...path, key, name], ref: ref as SecretRef });
      } else visit(v, [...path, key]);
    }
  };
  visit(config, []);
  return refs;
}
