import type { LogEvent } from 'kysely';

/** One executed statement, for slow-query logging and for tests that inspect query plans. */
export interface QueryLogEntry {
  sql: string;
  parameters: readonly unknown[];
  durationMs: number;
  /** Set when the statement failed. */
  error?: unknown;
}

export type QueryListener = (entry: QueryLogEntry) => void;

/** Adapts a listener to Kysely's `log` option. */
export function kyselyLog(listener: QueryListener | undefined) {
  if (!listener) return undefined;
  return (event: LogEvent) => {
    const entry: QueryLogEntry = {
      sql: event.query.sql,
      parameters: event.query.parameters,
      durationMs: event.queryDurationMillis,
    };
    if (event.level === 'error') entry.error = event.error;
    listener(entry);
  };
}
