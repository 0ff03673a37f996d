// Shared by the contract files: starting a fixture with a fresh ErrorApp, and small helpers.
import { createErrorApp, type ErrorApp, type ErrorAppOptions, type ErrorScope } from '../../src/index.js';
import type { AdapterFixture, Fixture } from './fixture.js';

/** One call the ErrorApp's logger received. */
export interface LogEntry {
  obj: unknown;
  msg: string | undefined;
}

/** How a contract case wants its app set up. */
export interface StartOptions {
  settings?: ErrorAppOptions;
  app?: (app: ErrorApp) => void;
  blueprint?: (scope: ErrorScope) => void;
  raise?: () => unknown;
}

/** A started fixture with what its ErrorApp logged and reported. */
export interface Started {
  f: Fixture;
  app: ErrorApp;
  logs: LogEntry[];
  exceptions: unknown[];
}

/** The log lines of unhandled errors. */
export const exceptionLines = (logs: LogEntry[]) => logs.filter((l) => l.msg?.startsWith('Exception on'));

/** Waits (bounded) for an after-response hook: 'finish' can fire just after the client has the answer. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Whether what the framework saw is the original error (by identity, or by message where it only logged it). */
export function sameError(seen: unknown, original: Error): boolean {
  if (seen === original) return true;
  return (
    typeof seen === 'object' && seen !== null && (seen as { message?: unknown }).message === original.message
  );
}

/** Builds fixtures with a fresh ErrorApp that records its log lines and onException calls. */
export function starter(fixture: AdapterFixture, track: (f: Fixture) => void) {
  return async function start(options: StartOptions = {}): Promise<Started> {
    const logs: LogEntry[] = [];
    const exceptions: unknown[] = [];
    const app = createErrorApp({
      logger: { error: (obj, msg) => logs.push({ obj, msg }) },
      ...options.settings,
    });
    app.onException((error) => exceptions.push(error));
    options.app?.(app);
    const f = await fixture.build({
      app,
      blueprint: options.blueprint,
      raise: options.raise ?? (() => new Error('boom')),
    });
    track(f);
    return { f, app, logs, exceptions };
  };
}
