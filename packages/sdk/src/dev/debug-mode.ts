import { randomBytes } from 'node:crypto';
import {
  type DebugRenderer,
  ErrorApp,
  type ErrorLogger,
  type ErrorRequest,
  type ErrorResponse,
  findErrorApp,
  negotiateErrorFormat,
} from '@faultline/errors';
import { SdkError } from '../errors.js';
import { LocalVariables } from '../locals/local-variables.js';
import { SourceContext } from '../source/source-context.js';
import { SourceMaps } from '../source/source-maps.js';
import { pageCsp, renderHtml } from './render-html.js';
import { buildReport } from './report.js';

/** Options of the development error page. */
export interface DebugPageOptions {
  /**
   * Editor link template with `{path}`, `{line}` and `{column}`; `false` removes the links.
   * Default: `vscode://file/{path}:{line}:{column}`.
   */
  editorUrl?: string | false;
  /** Let debug mode switch on although NODE_ENV is production (also FAULTLINE_ALLOW_DEBUG_IN_PRODUCTION=1). */
  allowDebugInProduction?: boolean;
  /** Capture local variables through node:inspector (default true). */
  captureVariables?: boolean;
  /** The environment read for NODE_ENV and the override; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The project root, for module names; the working directory by default. */
  root?: string;
}

/** The default editor link: VS Code's URL handler. */
export const DEFAULT_EDITOR_URL = 'vscode://file/{path}:{line}:{column}';

/**
 * Throws FL_SDK_DEBUG_IN_PRODUCTION when NODE_ENV is production and no override says otherwise:
 * the page shows source code, paths and request data to whoever triggers an error.
 */
export function assertDebugAllowed(options: DebugPageOptions = {}): void {
  const env = options.env ?? process.env;
  if (env.NODE_ENV !== 'production') return;
  const override = env.FAULTLINE_ALLOW_DEBUG_IN_PRODUCTION;
  if (options.allowDebugInProduction === true || override === '1' || override === 'true') return;
  throw new SdkError(
    'FL_SDK_DEBUG_IN_PRODUCTION',
    'Debug mode refuses to switch on because NODE_ENV is "production": the debug page shows source code, file paths, local variables and request data to anyone who triggers an error. Unset NODE_ENV=production, or pass allowDebugInProduction: true (FAULTLINE_ALLOW_DEBUG_IN_PRODUCTION=1) if you truly mean it.',
  );
}

// One inspector session serves every page in the process; started with the first, stopped with the last.
let locals: LocalVariables | undefined;
const usingLocals = new Set<ErrorApp>();

/** A DebugRenderer for ErrorApp: the HTML page, or its JSON form when the client asks for JSON. */
export function createDebugRenderer(options: DebugPageOptions = {}, logger?: ErrorLogger): DebugRenderer {
  const tools = {
    sourceMaps: new SourceMaps(),
    sourceContext: new SourceContext(200, 5),
    editorUrl: options.editorUrl ?? DEFAULT_EDITOR_URL,
    root: options.root ?? process.cwd(),
  };
  return (error: unknown, request: ErrorRequest): ErrorResponse => {
    // Werkzeug also writes the traceback to the server's error stream: the terminal shows it too.
    logger?.error({ err: error }, `Exception on ${request.path} [${request.method}]`);
    const report = buildReport(error, request, {
      ...tools,
      locals: options.captureVariables === false ? undefined : locals,
    });
    const headers: Array<[string, string]> = [
      ['cache-control', 'no-store'],
      ['x-content-type-options', 'nosniff'],
      ['referrer-policy', 'no-referrer'],
    ];
    if (negotiateErrorFormat(request.headers.accept) !== 'html') {
      headers.unshift(['content-type', 'application/json; charset=utf-8']);
      return { status: 500, headers, body: JSON.stringify(report) };
    }
    const nonce = randomBytes(16).toString('base64');
    headers.unshift(
      ['content-type', 'text/html; charset=utf-8'],
      ['content-security-policy', pageCsp(nonce)],
    );
    return { status: 500, headers, body: renderHtml(report, nonce) };
  };
}

/**
 * Turns debug mode on for an app set up with @faultline/errors (the ErrorApp itself, or the Express,
 * Fastify, Hono or Koa app / node:http handler an adapter was given): errors propagate, and unhandled
 * ones render as the development error page. Throws FL_SDK_DEBUG_IN_PRODUCTION in production.
 *
 * @example
 * const app = express();
 * faultline(app);
 * enableDebugPage(app, { editorUrl: 'cursor://file/{path}:{line}:{column}' });
 */
export function enableDebugPage(target: object, options: DebugPageOptions = {}): ErrorApp {
  assertDebugAllowed(options);
  const app = errorAppOf(target);
  app.settings.debug = true;
  app.debugRenderer = createDebugRenderer(options, { error: (obj, msg) => app.logger.error(obj, msg) });
  if (options.captureVariables !== false) {
    // Development traffic is one person clicking, and a page without variables is a worse page: a
    // far higher pause rate than the SDK's production default before capture backs off.
    locals ??= new LocalVariables({ maxFrames: 20, maxPausesPerSecond: 1000 });
    if (locals.start()) usingLocals.add(app);
  }
  return app;
}

/** Turns debug mode and the page off again, releasing the inspector session when no page needs it. */
export function disableDebugPage(target: object): void {
  const app = errorAppOf(target);
  app.settings.debug = false;
  app.debugRenderer = undefined;
  usingLocals.delete(app);
  if (usingLocals.size === 0) {
    locals?.stop();
    locals = undefined;
  }
}

/** The ErrorApp for a framework app, or FL_SDK_APP_NOT_FOUND when @faultline/errors was not set up on it. */
export function errorAppOf(target: object): ErrorApp {
  if (target instanceof ErrorApp) return target;
  const app = findErrorApp(target);
  if (app === undefined) {
    throw new SdkError(
      'FL_SDK_APP_NOT_FOUND',
      'This app has no @faultline/errors adapter: call faultline(app) from @faultline/errors/<framework> first.',
    );
  }
  return app;
}
