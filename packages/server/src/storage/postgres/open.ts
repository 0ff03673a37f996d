// The PostgreSQL backend: a pg Pool behind Kysely's PostgresDialect.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type Flavor, postgresFlavor } from '../flavor.js';
import { kyselyLog, type QueryListener } from '../query-log.js';
import type { Database } from '../schema.js';

export interface PostgresOptions {
  /** Connections in the pool. */
  poolSize?: number;
  /** Called when an idle pooled connection fails (the server restarted, say); the pool replaces it. */
  onIdleError?: (err: Error) => void;
  /** Called after every statement (slow-query logs, plan checks in tests). */
  onQuery?: QueryListener;
}

const INT8 = 20;
const NUMERIC = 1700;

// Ids, timestamps and counts are bigint columns; pg returns int8 as strings to avoid precision
// loss. Ours stay far below 2^53 (ms timestamps until year 287396), so parse them as numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Opens a pool to `url` (postgres:// or postgresql://). Connections are made lazily. */
export function openPostgresDatabase(
  url: string,
  opts: PostgresOptions = {},
): { db: Kysely<Database>; pool: pg.Pool; flavor: Flavor } {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, types });
  pool.on('error', (err) => opts.onIdleError?.(err));
  const log = kyselyLog(opts.onQuery);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
  return { db, pool, flavor: postgresFlavor };
}
