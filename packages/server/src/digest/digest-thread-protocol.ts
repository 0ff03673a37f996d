// Messages between the main thread and the digest thread (structured-clone safe, no functions).

/** What the digest thread starts with. */
export interface DigestThreadData {
  databaseUrl: string;
  logLevel: string;
  batchSize: number;
  idleMs: number;
  leaseMs: number;
  maxJsonDepth: number;
  /** Batches in flight at once where claims may run concurrently (PostgreSQL). */
  concurrency?: number;
}

/** Digest thread → main thread. */
export type DigestThreadMessage =
  | { type: 'ready' }
  | { type: 'digested'; stored: number; newIssues: number }
  | { type: 'stopped' };
