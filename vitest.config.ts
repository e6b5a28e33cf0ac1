import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // End-to-end tests start the built CLI as a process, some of them several times. Each start has a limit
          // of its own (cliRunLimitMs in test/support/run-cli.ts, screenWaitLimitMs in test/e2e/pty-driver.ts) that
          // says which run hung; this one must not cut a test short before those do on a busy machine, where
          // a start that takes half a second alone can take ten times as long.
          testTimeout: 120_000,
        },
      },
    ],
  },
});
