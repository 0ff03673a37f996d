import { Config } from './config.js';
import { consoleLogger } from './logger.js';
import { ErrorScope } from './scope.js';
import type { ErrorLogger, ErrorRequest, ErrorResponse } from './types.js';

/**
 * The settings that shape the pipeline (Flask's config keys, camelCased). Each is backed by the
 * app's `config` under its Flask name: debug ↔ DEBUG, testing ↔ TESTING, propagateExceptions ↔
 * PROPAGATE_EXCEPTIONS, trapHttpExceptions ↔ TRAP_HTTP_EXCEPTIONS, trapBadRequestErrors ↔
 * TRAP_BAD_REQUEST_ERRORS. `null` means "unset" for the two tri-state keys.
 */
export interface ErrorAppSettings {
  debug: boolean;
  testing: boolean;
  /** Re-throw unhandled errors out of the app; when null, `testing || debug` decides. */
  propagateExceptions: boolean | null;
  /** Treat every HTTP exception without a handler as an unhandled error. */
  trapHttpExceptions: boolean;
  /** Treat every BadRequest as unhandled (true); when null, only BadRequestKeyError in debug. */
  trapBadRequestErrors: boolean | null;
}

/** Options of `createErrorApp`. */
export interface ErrorAppOptions extends Partial<ErrorAppSettings> {
  /** The application's name (the root scope's name); "app" by default. */
  name?: string;
  logger?: ErrorLogger;
  /** Initial config (upper-case keys, as in Flask); explicit settings above win over it. */
  config?: Record<string, unknown>;
  /** An environment to seed DEBUG from `FAULTLINE_DEBUG` (Flask's FLASK_DEBUG), e.g. `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Listener of unhandled errors (Flask's `got_request_exception`). */
export type ExceptionListener = (error: unknown, request: ErrorRequest) => void;

/** Renders the development error page; returning undefined lets the error propagate. */
export type DebugRenderer = (
  error: unknown,
  request: ErrorRequest,
) => ErrorResponse | Promise<ErrorResponse | undefined> | undefined;

const SETTING_KEYS: ReadonlyArray<readonly [keyof ErrorAppSettings, string]> = [
  ['debug', 'DEBUG'],
  ['testing', 'TESTING'],
  ['propagateExceptions', 'PROPAGATE_EXCEPTIONS'],
  ['trapHttpExceptions', 'TRAP_HTTP_EXCEPTIONS'],
  ['trapBadRequestErrors', 'TRAP_BAD_REQUEST_ERRORS'],
];

/**
 * The application scope: the root of the handler scopes, plus settings, logger and the
 * unhandled-error event. Adapters bind one to the framework's app object.
 */
export class ErrorApp extends ErrorScope {
  readonly config: Config;
  readonly settings: ErrorAppSettings;
  logger: ErrorLogger;
  /** Set by the debug-page feature: in debug mode unhandled errors render through it. */
  debugRenderer?: DebugRenderer;
  readonly #listeners = new Set<ExceptionListener>();
  #gotFirstRequest = false;

  constructor(options: ErrorAppOptions = {}) {
    super(options.name ?? 'app', null);
    this.config = new Config({
      DEBUG: debugFlag(options.env?.FAULTLINE_DEBUG),
      TESTING: false,
      PROPAGATE_EXCEPTIONS: null,
      TRAP_HTTP_EXCEPTIONS: false,
      TRAP_BAD_REQUEST_ERRORS: null,
    });
    this.config.fromMapping(options.config);
    this.settings = settingsView(this.config);
    for (const [setting] of SETTING_KEYS) {
      const value = options[setting];
      if (value !== undefined) (this.settings as unknown as Record<string, unknown>)[setting] = value;
    }
    this.logger = options.logger ?? consoleLogger;
  }

  /**
   * Subscribes to unhandled errors; the listener gets the original error before anything else
   * happens (logging, propagation, the 500 handler). Returns the unsubscribe function.
   */
  onException(listener: ExceptionListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** @internal Fires the unhandled-error listeners; a listener that throws is logged, never rethrown. */
  emitException(error: unknown, request: ErrorRequest): void {
    for (const listener of this.#listeners) {
      try {
        listener(error, request);
      } catch (listenerError) {
        this.logger.error({ err: listenerError }, 'An onException listener failed');
      }
    }
  }

  /** Records that the app serves requests; from now on setup methods throw. Adapters call it per request. */
  markFirstRequest(): void {
    this.#gotFirstRequest = true;
  }

  /** Whether the app has served (started) a request. */
  get gotFirstRequest(): boolean {
    return this.#gotFirstRequest;
  }

  protected override setupFinished(): boolean {
    return this.#gotFirstRequest;
  }
}

/**
 * Creates the application scope.
 *
 * @example
 * const app = createErrorApp({ debug: process.env.NODE_ENV === 'development' });
 * app.register(404, () => ['Nothing here', 404]);
 */
export function createErrorApp(options?: ErrorAppOptions): ErrorApp {
  return new ErrorApp(options);
}

/** Flask's `get_debug_flag`: set and not one of "0", "false", "no". */
function debugFlag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !['0', 'false', 'no'].includes(value.toLowerCase());
}

function settingsView(config: Config): ErrorAppSettings {
  const view = {};
  for (const [setting, key] of SETTING_KEYS) {
    const triState = setting === 'propagateExceptions' || setting === 'trapBadRequestErrors';
    Object.defineProperty(view, setting, {
      enumerable: true,
      get: () => {
        const value = config[key];
        if (triState && (value === null || value === undefined)) return null;
        return Boolean(value);
      },
      set: (value: unknown) => {
        config[key] = value;
      },
    });
  }
  return view as ErrorAppSettings;
}
