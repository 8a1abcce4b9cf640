import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'core', environment: 'node', include: ['tests/core/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/shared/**/*.test.ts', 'tests/scripts/**/*.test.ts', 'tests/host/**/*.test.ts', 'tests/devices/**/*.test.ts'] } },
      { extends: true, test: { name: 'renderer', environment: 'happy-dom', include: ['tests/renderer/**/*.test.{ts,tsx}'], setupFiles: ['tests/renderer/setup.ts'] } },
      // A real browser on a busy 2-core machine: one retry absorbs a scheduling hiccup; a real
      // failure still fails twice.
      { extends: true, test: { name: 'e2e', environment: 'node', include: ['tests/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000, retry: 1 } },
    ],
  },
});
