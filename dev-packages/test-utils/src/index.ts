export type { ProvidedPostgres } from './global-setup.js';
export {
  createTestDatabase,
  findPostgresBin,
  PostgresUnavailableError,
  type RunningPostgres,
  startPostgres,
  withDatabase,
} from './postgres.js';
export { requirePostgres } from './require-postgres.js';
export { type TempDir, tempDir, withTempDir } from './temp-dir.js';
