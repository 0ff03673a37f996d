import type { Event } from '../types.js';
import { maskCardNumbers } from './luhn.js';

/** What replaces a scrubbed value. */
export const FILTERED = '[Filtered]';

/** Key fragments whose values never leave the process (matched case-insensitively, ignoring - _ .). */
export const DEFAULT_DENY_LIST = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'authorization',
  'auth',
  'cookie',
  'session',
  'csrf',
  'xsrf',
  'creditcard',
  'cardnumber',
  'ccnumber',
  'cvv',
  'ssn',
  'bearer',
];

// Keys that contain a deny fragment by accident ("author" contains "auth").
const ALLOWED_KEYS = new Set(['author', 'authors', 'authority', 'authored']);
const MAX_DEPTH = 12;

/** Removes secrets from an event: values under denied keys, and card numbers in any string. */
export class Scrubber {
  readonly #fragments: string[];

  constructor(extraFields: string[] = []) {
    this.#fragments = [...DEFAULT_DENY_LIST, ...extraFields].map(normalizeKey).filter((f) => f !== '');
  }

  /** True when values under this key are secret. */
  isDenied(key: string): boolean {
    const k = normalizeKey(key);
    if (ALLOWED_KEYS.has(k)) return false;
    return this.#fragments.some((f) => k.includes(f));
  }

  /** Scrubs any JSON-like value: denied keys are replaced, strings are card-masked. */
  scrubValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return maskCardNumbers(value, FILTERED);
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        this.isDenied(k) && v !== null && v !== undefined && v !== ''
          ? FILTERED
          : this.scrubValue(v, depth + 1);
    }
    return out;
  }

  /** Scrubs a query string, keeping its shape. */
  scrubQuery(query: string): string {
    const params = new URLSearchParams(query);
    for (const [k] of params) if (this.isDenied(k)) params.set(k, FILTERED);
    return maskCardNumbers(params.toString(), FILTERED);
  }

  /** Scrubs everything in an event that can carry user data, in place. */
  scrubEvent(event: Event): Event {
    const request = event.request;
    if (request) {
      if (request.headers) request.headers = this.scrubValue(request.headers) as Record<string, string>;
      if (request.cookies !== undefined) request.cookies = FILTERED;
      if (typeof request.query_string === 'string')
        request.query_string = this.scrubQuery(request.query_string);
      else if (request.query_string)
        request.query_string = this.scrubValue(request.query_string) as Record<string, unknown>;
      if (request.data !== undefined) request.data = this.#scrubBody(request.data);
      if (request.url) request.url = this.#scrubUrl(request.url);
    }
    if (event.extra) event.extra = this.scrubValue(event.extra) as Record<string, unknown>;
    if (event.contexts) event.contexts = this.scrubValue(event.contexts) as Event['contexts'];
    if (event.user?.data) event.user.data = this.scrubValue(event.user.data) as Record<string, unknown>;
    if (typeof event.message === 'string') event.message = maskCardNumbers(event.message, FILTERED);
    for (const crumb of event.breadcrumbs?.values ?? []) {
      if (crumb.message) crumb.message = maskCardNumbers(crumb.message, FILTERED);
      if (crumb.data) crumb.data = this.scrubValue(crumb.data) as Record<string, unknown>;
    }
    for (const exception of event.exception?.values ?? []) {
      if (exception.value) exception.value = maskCardNumbers(exception.value, FILTERED);
      for (const frame of exception.stacktrace?.frames ?? []) {
        if (frame.vars) frame.vars = this.scrubValue(frame.vars) as Record<string, unknown>;
      }
    }
    return event;
  }

  #scrubBody(data: unknown): unknown {
    if (typeof data !== 'string') return this.scrubValue(data);
    const trimmed = data.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(this.scrubValue(JSON.parse(data)));
      } catch {
        // not JSON after all: fall through to the form/string rules
      }
    }
    if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(data)) return this.scrubQuery(data);
    return maskCardNumbers(data, FILTERED);
  }

  #scrubUrl(url: string): string {
    const q = url.indexOf('?');
    if (q < 0) return url;
    return `${url.slice(0, q)}?${this.scrubQuery(url.slice(q + 1))}`;
  }
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, '');
}
