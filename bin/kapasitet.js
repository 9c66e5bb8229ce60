#!/usr/bin/env -S node --openssl-legacy-provider --max-semi-space-size=4 --heap-growing-percent=50 --memory-reducer-single-gc
// The Node options of every command, here only (npm start and the image run this file):
// - the legacy provider holds single DES, which old SNMPv3 devices still use for privacy;
// - a young generation of 4 MB a half instead of up to 16, and a major collection once the heap has
//   grown by half (V8 lets it grow up to fourfold), keep a collector polling 2,000 switches in 5 s
//   under 300 MB resident: 286 MB, against 306-353 MB without the second, for no measurable CPU
//   (BENCHMARKS.md, issue 19, goal 8);
// - V8's memory reducer, which shrinks the heap once a poll cycle's allocation stops, makes one
//   collection there instead of up to three: at 50 switches its work between cycles was about a
//   third of the collector's CPU (1.15 and 1.51 CPU s for five cycles, against 1.96 and 2.15), while
//   2,000 switches stay under 300 MB (290 and 295 MB) (BENCHMARKS.md, goal 7).
// The CLI is TypeScript run through tsx's loader, so there is no build step between a clone and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
