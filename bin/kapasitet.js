#!/usr/bin/env -S node --openssl-legacy-provider
// (The legacy provider holds single DES, which old SNMPv3 devices still use for privacy.)
// The CLI is TypeScript run through tsx's loader, so there is no build step between a clone and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
