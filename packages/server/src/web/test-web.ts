// Test support (excluded from the build): the UI plugin on a real Fastify instance over a real
// SQLite database in a temp dir, plus a cookie-keeping client for inject() and event seeding.

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { hashPassword } from '../auth/index.js';
import { openStorage } from '../storage/index.js';
import type { DigestEvent, Level, Storage, User } from '../storage/types.js';
import type { WebConfig } from './context.js';
import { webPlugin } from './plugin.js';

export interface WebTestApp {
  app: FastifyInstance;
  storage: Storage;
  dir: string;
  close(): Promise<void>;
}

/** A Fastify app with only the UI plugin registered, over fresh SQLite storage. */
export async function makeWebApp(config: Partial<WebConfig> = {}): Promise<WebTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-web-'));
  const storage = await openStorage(`sqlite:${join(dir, 'faultline.db')}`, { migrate: true });
  const app = Fastify();
  await app.register(webPlugin, { storage, config: { dataDir: dir, ...config } });
  await app.ready();
  return {
    app,
    storage,
    dir,
    async close() {
      await app.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a user directly in storage. */
export async function createUser(
  storage: Storage,
  email: string,
  password: string,
  isAdmin = false,
): Promise<User> {
  return storage.createUser({ email, passwordHash: await hashPassword(password), isAdmin });
}

/** A browser-like client for inject(): keeps cookies, reads CSRF tokens from pages. */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress = '127.0.0.1',
  ) {}

  async request(opts: InjectOptions & { url: string }) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      remoteAddress: this.remoteAddress,
      ...opts,
      headers: { ...(cookie ? { cookie } : {}), ...opts.headers },
    });
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  /** POSTs a form; `_csrf` is taken from `csrfFrom` (a page URL) unless given. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    opts: { csrfFrom?: string; headers?: Record<string, string> } = {},
  ) {
    const body = new URLSearchParams();
    let csrf = typeof form._csrf === 'string' ? form._csrf : undefined;
    if (csrf === undefined) csrf = csrfIn((await this.get(opts.csrfFrom ?? '/account')).body);
    body.set('_csrf', csrf);
    for (const [k, v] of Object.entries(form)) {
      if (k === '_csrf') continue;
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    }
    return this.request({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
    });
  }

  async login(email: string, password: string) {
    return this.post('/login', { email, password }, { csrfFrom: '/login' });
  }
}

/** The first CSRF token in a page. */
export function csrfIn(page: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
}

let queueSeq = 1_000_000;

/** Stores one event through storage.digest, grouped by `group`, and returns its issue id. */
export async function seedEvent(
  storage: Storage,
  projectId: number,
  event: Record<string, unknown>,
  opts: {
    group?: string;
    title?: string;
    culprit?: string;
    level?: Level;
    timestamp?: number;
    userKey?: string | null;
    tags?: Array<[string, string]>;
  } = {},
): Promise<number> {
  const eventId = randomBytes(16).toString('hex');
  const ts = opts.timestamp ?? Date.now();
  const group = opts.group ?? 'default';
  const ev: DigestEvent = {
    queueId: queueSeq++,
    projectId,
    eventId,
    timestamp: ts,
    receivedAt: ts,
    level: opts.level ?? 'error',
    title: opts.title ?? 'Error: something broke',
    culprit: opts.culprit ?? 'app.js in handler',
    groupingHash: createHash('sha256').update(group).digest('hex'),
    groupingVersion: 1,
    groupingKey: `exception type + frames: ${group}`,
    groupingComponents: { type: 'Error', frames: ['handler'] },
    userKey: opts.userKey ?? null,
    environment: typeof event.environment === 'string' ? event.environment : null,
    release: typeof event.release === 'string' ? event.release : null,
    tags: opts.tags ?? [],
    data: new TextEncoder().encode(JSON.stringify({ event_id: eventId, ...event })),
  };
  const [outcome] = await storage.digest([ev]);
  return outcome!.issueId;
}
