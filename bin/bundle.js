// Bundles the CLI's TypeScript into JavaScript with esbuild (the compiler tsx itself runs), in
// dist/<stamp>/ where the stamp is the newest source file's time: bin/kapasitet.js runs main.js from
// there, and `npm run build` (the image's build) makes it ahead. The packages stay outside; each
// command is a chunk of its own, so `collect` loads neither the API's packages nor the plan's.
import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** Folders at the root that hold no part of the CLI. */
const NOT_SOURCE = new Set(['node_modules', 'dist', 'test', 'bench', 'data', 'docs', 'web', 'test-artifacts', 'scratch']);
/** A build other than the newest is removed once it is this old: a CLI that started from it has loaded its chunks by then. */
const STALE_MS = 60_000;

/** The newest modification time of the TypeScript under `dir`, in whole ms. */
function newestSource(dir, top = true) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || (top && NOT_SOURCE.has(entry.name))) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path, false));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, Math.floor(statSync(path).mtimeMs));
  }
  return newest;
}

/**
 * The entry of the build of today's sources, made first if there is none; undefined where dist/
 * cannot be written (an installation whose files belong to another user), so the caller runs the
 * TypeScript. A build is made under a name of its own and renamed into place, so a CLI started
 * meanwhile never reads half of one. A compile error is thrown as esbuild reports it.
 */
export function bundle() {
  const dir = join(DIST, String(newestSource(ROOT)));
  const entry = join(dir, 'main.js');
  if (existsSync(entry)) return entry;
  const partial = `${dir}.${process.pid}`;
  try {
    mkdirSync(DIST, { recursive: true });
    buildSync({ entryPoints: [join(ROOT, 'cli', 'main.ts')], outdir: partial, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
    try {
      renameSync(partial, dir);
    } catch (err) {
      // Another CLI made the same build first.
      if (!existsSync(entry)) throw err;
      rmSync(partial, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    if (['EACCES', 'EPERM', 'EROFS'].includes(err?.code)) return undefined;
    throw err;
  }
  for (const other of readdirSync(DIST)) {
    const path = join(DIST, other);
    if (path !== dir && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
  return entry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`built ${bundle()}`);
