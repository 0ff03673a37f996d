import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The captured SDK requests live in the shared folder beside the checkout (../shared/fixtures), in
// development and in CI alike; FAULTLINE_FIXTURES overrides it.
process.env.FAULTLINE_FIXTURES ??= fileURLToPath(new URL('../shared/fixtures', import.meta.url));

// Workspace packages export their TypeScript sources under the `@faultline/source` condition, so
// tests run against src/ without a build step; published consumers get dist/.
export default defineConfig({
  resolve: { conditions: ['@faultline/source'] },
  ssr: { resolve: { conditions: ['@faultline/source'], externalConditions: ['@faultline/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'dev-packages/*/test/**/*.test.ts',
      'examples/**/*.test.ts',
    ],
    // One throwaway PostgreSQL cluster per run for the storage contract suite (and anyone else who
    // injects 'postgres'); each test file creates its own database in it.
    globalSetup: ['dev-packages/test-utils/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
