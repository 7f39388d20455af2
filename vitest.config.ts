import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration and system tests start real servers and processes; two cores are all we have.
    maxWorkers: 2,
    env: { LOG_LEVEL: 'silent' },
    globalSetup: ['test/support/global-setup.ts'],
  },
});
