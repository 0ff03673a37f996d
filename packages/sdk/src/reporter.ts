import { ErrorApp, findErrorApp } from '@faultline/errors';
import { Client } from './client/client.js';
import {
  addBreadcrumb,
  getClient,
  getCurrentScope,
  isolateRequests,
  resetGlobalScope,
  setCurrentClient,
} from './client/hub.js';
import type { Options } from './client/options.js';
import { SdkError } from './errors.js';
import { instrumentConsole, instrumentHttp } from './integrations/breadcrumbs.js';
import { installProcessHandlers } from './integrations/process.js';
import type { Sender } from './transport/http-sender.js';
import type { Level } from './types.js';

/** Options of createReporter: the SDK options, plus the app to attach right away. */
export interface ReporterOptions extends Options {
  /** A framework app already set up with @faultline/errors (the one-line form). */
  app?: object;
  /** Also report HTTP exceptions below 500 that reach the unhandled path (off by default). */
  reportHttpExceptions?: boolean;
  /** Sends envelopes somewhere other than over HTTP (tests, benchmarks). */
  send?: Sender;
}

/** A configured SDK: capture functions, app attachment and shutdown. */
export interface Reporter {
  readonly client: Client;
  /** Reports unhandled (5xx) errors of an app set up with @faultline/errors. Returns the detach function. */
  attach(app: object): () => void;
  captureException(error: unknown): string;
  captureMessage(message: string, level?: Level): string;
  flush(timeoutMs?: number): Promise<boolean>;
  close(timeoutMs?: number): Promise<boolean>;
}

/**
 * Starts the SDK and returns a reporter; attach apps now (`app`) or later (app factories).
 * @example
 * const reporter = createReporter({ dsn: process.env.FAULTLINE_DSN });
 * function createApp() {
 *   const app = express();
 *   faultline(app);
 *   app.get('/', handler);
 *   reporter.attach(app);
 *   return app;
 * }
 */
export function createReporter(options: ReporterOptions = {}): Reporter {
  const client = new Client(options, { send: options.send });
  setCurrentClient(client);
  resetGlobalScope();
  if (client.enabled) {
    if (options.requestScopes !== false) client.onClose(isolateRequests());
    if (client.options.captureProcessErrors) client.onClose(installProcessHandlers(client));
    if (options.breadcrumbs?.console !== false) client.onClose(instrumentConsole(addBreadcrumb));
    if (options.breadcrumbs?.http !== false) {
      const own = ownHost(client.options.dsn);
      client.onClose(
        instrumentHttp(
          addBreadcrumb,
          (url) => own !== '' && url.includes(`//${own}/`) && url.includes('/api/'),
        ),
      );
    }
  }

  const reporter: Reporter = {
    client,
    attach(app) {
      // A framework app bound by an adapter, or an ErrorApp itself.
      const errorApp = findErrorApp(app) ?? (app instanceof ErrorApp ? app : undefined);
      if (!errorApp) {
        throw new SdkError(
          'FL_SDK_APP_NOT_FOUND',
          'attach() needs an app set up with @faultline/errors first (e.g. faultline(app))',
        );
      }
      return errorApp.onException((error, request) => {
        if (!options.reportHttpExceptions && isClientError(error)) return;
        client.captureException(
          error,
          { request, mechanism: { type: 'faultline.errors', handled: false } },
          getCurrentScope(),
        );
      });
    },
    captureException: (error) => client.captureException(error, {}, getCurrentScope()),
    captureMessage: (message, level = 'info') => client.captureMessage(message, level, {}, getCurrentScope()),
    flush: (timeoutMs) => client.flush(timeoutMs),
    async close(timeoutMs) {
      const ok = await client.close(timeoutMs);
      if (getClient() === client) setCurrentClient(undefined);
      return ok;
    },
  };
  if (options.app) reporter.attach(options.app);
  return reporter;
}

/** Starts the SDK with process-wide capture; the same as createReporter without an app. */
export function init(options: ReporterOptions = {}): Reporter {
  return createReporter(options);
}

function isClientError(error: unknown): boolean {
  const status = (error as { code?: unknown; status?: unknown; statusCode?: unknown } | null) ?? {};
  const code = [status.code, status.status, status.statusCode].find((v) => typeof v === 'number') as
    | number
    | undefined;
  return code !== undefined && code >= 400 && code < 500;
}

function ownHost(dsn: string | undefined): string {
  try {
    return dsn ? new URL(dsn).host : '';
  } catch {
    return '';
  }
}
