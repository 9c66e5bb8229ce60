#!/usr/bin/env -S node --openssl-legacy-provider --max-semi-space-size=4
// The Node options of every command, here only (npm start and the image run this file):
// - the legacy provider holds single DES, which old SNMPv3 devices still use for privacy;
// - a young generation of 4 MB a half instead of up to 16 keeps a collector polling 2,000 switches
//   under 300 MB resident, for no measurable CPU or API throughput (BENCHMARKS.md, scale).
// The CLI is TypeScript run through tsx's loader, so there is no build step between a clone and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
