import type { Breadcrumb, Event, Level, User } from '../types.js';

/** What the SDK remembers about the current context and adds to every event captured in it. */
export class Scope {
  user: User | undefined;
  tags: Record<string, string> = {};
  extra: Record<string, unknown> = {};
  contexts: Record<string, Record<string, unknown>> = {};
  breadcrumbs: Breadcrumb[] = [];
  level: Level | undefined;
  fingerprint: string[] | undefined;
  transaction: string | undefined;

  constructor(public maxBreadcrumbs = 100) {}

  /** A copy that can change without touching this scope (for withScope). */
  clone(): Scope {
    const s = new Scope(this.maxBreadcrumbs);
    s.user = this.user ? { ...this.user } : undefined;
    s.tags = { ...this.tags };
    s.extra = { ...this.extra };
    s.contexts = { ...this.contexts };
    s.breadcrumbs = [...this.breadcrumbs];
    s.level = this.level;
    s.fingerprint = this.fingerprint ? [...this.fingerprint] : undefined;
    s.transaction = this.transaction;
    return s;
  }

  setUser(user: User | null): this {
    this.user = user ?? undefined;
    return this;
  }

  setTag(key: string, value: string | number | boolean): this {
    this.tags[key] = String(value);
    return this;
  }

  setTags(tags: Record<string, string | number | boolean>): this {
    for (const [k, v] of Object.entries(tags)) this.setTag(k, v);
    return this;
  }

  setExtra(key: string, value: unknown): this {
    this.extra[key] = value;
    return this;
  }

  setContext(name: string, context: Record<string, unknown> | null): this {
    if (context === null) delete this.contexts[name];
    else this.contexts[name] = context;
    return this;
  }

  setLevel(level: Level): this {
    this.level = level;
    return this;
  }

  setFingerprint(fingerprint: string[]): this {
    this.fingerprint = fingerprint;
    return this;
  }

  setTransaction(name: string): this {
    this.transaction = name;
    return this;
  }

  /** Adds a breadcrumb, dropping the oldest past maxBreadcrumbs. */
  addBreadcrumb(crumb: Breadcrumb): this {
    if (this.maxBreadcrumbs <= 0) return this;
    this.breadcrumbs.push({ timestamp: Date.now() / 1000, ...crumb });
    if (this.breadcrumbs.length > this.maxBreadcrumbs)
      this.breadcrumbs.splice(0, this.breadcrumbs.length - this.maxBreadcrumbs);
    return this;
  }

  clearBreadcrumbs(): this {
    this.breadcrumbs = [];
    return this;
  }

  /** Copies the scope onto an event; what the event already has wins. */
  applyTo(event: Event): Event {
    if (this.user && !event.user) event.user = { ...this.user } as Event['user'];
    if (Object.keys(this.tags).length) event.tags = { ...this.tags, ...event.tags };
    if (Object.keys(this.extra).length) event.extra = { ...this.extra, ...event.extra };
    if (Object.keys(this.contexts).length) event.contexts = { ...event.contexts, ...this.contexts };
    if (this.level) event.level = this.level;
    if (this.fingerprint && !event.fingerprint) event.fingerprint = [...this.fingerprint];
    if (this.transaction && !event.transaction) event.transaction = this.transaction;
    if (this.breadcrumbs.length) {
      event.breadcrumbs = {
        values: [...this.breadcrumbs, ...(event.breadcrumbs?.values ?? [])].slice(-this.maxBreadcrumbs),
      };
    }
    return event;
  }
}
