import type { ErrorApp } from './error-app.js';

const apps = new WeakMap<object, ErrorApp>();

/** Remembers which ErrorApp serves a framework app object (adapters call this). */
export function bindErrorApp(target: object, app: ErrorApp): void {
  apps.set(target, app);
}

/**
 * The ErrorApp bound to a framework app object, if any: how another package (the SDK's
 * `reporter.attach(expressApp)`) finds it.
 */
export function findErrorApp(target: object): ErrorApp | undefined {
  return apps.get(target);
}
