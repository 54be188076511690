import { defineConfig } from 'vitest/config';

// Three tiers, each runnable alone (`npm run test:unit|test:integration|test:e2e`):
// - unit: pure logic and in-memory fakes, no network, no child processes;
// - integration: real AWS SDK v3 clients over HTTP against in-process emulators and the platform simulator;
// - e2e: the whole local pipeline as `pulse run` drives it.
export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['shared/domain/**/*.ts', 'shared/sentiment/**/*.ts'],
      exclude: ['**/*.d.ts', '**/index.ts'],
      thresholds: { 'shared/domain/**/*.ts': { lines: 100 } },
      reporter: ['text-summary', 'text'],
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/infra/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
