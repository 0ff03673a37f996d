// vitest globalSetup: ONE throwaway PostgreSQL cluster for the whole run; tests read its URL with
// `inject('postgres')` and create their own database in it (createTestDatabase). When the binaries
// are missing the URL is null and `reason` says why: suites decide (with CI=true they must fail).
import type { TestProject } from 'vitest/node';
import { PostgresUnavailableError, type RunningPostgres, startPostgres } from './postgres.js';

export interface ProvidedPostgres {
  url: string | null;
  reason: string | null;
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
    project.provide('postgres', { url: pg.url, reason: null });
  } catch (err) {
    // Only missing binaries are tolerated here; a cluster that fails to start is a real failure.
    if (!(err instanceof PostgresUnavailableError)) throw err;
    project.provide('postgres', { url: null, reason: err.message });
  }
  return async () => {
    await pg?.stop();
  };
}
