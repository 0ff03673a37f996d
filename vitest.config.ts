import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the `@faultline/source` condition, so
// tests run against src/ without a build step; published consumers get dist/.
export default defineConfig({
  resolve: { conditions: ['@faultline/source'] },
  ssr: { resolve: { conditions: ['@faultline/source'], externalConditions: ['@faultline/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'dev-packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
