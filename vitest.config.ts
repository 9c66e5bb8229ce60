import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores run two files at a time comfortably.
    maxWorkers: 2,
    // Browser and end-to-end tests wait for pages whose answers are computed from the store (a plan,
    // a comparison of scenarios): about a second on this machine, more on a busy CI runner.
    expect: { poll: { timeout: 10_000 } },
    // As bin/kapasitet.js does: OpenSSL 3 has single DES (SNMPv3's oldest privacy protocol) only in its legacy provider.
    execArgv: ['--openssl-legacy-provider'],
  },
});
