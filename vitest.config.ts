import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The shared simulated quarter of the heavy e2e proofs (simulated on first demand, once per run).
    globalSetup: ['test/e2e/simulated-quarter.global.ts'],
    reporters: ['default'],
  },
});
