import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup/setup-test-env.ts'],
    reporters: ['default', './tests/setup/plain-summary-reporter.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser and ffmpeg tests are heavy; two cores, so keep file parallelism modest.
    maxWorkers: 2,
  },
});
