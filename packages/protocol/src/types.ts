// The event model shared by the SDK (which builds events) and the server (which normalizes them).
// Shapes follow Sentry's event payload docs; every field is optional on the wire, and
// normalizeEvent guarantees the few marked as always present on its output.

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface StackFrame {
  filename?: string;
  abs_path?: string;
  function?: string;
  raw_function?: string;
  module?: string;
  package?: string;
  platform?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
  vars?: Record<string, unknown>;
  instruction_addr?: string;
  [key: string]: unknown;
}

export interface Stacktrace {
  frames: StackFrame[];
  registers?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Mechanism {
  type?: string;
  handled?: boolean;
  synthetic?: boolean;
  exception_id?: number;
  parent_id?: number;
  source?: string;
  is_exception_group?: boolean;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SentryException {
  type?: string;
  value?: string;
  module?: string;
  thread_id?: number | string;
  stacktrace?: Stacktrace;
  mechanism?: Mechanism;
  [key: string]: unknown;
}

export interface Thread {
  id?: number | string;
  name?: string;
  crashed?: boolean;
  current?: boolean;
  stacktrace?: Stacktrace;
  [key: string]: unknown;
}

export interface Breadcrumb {
  /** Epoch seconds (float) after normalization. */
  timestamp?: number;
  type?: string;
  category?: string;
  message?: string;
  level?: Level;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface User {
  id?: string;
  email?: string;
  username?: string;
  ip_address?: string;
  name?: string;
  geo?: Record<string, unknown>;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface RequestData {
  url?: string;
  method?: string;
  query_string?: string | Record<string, unknown> | Array<[string, string]>;
  data?: unknown;
  cookies?: string | Record<string, string>;
  headers?: Record<string, string>;
  env?: Record<string, unknown>;
  fragment?: string;
  [key: string]: unknown;
}

/** `contexts`: objects keyed by name (os, runtime, browser, device, app, trace, …). */
export type Contexts = Record<string, { type?: string; [key: string]: unknown }>;

export interface LogEntry {
  /** The template (`Could not connect to %s`), what message events group on. */
  message?: string;
  params?: unknown[] | Record<string, unknown>;
  formatted?: string;
}

export interface SdkInfo {
  name?: string;
  version?: string;
  integrations?: string[];
  packages?: Array<{ name?: string; version?: string }>;
  [key: string]: unknown;
}

export interface SentryEvent {
  /** 32 lowercase hex (always present after normalization). */
  event_id: string;
  /** Epoch seconds, float (always present after normalization). */
  timestamp: number;
  platform: string;
  level: Level;
  logger?: string;
  server_name?: string;
  transaction?: string;
  culprit?: string;
  release?: string;
  dist?: string;
  environment?: string;
  /** Normalized to a dict of strings. */
  tags?: Record<string, string>;
  extra?: Record<string, unknown>;
  contexts?: Contexts;
  user?: User;
  request?: RequestData;
  breadcrumbs?: { values: Breadcrumb[] };
  exception?: { values: SentryException[] };
  threads?: { values: Thread[] };
  /** Legacy top-level stack (raven `stack=True`). */
  stacktrace?: Stacktrace;
  logentry?: LogEntry;
  /** The formatted message, kept for display. */
  message?: string;
  fingerprint?: string[];
  sdk?: SdkInfo;
  modules?: Record<string, string>;
  debug_meta?: Record<string, unknown>;
  type?: string;
  /** Notes from normalization (clamped timestamps…), Sentry's `errors` field. */
  errors?: Array<{ type: string; name?: string; value?: unknown }>;
  [key: string]: unknown;
}
