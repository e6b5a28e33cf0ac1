import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default, one test file at a time per CPU less one, runs a single file at a time on a 2-CPU machine
    // (a CI runner, a laptop's container). Most of the suite's time is end-to-end tests waiting for the CLI they
    // started, which leaves the second CPU idle; two files at a time use it.
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
