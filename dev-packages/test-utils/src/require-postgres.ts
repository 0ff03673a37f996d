import type { ProvidedPostgres } from './global-setup.js';

/**
 * Decides whether a PostgreSQL suite runs: returns the server URL, or null when the suite may be
 * skipped (binaries missing on a developer machine; a loud warning is printed). Throws when the
 * suite must fail instead: under CI=true, or when the cluster failed for another reason.
 * @example
 * const url = requirePostgres(inject('postgres'));
 */
export function requirePostgres(
  provided: ProvidedPostgres,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (provided.url) return provided.url;
  const why = provided.reason ?? 'no PostgreSQL URL was provided (is the globalSetup configured?)';
  if (env.CI === 'true') throw new Error(`PostgreSQL is required in CI and is unavailable: ${why}`);
  if (!provided.missingBinaries) throw new Error(`the throwaway PostgreSQL cluster failed: ${why}`);
  console.warn(`\n*** PostgreSQL suites are NOT RUN on this machine: ${why} ***\n`);
  return null;
}
