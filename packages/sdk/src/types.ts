/** A stack frame as the Sentry protocol carries it (oldest first in `frames`). */
export interface Frame {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  pre_context?: string[];
  context_line?: string;
  post_context?: string[];
  vars?: Record<string, unknown>;
}

/** One entry of `exception.values`. */
export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  stacktrace?: { frames: Frame[] };
  mechanism?: {
    type: string;
    handled?: boolean;
    synthetic?: boolean;
    source?: string;
    exception_id?: number;
    parent_id?: number;
  };
}

/** A breadcrumb: something that happened before the event. */
export interface Breadcrumb {
  timestamp?: number;
  type?: string;
  category?: string;
  message?: string;
  level?: Level;
  data?: Record<string, unknown>;
}

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

/** The user the event happened to. */
export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string;
  [key: string]: unknown;
}

/** The HTTP request an event happened in. */
export interface RequestData {
  url?: string;
  method?: string;
  query_string?: string | Record<string, unknown>;
  headers?: Record<string, string>;
  data?: unknown;
  cookies?: Record<string, string>;
  env?: Record<string, string>;
}

/** An error or message event as sent to the server. */
export interface Event {
  event_id: string;
  timestamp: number;
  platform: 'node';
  level: Level;
  logger?: string;
  message?: string;
  exception?: { values: ExceptionValue[] };
  release?: string;
  environment?: string;
  server_name?: string;
  tags?: Record<string, string>;
  extra?: Record<string, unknown>;
  contexts?: Record<string, Record<string, unknown>>;
  user?: User;
  request?: RequestData;
  breadcrumbs?: Breadcrumb[];
  fingerprint?: string[];
  transaction?: string;
  sdk?: {
    name: string;
    version: string;
    integrations?: string[];
    packages?: { name: string; version: string }[];
  };
}

/** What a capture call knows beyond the event itself. */
export interface EventHint {
  originalException?: unknown;
  mechanism?: ExceptionValue['mechanism'];
  request?: unknown;
}
