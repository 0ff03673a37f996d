import type { LocalVariablesOptions } from '../locals/local-variables.js';
import type { Breadcrumb, Event, EventHint } from '../types.js';

/** Everything `init` and `createReporter` accept; every field is optional. */
export interface Options {
  /** Where to send events; unset or empty disables sending without errors (development). */
  dsn?: string;
  release?: string;
  environment?: string;
  serverName?: string;
  /** Fraction of error events sent, 0 to 1. */
  sampleRate?: number;
  /** Last look at an event; return null to drop it. May be async. */
  beforeSend?: (event: Event, hint: EventHint) => Event | null | Promise<Event | null>;
  /** Last look at a breadcrumb; return null to drop it. */
  beforeBreadcrumb?: (crumb: Breadcrumb) => Breadcrumb | null;
  /** Errors whose message (or `Type: message`) contains one of these strings or matches a regex are not sent. */
  ignoreErrors?: (string | RegExp)[];
  maxBreadcrumbs?: number;
  /** Capture local variables of in-app frames (node:inspector); true by default. */
  includeLocalVariables?: boolean | LocalVariablesOptions;
  /** Send cookies and client IP addresses. */
  sendDefaultPii?: boolean;
  /** More keys whose values are scrubbed, on top of the default deny-list. */
  scrubFields?: string[];
  /** Log the SDK's own troubles to stderr. */
  debug?: boolean;
  /** A directory where envelopes wait while the tracker is unreachable, and across restarts. */
  spoolDir?: string;
  /** Spool bounds. */
  maxSpoolFiles?: number;
  maxSpoolBytes?: number;
  /** Envelopes waiting in memory. */
  maxQueueSize?: number;
  /** Requests to the tracker in flight at once. */
  concurrency?: number;
  /** Request bodies larger than this are left out of events. */
  maxRequestBodyBytes?: number;
  /** Lines of source context each side of a frame's line. */
  contextLines?: number;
  /** Report uncaught exceptions and unhandled rejections (and exit the way Node would). */
  captureProcessErrors?: boolean;
  /** Breadcrumbs from console calls and outgoing HTTP requests. */
  breadcrumbs?: { console?: boolean; http?: boolean };
  /** Give every incoming HTTP request its own scope (AsyncLocalStorage). */
  requestScopes?: boolean;
  /** Time given to sending on an uncaught exception before the process exits. */
  shutdownTimeoutMs?: number;
}

/** Options with defaults applied. */
export interface ResolvedOptions extends Options {
  sampleRate: number;
  maxBreadcrumbs: number;
  includeLocalVariables: boolean | LocalVariablesOptions;
  sendDefaultPii: boolean;
  debug: boolean;
  maxQueueSize: number;
  concurrency: number;
  maxSpoolFiles: number;
  maxSpoolBytes: number;
  maxRequestBodyBytes: number;
  contextLines: number;
  captureProcessErrors: boolean;
  shutdownTimeoutMs: number;
}

/** Fills in defaults; `FAULTLINE_DSN`/`SENTRY_DSN`, `…_RELEASE`, `…_ENVIRONMENT` are read when unset. */
export function resolveOptions(options: Options): ResolvedOptions {
  const env = process.env;
  return {
    ...options,
    dsn: options.dsn ?? env.FAULTLINE_DSN ?? env.SENTRY_DSN,
    release: options.release ?? env.FAULTLINE_RELEASE ?? env.SENTRY_RELEASE,
    environment: options.environment ?? env.FAULTLINE_ENVIRONMENT ?? env.SENTRY_ENVIRONMENT ?? 'production',
    sampleRate: options.sampleRate ?? 1,
    maxBreadcrumbs: options.maxBreadcrumbs ?? 100,
    includeLocalVariables: options.includeLocalVariables ?? true,
    sendDefaultPii: options.sendDefaultPii ?? false,
    debug: options.debug ?? false,
    maxQueueSize: options.maxQueueSize ?? 2000,
    concurrency: options.concurrency ?? 8,
    maxSpoolFiles: options.maxSpoolFiles ?? 10_000,
    maxSpoolBytes: options.maxSpoolBytes ?? 100 * 1024 * 1024,
    maxRequestBodyBytes: options.maxRequestBodyBytes ?? 16 * 1024,
    contextLines: options.contextLines ?? 5,
    captureProcessErrors: options.captureProcessErrors ?? true,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 2000,
  };
}
