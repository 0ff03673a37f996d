// What every route handler of the UI shares: storage, the signing secret, limiters, and the
// signed-in viewer of the current request.

import type { Project, Storage, User } from '../storage/types.js';
import type { FailureLimiter } from './rate-limit.js';
import type { Session } from './session.js';

/** The settings the UI reads; the server's Config satisfies it. */
export interface WebConfig {
  /** Where a generated session secret is kept (`<dataDir>/session-secret`). */
  dataDir: string;
  /** Base URL SDKs reach the server at, used in DSNs; default: the browser's own origin. */
  publicUrl?: string;
  /** Session signing secret; default: generated once into the data dir. */
  sessionSecret?: string;
  /** Session lifetime in hours (default 336, two weeks). */
  sessionTtlHours?: number;
  /** Mark the cookie Secure (default: when publicUrl is https). */
  secureCookies?: boolean;
}

export interface WebLogger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface WebContext {
  storage: Storage;
  config: WebConfig;
  logger: WebLogger;
  secret: Buffer;
  loginLimitIp: FailureLimiter;
  loginLimitAccount: FailureLimiter;
  /** One-time token that unlocks the setup page from a non-loopback address. */
  setupToken: string;
  sessionTtlMs: number;
  onKeyChanged: (publicKey: string) => void;
  secureCookies: boolean;
}

/** The signed-in user of a request, with the projects they may see. */
export interface Viewer {
  user: User;
  session: Session;
  csrf: string;
  projects: Project[];
}
