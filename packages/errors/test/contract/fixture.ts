// The one shape every adapter fixture builds, so one contract suite can drive them all.
import type { ErrorApp, ErrorScope } from '../../src/index.js';
import type { Reply } from './reply.js';

/**
 * What a fixture receives. It builds a framework app wired with the adapter, and installs, in the
 * framework's own idiom:
 * - a before-request step (app level) that stores the `x-user` request header as a per-request value
 *   (`readUser(raw)` reads it back from ErrorRequest.raw) and sets the response header `x-early: 1`;
 * - when the framework has one (`afterHook`), an after-request step that sets `x-after: 1` on every
 *   response, error responses included;
 * - application routes: GET /ok → 'ok'; GET and POST /throw → throws `raise()`; GET /async-throw →
 *   throws `raise()` after an await; GET /items → 'items' (GET only, for the 405);
 * - an after-response step (Flask's teardown) that records `unhandledError(raw)` in `teardowns`;
 * - a blueprint mounted at /bp, made with the adapter's blueprint(): GET /bp/ok → 'bp ok';
 *   GET /bp/throw → throws `raise()`.
 */
export interface FixtureOptions {
  app: ErrorApp;
  /** Registers handlers on the blueprint scope the adapter created. */
  blueprint?: (scope: ErrorScope) => void;
  /** What the throwing routes throw, called on each request. */
  raise: () => unknown;
}

/** A running fixture. */
export interface Fixture {
  request(method: string, path: string, headers?: Record<string, string>): Promise<Reply>;
  /**
   * What the framework's own error path received when an error propagated (testing / debug): the
   * error itself where the framework hands it over, or what it logged (Fastify) when it does not.
   */
  readonly propagated: unknown[];
  /** What the after-response step recorded, one entry per finished request. */
  readonly teardowns: unknown[];
  /** The framework object the adapter bound to the ErrorApp. */
  readonly target: object;
  close(): Promise<void>;
}

/** One adapter under the contract. */
export interface AdapterFixture {
  build(options: FixtureOptions): Promise<Fixture>;
  /** Reads back the before-request value from ErrorRequest.raw. */
  readUser(raw: unknown): unknown;
  /** The Allow header of the 405 for POST /items. */
  allow: string;
  /** False where repeated header lines reach the client joined into one (web Headers). */
  repeatedHeaderLines: boolean;
  /** Whether the framework has an after-request hook that sees error responses (sets x-after). */
  afterHook: boolean;
}
