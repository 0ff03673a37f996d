import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as inspector from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { type ErrorApp, findErrorApp } from '@faultline/errors';
import { faultline as nodeFaultline } from '@faultline/errors/node';
import { assertDebugAllowed, type DebugPageOptions, enableDebugPage, errorAppOf } from './debug-mode.js';
import { type AppKind, detectApp } from './detect-app.js';
import { type FetchHandler, fetchListener } from './fetch-listener.js';
import { isServingProcess, spawnReloader } from './reloader.js';

/** Options of `run()`. */
export interface RunOptions extends DebugPageOptions {
  /** Interface to bind; 127.0.0.1 by default (a development server is not for the network). */
  host?: string;
  /** Port; 5000 by default (Flask's), 0 for any free port. */
  port?: number;
  /** Debug mode (errors propagate, the page renders); defaults to the app's own DEBUG setting. */
  debug?: boolean;
  /** Render the debug page (default: `debug`). false lets errors propagate to an attached debugger. */
  useDebugger?: boolean;
  /** Restart when a loaded file changes, through `node --watch` (default: `debug`). */
  useReloader?: boolean;
  /** Gets errors that propagated out of a node:http or Hono handler; default: log them to stderr. */
  onRequestError?: (error: unknown, req: IncomingMessage) => void;
  /** Where startup lines go; stderr by default. */
  log?: (line: string) => void;
}

/** A running development server. */
export interface RunningApp {
  kind: AppKind;
  url: string;
  port: number;
  /** False in the reloader's parent: the `node --watch` child serves. */
  serving: boolean;
  close(): Promise<void>;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Serves an app for development: Express, Fastify, Hono, Koa or a node:http request listener, with
 * debug mode, the debug page and the reloader (Flask's `app.run`).
 *
 * @example
 * const app = express();
 * faultline(app);
 * app.get('/', () => { throw new Error('boom'); });
 * await run(app, { port: 3000, debug: true }); // node --conditions… app.ts, then open the page
 */
export async function run(app: unknown, options: RunOptions = {}): Promise<RunningApp> {
  const kind = detectApp(app);
  if (kind === undefined)
    throw new TypeError('run() serves an Express, Fastify, Hono or Koa app or a request listener.');
  let target = app as object;
  // A bare request listener gets the node:http adapter, so it has an ErrorApp to put in debug mode.
  if (kind === 'node' && findErrorApp(target) === undefined) target = nodeFaultline(app as Listener);
  const errorApp = errorAppOf(target);
  const debug = options.debug ?? errorApp.settings.debug;
  const useDebugger = options.useDebugger ?? debug;
  const useReloader = options.useReloader ?? debug;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 5000;

  if (debug) assertDebugAllowed(options);
  if (useReloader && !isServingProcess()) {
    const child = spawnReloader();
    log(` * Restarting with node --watch (pid ${child.pid})`);
    return {
      kind,
      url: `http://${host}:${port}`,
      port,
      serving: false,
      close: () =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
  setDebug(errorApp, target, debug, useDebugger, options);
  log(' * Faultline development server: do not use it in a production deployment.');
  log(
    ` * Debug mode: ${debug ? 'on' : 'off'}${debug && !useDebugger ? ' (no debug page: errors propagate)' : ''}`,
  );

  const running =
    kind === 'fastify'
      ? await listenFastify(target, host, port)
      : await listenNode(target, kind, host, port, options);
  log(` * Running on ${running.url}`);
  return { kind, serving: true, ...running };
}

function setDebug(
  errorApp: ErrorApp,
  target: object,
  debug: boolean,
  useDebugger: boolean,
  options: RunOptions,
) {
  if (debug && useDebugger) {
    enableDebugPage(target, options);
    return;
  }
  errorApp.settings.debug = debug;
  errorApp.debugRenderer = undefined;
}

async function listenNode(
  target: object,
  kind: AppKind,
  host: string,
  port: number,
  options: RunOptions,
): Promise<Omit<RunningApp, 'kind' | 'serving'>> {
  const onError = options.onRequestError ?? reportPropagated;
  let listener: Listener;
  if (kind === 'koa') listener = (target as { callback(): Listener }).callback();
  else if (kind === 'hono') {
    const hono = target as { fetch: FetchHandler };
    listener = fetchListener((request) => hono.fetch(request));
  } else listener = target as Listener;
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => listener(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'text/plain; charset=utf-8');
        }
        if (!res.writableEnded) res.end('Internal Server Error');
        onError(error, req);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return addressOf(server, host, () => closeServer(server));
}

async function listenFastify(target: object, host: string, port: number) {
  const fastify = target as {
    listen(o: { host: string; port: number }): Promise<string>;
    close(): Promise<void>;
    server: Server;
  };
  await fastify.listen({ host, port });
  return addressOf(fastify.server, host, () => fastify.close());
}

function addressOf(server: Server, host: string, close: () => Promise<void>) {
  const port = (server.address() as AddressInfo).port;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, close };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Werkzeug's "Error on request" log line. With a debugger attached (`node --inspect`), execution
 * stops at the `debugger` statement below with the error in scope; without one it is a no-op.
 */
function reportPropagated(error: unknown, req: IncomingMessage): void {
  const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  process.stderr.write(`Error on request ${req.method} ${req.url}:\n${text}\n`);
  if (inspector.url() !== undefined) {
    // biome-ignore lint/suspicious/noDebugger: useDebugger: false hands errors to an attached debugger on purpose
    debugger;
  }
}
