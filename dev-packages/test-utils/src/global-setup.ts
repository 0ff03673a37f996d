// vitest globalSetup: ONE throwaway PostgreSQL cluster for the whole run; tests read its URL with
// `inject('postgres')` and create their own database in it (createTestDatabase). Without a cluster
// the URL is null and `reason` says why: suites decide (requirePostgres fails under CI=true).
import type { TestProject } from 'vitest/node';
import { PostgresUnavailableError, type RunningPostgres, startPostgres } from './postgres.js';

export interface ProvidedPostgres {
  url: string | null;
  /** Why there is no URL. */
  reason: string | null;
  /** True when the binaries are simply not installed (a local run may skip); false for real failures. */
  missingBinaries: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

/** Starts the shared cluster (vitest calls this once per run) and returns its teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let pg: RunningPostgres | undefined;
  try {
    pg = await startPostgres();
    project.provide('postgres', { url: pg.url, reason: null, missingBinaries: false });
  } catch (err) {
    // Not thrown: that would fail every test file of the run, not only the ones that need
    // PostgreSQL. Those read the reason and fail (or, for missing binaries off CI, skip loudly).
    const missingBinaries = err instanceof PostgresUnavailableError;
    const reason = err instanceof Error ? err.message : String(err);
    project.provide('postgres', { url: null, reason, missingBinaries });
  }
  return async () => {
    await pg?.stop();
  };
}
