// Conversions between rows and the interface's objects, and the event payload codec.
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { readStoredEvent } from './event-payload.js';
import type {
  ApiTokensTable,
  EventsTable,
  IssuesTable,
  ProjectKeysTable,
  ProjectsTable,
  UsersTable,
} from './schema.js';
import type { ApiToken, Issue, IssueStatus, Level, Project, ProjectKey, StoredEvent, User } from './types.js';

type Row<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer U> ? U : T[K] };

/**
 * Brotli quality 0 (its one-pass fast mode): on the fixtures' events 25 µs at ratio 2.42, against
 * 39 µs at 2.48 for quality 1 and 64 µs at 2.61 for deflate level 1 — compression is the largest
 * single cost of digest, and 2 % more bytes is the cheaper side of that trade. Any quality
 * decompresses alike, so stored events of either setting read the same.
 */
export function compressPayload(data: Uint8Array): Buffer {
  return brotliCompressSync(data, {
    // The output buffer zlib allocates (16 KiB by default) sized to what events compress to (at
    // most about half): the payload row keeps that buffer alive, and allocating 16 KiB per event
    // cost more than the rare second chunk and concatenation when the guess is short.
    chunkSize: (data.byteLength >>> 1) + (data.byteLength >>> 3) + 64,
    params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength },
  });
}

export function decompressPayload(data: Uint8Array): Record<string, unknown> {
  return readStoredEvent(brotliDecompressSync(data));
}

/** Numbers may arrive as strings or bigints from a driver; the interface promises numbers. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

export const toProject = (r: Row<ProjectsTable>): Project => ({
  id: num(r.id),
  name: r.name,
  slug: r.slug,
  createdAt: num(r.created_at),
});

export const toProjectKey = (r: Row<ProjectKeysTable>): ProjectKey => ({
  id: num(r.id),
  projectId: num(r.project_id),
  publicKey: r.public_key,
  label: r.label,
  rateLimitPerMinute: numOrNull(r.rate_limit_per_minute),
  revokedAt: numOrNull(r.revoked_at),
  createdAt: num(r.created_at),
});

export const toUser = (r: Row<UsersTable>): User => ({
  id: num(r.id),
  email: r.email,
  passwordHash: r.password_hash,
  isAdmin: num(r.is_admin) === 1,
  createdAt: num(r.created_at),
  disabledAt: numOrNull(r.disabled_at),
});

export const toApiToken = (r: Row<ApiTokensTable>): ApiToken => ({
  id: num(r.id),
  userId: num(r.user_id),
  label: r.label,
  tokenHash: r.token_hash,
  prefix: r.prefix,
  createdAt: num(r.created_at),
  lastUsedAt: numOrNull(r.last_used_at),
  revokedAt: numOrNull(r.revoked_at),
});

export const toIssue = (r: Row<IssuesTable>): Issue => ({
  id: num(r.id),
  projectId: num(r.project_id),
  title: r.title,
  culprit: r.culprit,
  level: r.level as Level,
  status: r.status as IssueStatus,
  isRegression: num(r.is_regression) === 1,
  firstSeen: num(r.first_seen),
  lastSeen: num(r.last_seen),
  eventCount: num(r.event_count),
  userCount: num(r.user_count),
  groupingVersion: num(r.grouping_version),
  groupingHash: r.grouping_hash,
  groupingKey: r.grouping_key,
  groupingComponents: JSON.parse(r.grouping_components) as unknown,
  statusDetails: r.status_details === null ? null : (JSON.parse(r.status_details) as Record<string, unknown>),
  resolvedAt: numOrNull(r.resolved_at),
});

export const toStoredEvent = (r: Row<EventsTable>): StoredEvent => ({
  id: num(r.id),
  projectId: num(r.project_id),
  issueId: num(r.issue_id),
  eventId: r.event_id,
  timestamp: num(r.timestamp),
  receivedAt: num(r.received_at),
  level: r.level as Level,
  title: r.title,
  environment: r.environment,
  release: r.release,
  data: decompressPayload(r.payload),
});

/** Severity order for "worst level" of an issue. */
const LEVEL_RANK: Record<Level, number> = { debug: 0, info: 1, warning: 2, error: 3, fatal: 4 };
export const worseLevel = (a: Level, b: Level): Level =>
  (LEVEL_RANK[b] ?? 3) > (LEVEL_RANK[a] ?? 3) ? b : a;

/** Splits an array into chunks, keeping statements under the backends' bind-parameter limits. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
