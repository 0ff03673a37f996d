/** The kinds of app `run()` can serve. */
export type AppKind = 'express' | 'fastify' | 'hono' | 'koa' | 'node';

type Loose = Record<string, unknown>;

const isFn = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';

/**
 * Tells which framework an app object belongs to, by shape rather than by `instanceof`, so no framework
 * is imported (they are optional) and two copies of one framework in node_modules still match.
 */
export function detectApp(app: unknown): AppKind | undefined {
  if (app === null || (typeof app !== 'object' && typeof app !== 'function')) return undefined;
  const a = app as Loose;
  // Fastify instances are objects with inject/ready/register (and their own listen).
  if (isFn(a.inject) && isFn(a.ready) && isFn(a.register) && isFn(a.listen)) return 'fastify';
  // Koa apps have callback() and a middleware array.
  if (isFn(a.callback) && isFn(a.use) && Array.isArray(a.middleware)) return 'koa';
  // Hono apps answer web-standard fetch and mount sub-apps with route().
  if (isFn(a.fetch) && isFn(a.route) && Array.isArray(a.routes)) return 'hono';
  // Express apps are request listeners with the application prototype (handle, set, use).
  if (isFn(app) && isFn(a.handle) && isFn(a.set) && isFn(a.use)) return 'express';
  if (isFn(app)) return 'node';
  return undefined;
}
