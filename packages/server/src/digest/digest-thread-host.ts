// Starts and supervises the digest thread from the main thread.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { DigestThreadData, DigestThreadMessage } from './digest-thread-protocol.js';
import { type ThreadEntry, threadEntry } from './thread-entry.js';

export interface DigestThread {
  /** Resolves once the thread has opened its storage and started its loop. */
  ready: Promise<void>;
  /** Stops the loop after the batch in flight, closes the thread's storage and ends the thread. */
  stop(): Promise<void>;
}

export interface DigestThreadOptions extends DigestThreadData {
  logger: Logger;
  /** Counts of each committed batch (metrics). */
  onDigested?: (stored: number, newIssues: number) => void;
  /** Pause before a thread that died is replaced. */
  restartDelayMs?: number;
}

const DIGEST_YOUNG_GENERATION_MB = 48;

/** The digest thread's entry (see threadEntry). */
export function digestThreadEntry(): ThreadEntry {
  return threadEntry(import.meta.url, 'digest-thread');
}

/**
 * Runs the digest loop in a worker thread with its own storage connection; a thread that dies is
 * replaced after `restartDelayMs` (its leased queue items come back when their lease runs out).
 * @example
 * const digest = startDigestThread({ databaseUrl, logLevel: 'info', batchSize: 100, idleMs: 200, leaseMs: 60_000, logger });
 * await digest.ready;
 * await digest.stop();
 */
export function startDigestThread(opts: DigestThreadOptions): DigestThread {
  const { logger, onDigested, restartDelayMs = 1000, ...data } = opts;
  const entry = digestThreadEntry();
  let worker: Worker | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopped: (() => void) | undefined;
  let markReady!: () => void;
  let failReady!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  let everReady = false;
  let lastError: unknown;

  const spawn = () => {
    const w = new Worker(entry.code, {
      eval: entry.eval,
      workerData: data satisfies DigestThreadData,
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      // V8's default 16 MiB semi-spaces whatever the process's flags (`npm start` gives the main
      // thread small ones): a batch's events survive several scavenges, and half-size semi-spaces
      // cost the digest 10–15 % more CPU.
      resourceLimits: { maxYoungGenerationSizeMb: DIGEST_YOUNG_GENERATION_MB },
    });
    worker = w;
    w.on('message', (m: DigestThreadMessage) => {
      if (m.type === 'digested') onDigested?.(m.stored, m.newIssues);
      else if (m.type === 'ready') {
        everReady = true;
        markReady();
      } else if (m.type === 'stopped') stopped?.();
    });
    w.on('error', (err) => {
      lastError = err;
      logger.error({ err }, 'digest thread failed');
    });
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      if (stopping) {
        stopped?.();
        return;
      }
      if (!everReady) {
        const why = lastError instanceof Error ? `: ${lastError.message}` : '';
        failReady(
          new Error(`digest thread exited with code ${code} before it started${why}`, { cause: lastError }),
        );
        return;
      }
      logger.error({ code, restartInMs: restartDelayMs }, 'digest thread exited; starting a new one');
      restartTimer = setTimeout(spawn, restartDelayMs);
    });
  };
  spawn();

  return {
    ready,
    async stop() {
      stopping = true;
      if (restartTimer !== undefined) clearTimeout(restartTimer);
      const w = worker;
      if (w === undefined) return;
      await new Promise<void>((resolve) => {
        stopped = resolve;
        w.postMessage({ type: 'stop' });
      });
      // 'stopped' arrives before the thread has fully exited: wait for the exit too.
      if (worker === w) await new Promise<void>((resolve) => w.once('exit', () => resolve()));
    },
  };
}
