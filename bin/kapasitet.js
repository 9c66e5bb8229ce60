#!/usr/bin/env -S node --openssl-legacy-provider --max-semi-space-size=4 --heap-growing-percent=50
// The Node options of every command, here only (npm start and the image run this file):
// - the legacy provider holds single DES, which old SNMPv3 devices still use for privacy;
// - a young generation of 4 MB a half instead of up to 16, and a major collection once the heap has
//   grown by half (V8 lets it grow up to fourfold), keep a collector polling 2,000 switches in 5 s
//   under 300 MB resident: 286 MB, against 306-353 MB without the second, for no measurable CPU
//   (BENCHMARKS.md, issue 19, goal 8).
// The CLI is TypeScript run through tsx's loader, so there is no build step between a clone and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
