// The Dockerfile and docker-compose.yml cannot be run here (no Docker engine), so what can go wrong
// in them is checked against what the tests run: the commands, the entry point, and that the image
// holds every folder the CLI imports.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Top-level folders of every project file reachable by relative imports from `entry`. */
function importedFolders(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // Static imports, and the dynamic ones by which the CLI loads each command.
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)'/g)) visit(resolve(dirname(file), m[1]!));
  };
  visit(join(ROOT, entry));
  return new Set([...seen].map((f) => relative(ROOT, f).split('/')[0]!).filter((top) => !top.endsWith('.ts')));
}

describe('deployment files', () => {
  const compose = parse(read('docker-compose.yml'));
  const dockerfile = read('Dockerfile');

  it('runs the commands the tests run', () => {
    expect(compose.services['kapasitet-web'].command).toEqual(['serve', '--no-collector', '--config', '/config/kapasitet.yaml']);
    expect(compose.services['kapasitet-collector'].command).toEqual(['collect', '--config', '/config/kapasitet.yaml', '--metrics-port', '9464']);
    // The launcher's shebang holds the Node options the benchmarks ran with; the image and npm start run the launcher.
    expect(read('bin/kapasitet.js').split('\n')[0]).toBe('#!/usr/bin/env -S node --openssl-legacy-provider --max-semi-space-size=4 --heap-growing-percent=50 --no-memory-reducer');
    expect(dockerfile).toContain('ENTRYPOINT ["bin/kapasitet.js"]');
    // The image's user cannot write dist/: the bundle the launcher runs is made at build, after the sources are in.
    const lastSourceCopied = Math.max(...[...dockerfile.matchAll(/^COPY (\w+) \.\/\1$/gm)].map((m) => m.index));
    expect(dockerfile.indexOf('RUN npm run build')).toBeGreaterThan(lastSourceCopied);
    expect(JSON.parse(read('package.json')).scripts.start).toBe('bin/kapasitet.js serve');
  });

  it('copies every folder the CLI imports into the image, and runs as a user without privileges', () => {
    const copied = new Set([...dockerfile.matchAll(/^COPY (\w+) \.\/\1$/gm)].map((m) => m[1]));
    const needed = importedFolders('cli/main.ts');
    expect(needed.size).toBeGreaterThan(5);
    for (const folder of needed) expect(copied, folder).toContain(folder);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('uses an InfluxDB 1.x image, the API line the tests run', () => {
    expect(compose.services.influxdb.image).toMatch(/^influxdb:1\./);
  });
});
