import * as inspector from 'node:inspector';
import { Lru } from '../source/lru.js';
import { isInApp } from '../stack/parse-stack.js';
import {
  DEFAULT_VARIABLE_LIMITS,
  type PropertyDescriptor,
  type RemoteObject,
  serializeProperties,
  type VariableLimits,
} from './serialize.js';

/** The variables of one call frame at the moment an exception was thrown. */
export interface FrameVariables {
  function: string;
  file: string;
  lineno: number;
  vars: Record<string, unknown>;
}

/** Options of local-variable capture. */
export interface LocalVariablesOptions extends Partial<VariableLimits> {
  /** Call frames (from the throw point) looked at; only in-app frames among them are read. */
  maxFrames?: number;
  /** Pauses allowed per second before capture backs off (doubling, from 5 s). */
  maxPausesPerSecond?: number;
}

interface CallFrame {
  functionName: string;
  url: string;
  location: { scriptId: string; lineNumber: number };
  scopeChain: { type: string; object: RemoteObject }[];
}

interface PausedParams {
  reason: string;
  data?: RemoteObject;
  callFrames: CallFrame[];
}

/*
 * Why this shape. @sentry/node runs a worker thread whose inspector session connects to the main
 * thread: on every pause the main thread waits while the worker makes cross-thread round trips
 * (and it opens an inspector port with inspector.open(0)). Here the session lives on the main
 * thread: when V8 pauses on a throw, Node dispatches inspector messages synchronously, so the
 * variables are read in-line with no port opened and no thread to start. Either way the thread is
 * stopped while variables are read, so both bound the cost the same way: frames outside the app
 * are skipped without reading, only N frames are read, one level of nesting by default, and when
 * throws exceed a rate, pausing on caught exceptions is switched off for a growing cooldown.
 *
 * Captured variables are keyed by the error's stack string, which V8 hands over as the exception's
 * description: no call into the paused runtime is needed (Runtime.callFunctionOn compiles a script
 * per call and cost ~0.6 ms, measured). A rethrow (the top frame is not where the error was made)
 * keeps the variables of the original throw.
 */

/** Captures local variables of in-app frames for every thrown exception, through node:inspector. */
export class LocalVariables {
  readonly #limits: VariableLimits;
  readonly #maxFrames: number;
  readonly #maxPauses: number;
  readonly #store = new Lru<string, FrameVariables[]>(100);
  // CallFrame.url is deprecated and left empty by current V8: resolve through scriptParsed events.
  readonly #scripts = new Map<string, string>();
  #session: inspector.Session | undefined;
  #pausesThisSecond = 0;
  #cooldown = 0;
  #backoff = 5;
  #calmSeconds = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LocalVariablesOptions = {}) {
    this.#limits = { ...DEFAULT_VARIABLE_LIMITS, ...stripUndefined(options) };
    this.#maxFrames = options.maxFrames ?? 10;
    this.#maxPauses = options.maxPausesPerSecond ?? 20;
  }

  /** Starts capturing; false when it cannot (a debugger is attached, or no inspector in this build). */
  start(): boolean {
    if (this.#session) return true;
    if (inspector.url() !== undefined) return false;
    try {
      const session = new inspector.Session();
      session.connect();
      this.#session = session;
      session.on('Debugger.scriptParsed', (message) => {
        const { scriptId, url } = message.params as { scriptId: string; url: string };
        if (url) this.#scripts.set(scriptId, urlToFile(url));
      });
      session.on('Debugger.paused', (message) => this.#onPaused(message.params as unknown as PausedParams));
      this.#post('Debugger.enable');
      this.#post('Debugger.setPauseOnExceptions', { state: 'all' });
    } catch {
      this.stop();
      return false;
    }
    this.#timer = setInterval(() => this.#tick(), 1000);
    this.#timer.unref();
    return true;
  }

  /** Stops capturing and detaches from the inspector. */
  stop(): void {
    clearInterval(this.#timer);
    try {
      this.#session?.disconnect();
    } catch {
      // already disconnected
    }
    this.#session = undefined;
    this.#scripts.clear();
  }

  /** The variables captured when `error` was thrown (newest frame first). */
  take(error: unknown): FrameVariables[] | undefined {
    const stack =
      typeof error === 'object' && error !== null ? (error as { stack?: unknown }).stack : undefined;
    return typeof stack === 'string' ? this.#store.get(stack) : undefined;
  }

  get active(): boolean {
    return this.#session !== undefined;
  }

  #tick(): void {
    if (this.#cooldown > 0) {
      this.#cooldown--;
      if (this.#cooldown === 0) this.#setState('all');
    } else if (this.#pausesThisSecond > this.#maxPauses) {
      this.#cooldown = this.#backoff;
      this.#backoff = Math.min(this.#backoff * 2, 86_400);
      this.#calmSeconds = 0;
      this.#setState('uncaught');
    } else if (++this.#calmSeconds >= 600) {
      // Ten calm minutes: the next storm starts from the shortest cooldown again.
      this.#backoff = 5;
    }
    this.#pausesThisSecond = 0;
  }

  #setState(state: 'all' | 'uncaught'): void {
    try {
      this.#post('Debugger.setPauseOnExceptions', { state });
    } catch {
      this.stop();
    }
  }

  #onPaused(params: PausedParams): void {
    try {
      const data = params.data;
      if (
        (params.reason === 'exception' || params.reason === 'promiseRejection') &&
        data?.subtype === 'error'
      ) {
        this.#pausesThisSecond++;
        if (data.description) this.#capture(data.description, params.callFrames);
      }
    } catch {
      // Never let a capture problem keep the application paused.
    } finally {
      try {
        this.#post('Debugger.resume');
      } catch {
        this.stop();
      }
    }
  }

  #capture(stack: string, callFrames: CallFrame[]): void {
    const frames = callFrames.slice(0, this.#maxFrames);
    const fileOf = (f: CallFrame) => this.#scripts.get(f.location.scriptId) ?? urlToFile(f.url);
    if (!frames.some((f) => isInApp(fileOf(f)))) return;
    if (this.#store.has(stack) && !thrownWhereMade(stack, frames[0], fileOf)) return;
    const get = (objectId: string) =>
      (
        this.#post('Runtime.getProperties', { objectId, ownProperties: true }) as {
          result: PropertyDescriptor[];
        }
      ).result;
    const captured: FrameVariables[] = [];
    for (const frame of frames) {
      const file = fileOf(frame);
      const entry: FrameVariables = {
        function: frame.functionName,
        file,
        lineno: frame.location.lineNumber + 1,
        vars: {},
      };
      if (isInApp(file)) {
        // Block and catch scopes (let/const inside if/for, the catch binding) come before the
        // function's own scope; a frame that throws inside a catch block starts with its catch scope.
        for (const scope of frame.scopeChain) {
          if (scope.type !== 'block' && scope.type !== 'catch' && scope.type !== 'local') break;
          if (scope.object.objectId) {
            Object.assign(entry.vars, serializeProperties(get(scope.object.objectId), get, this.#limits, 0));
          }
          if (scope.type === 'local') break;
        }
      }
      captured.push(entry);
    }
    this.#store.set(stack, captured);
  }

  // Same-thread sessions answer synchronously; a missing answer means that no longer holds.
  #post(method: string, params?: Record<string, unknown>): unknown {
    const session = this.#session;
    if (!session) throw new Error('inspector session closed');
    let answered = false;
    let result: unknown;
    let failure: Error | null = null;
    (session.post as (m: string, p: unknown, cb: (e: Error | null, r: unknown) => void) => void)(
      method,
      params ?? {},
      (error, value) => {
        answered = true;
        failure = error;
        result = value;
      },
    );
    if (!answered) throw new Error(`inspector did not answer ${method} synchronously`);
    if (failure) throw failure;
    return result;
  }
}

// The first "at" line of a stack names where the error was made; a throw from elsewhere is a rethrow.
function thrownWhereMade(
  stack: string,
  top: CallFrame | undefined,
  fileOf: (f: CallFrame) => string,
): boolean {
  const first = /\n\s+at (?:async )?(?:(.*?) \()?(.*?):(\d+):\d+\)?/.exec(stack);
  if (!first || !top) return false;
  const file = urlToFile(first[2]!);
  return file === fileOf(top) && Number(first[3]) === top.location.lineNumber + 1;
}

function urlToFile(url: string): string {
  if (url.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(url).pathname);
    } catch {
      return url;
    }
  }
  return url;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
