import diagnostics from 'node:diagnostics_channel';
import { format } from 'node:util';
import type { Level } from '../types.js';

type AddCrumb = (crumb: {
  category: string;
  type?: string;
  level?: Level;
  message?: string;
  data?: Record<string, unknown>;
}) => void;

const LEVELS: Record<string, Level> = {
  log: 'info',
  info: 'info',
  warn: 'warning',
  error: 'error',
  debug: 'debug',
};
const MAX_MESSAGE = 1024;

/** Records console calls as breadcrumbs; returns the undo function. */
export function instrumentConsole(add: AddCrumb): () => void {
  const originals: [keyof Console, (...args: unknown[]) => void][] = [];
  let inside = false;
  for (const name of Object.keys(LEVELS) as (keyof Console)[]) {
    const original = console[name] as (...args: unknown[]) => void;
    originals.push([name, original]);
    (console as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      // format() can call user toString()s that log again: record once.
      if (!inside) {
        inside = true;
        try {
          add({ category: 'console', level: LEVELS[name], message: format(...args).slice(0, MAX_MESSAGE) });
        } catch {
          // a breadcrumb is never worth breaking a log call
        } finally {
          inside = false;
        }
      }
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [name, original] of originals)
      (console as unknown as Record<string, unknown>)[name] = original;
  };
}

interface ClientRequestLike {
  method?: string;
  protocol?: string;
  host?: string;
  path?: string;
  getHeader?(name: string): unknown;
}

/**
 * Records outgoing HTTP requests (node:http/https and fetch) through diagnostics_channel, without
 * patching modules. Requests for which `skip` is true (the SDK's own) are left out.
 */
export function instrumentHttp(add: AddCrumb, skip: (url: string) => boolean): () => void {
  const onHttp = (message: unknown) => {
    const { request, response } = message as {
      request: ClientRequestLike;
      response: { statusCode?: number };
    };
    const host = (request.getHeader?.('host') as string | undefined) ?? request.host ?? '';
    const url = `${request.protocol ?? 'http:'}//${host}${request.path ?? ''}`;
    if (skip(url)) return;
    add({
      category: 'http',
      type: 'http',
      data: { method: request.method, url: withoutQuery(url), status_code: response.statusCode },
    });
  };
  const onFetch = (message: unknown) => {
    const { request, response } = message as {
      request: { method?: string; origin?: string; path?: string };
      response: { statusCode?: number };
    };
    const url = `${request.origin ?? ''}${request.path ?? ''}`;
    if (skip(url)) return;
    add({
      category: 'http',
      type: 'http',
      data: { method: request.method, url: withoutQuery(url), status_code: response.statusCode },
    });
  };
  diagnostics.subscribe('http.client.response.finish', onHttp);
  diagnostics.subscribe('undici:request:headers', onFetch);
  return () => {
    diagnostics.unsubscribe('http.client.response.finish', onHttp);
    diagnostics.unsubscribe('undici:request:headers', onFetch);
  };
}

// Query strings carry tokens often enough that they stay out of breadcrumbs.
function withoutQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
