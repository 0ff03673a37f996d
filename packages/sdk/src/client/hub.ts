import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { Breadcrumb, EventHint, Level, User } from '../types.js';
import type { Client } from './client.js';
import { Scope } from './scope.js';

// One process-wide current client and scope, like Sentry's global hub; withScope forks the scope
// for the async work started inside it.
const storage = new AsyncLocalStorage<Scope>();
let globalScope = new Scope();
let currentClient: Client | undefined;

/** Makes a client the one the top-level functions use. */
export function setCurrentClient(client: Client | undefined): void {
  currentClient = client;
  if (client) globalScope.maxBreadcrumbs = client.options.maxBreadcrumbs;
}

/** The client set by the last init/createReporter, if any. */
export function getClient(): Client | undefined {
  return currentClient;
}

/** The scope in effect here: the innermost withScope, else the global one. */
export function getCurrentScope(): Scope {
  return storage.getStore() ?? globalScope;
}

/** Starts from a clean global scope (tests, or a second init). */
export function resetGlobalScope(): void {
  globalScope = new Scope(currentClient?.options.maxBreadcrumbs ?? 100);
}

/**
 * Gives every incoming HTTP request (node:http, so Express, Fastify, Koa and Hono's Node server
 * alike) its own copy of the global scope, so `setUser` or breadcrumbs in one request never land on
 * another request's events. Node publishes `http.server.request.start` synchronously just before
 * the 'request' event, so entering the scope there covers the handler and everything it awaits.
 * Returns the uninstall function.
 */
export function isolateRequests(): () => void {
  const onRequest = () => storage.enterWith(globalScope.clone());
  diagnostics.subscribe('http.server.request.start', onRequest);
  return () => diagnostics.unsubscribe('http.server.request.start', onRequest);
}

/**
 * Runs `fn` with a copy of the current scope; changes inside stay inside, including in async work.
 * @example withScope((scope) => { scope.setTag('job', 'nightly'); captureException(err); });
 */
export function withScope<T>(fn: (scope: Scope) => T): T {
  return storage.run(getCurrentScope().clone(), () => fn(storage.getStore()!));
}

/** Reports an error; returns the event id ('' when not sent). Never throws. */
export function captureException(error: unknown, hint?: EventHint): string {
  return currentClient?.captureException(error, hint, getCurrentScope()) ?? '';
}

/** Reports a message at a level (info by default). Never throws. */
export function captureMessage(message: string, level: Level = 'info'): string {
  return currentClient?.captureMessage(message, level, {}, getCurrentScope()) ?? '';
}

/** Sets the user on the current scope. */
export function setUser(user: User | null): void {
  getCurrentScope().setUser(user);
}

/** Sets a tag on the current scope. */
export function setTag(key: string, value: string | number | boolean): void {
  getCurrentScope().setTag(key, value);
}

/** Sets tags on the current scope. */
export function setTags(tags: Record<string, string | number | boolean>): void {
  getCurrentScope().setTags(tags);
}

/** Sets an extra value on the current scope. */
export function setExtra(key: string, value: unknown): void {
  getCurrentScope().setExtra(key, value);
}

/** Sets (or with null removes) a named context on the current scope. */
export function setContext(name: string, context: Record<string, unknown> | null): void {
  getCurrentScope().setContext(name, context);
}

/** Records a breadcrumb on the current scope (through beforeBreadcrumb). */
export function addBreadcrumb(crumb: Breadcrumb): void {
  const before = currentClient?.options.beforeBreadcrumb;
  let kept: Breadcrumb | null = crumb;
  if (before) {
    try {
      kept = before(crumb);
    } catch {
      kept = crumb;
    }
  }
  if (kept) getCurrentScope().addBreadcrumb(kept);
}

/** Waits for queued events to be sent; false when the timeout came first. */
export function flush(timeoutMs?: number): Promise<boolean> {
  return currentClient?.flush(timeoutMs) ?? Promise.resolve(true);
}

/** Flushes and shuts the SDK down. */
export async function close(timeoutMs?: number): Promise<boolean> {
  const client = currentClient;
  if (!client) return true;
  const ok = await client.close(timeoutMs);
  if (currentClient === client) setCurrentClient(undefined);
  return ok;
}
