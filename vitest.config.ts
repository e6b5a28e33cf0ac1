import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start the built CLI as a process; give slow CI machines room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
