#!/usr/bin/env -S node --openssl-legacy-provider --max-semi-space-size=4 --heap-growing-percent=50 --no-memory-reducer
// The Node options of every command, here only (npm start and the image run this file):
// - the legacy provider holds single DES, which old SNMPv3 devices still use for privacy;
// - a young generation of 4 MB a half instead of up to 16, and a major collection once the heap has
//   grown by half (V8 lets it grow up to fourfold), keep a collector polling 2,000 switches in 5 s
//   under 300 MB resident: 286 MB, against 306-353 MB without the second, for no measurable CPU
//   (BENCHMARKS.md, issue 19, goal 8);
// - no memory reducer: V8 shrinks the heap once a poll cycle's allocation stops with a collection of
//   the whole heap, a third of the collector's CPU at 50 switches (0.72 and 0.75 CPU s for five
//   cycles without it, 0.89 and 1.21 with its single collection); since the CLI runs from its bundle
//   (below), 2,000 switches stay under 300 MB without it, if narrowly: 285, 291 and 298 MB (275
//   and 286 MB with it) (BENCHMARKS.md, goals 7 and 8).
// The CLI runs from dist/, its TypeScript bundled by bin/bundle.js whenever a source file is newer
// than the last build (about 0.2 s). Run through tsx's loader instead, the TypeScript kept a second
// JavaScript engine and esbuild in the process for its whole life: 92 MB resident at rest against
// 41 MB for Node alone; the collector's peak at 2,000 switches fell from 292-295 to 275-286 MB with
// the bundle (BENCHMARKS.md, goal 8). Where dist/ cannot be written (files owned by another user),
// the TypeScript runs through tsx as before.
import { bundle } from './bundle.js';

const built = bundle();
let main;
if (built) ({ main } = await import(built));
else {
  (await import('tsx/esm/api')).register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
