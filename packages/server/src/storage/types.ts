// The one storage interface of the server. SQLite (embedded default) and PostgreSQL implement it and
// pass one contract suite (storage/contract-suite.ts). Nothing outside storage/ imports a driver.
//
// Conventions: ids are time-ordered integers (autoincrement / bigserial) because random UUID keys
// halve SQLite insert speed as tables grow; timestamps are epoch milliseconds (numbers) everywhere
// in this interface, whatever the column type underneath; counts come back as numbers on both
// backends (pg returns bigint counts as strings: implementations convert).

export type IssueStatus = 'unresolved' | 'resolved' | 'ignored';
export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

export interface Project {
  id: number;
  name: string;
  slug: string;
  createdAt: number;
}

export interface ProjectKey {
  id: number;
  projectId: number;
  /** 32 hex chars; the DSN's user part. Public by design (it ships in browser bundles). */
  publicKey: string;
  label: string;
  /** Events per minute this key may send; null: no per-key limit. */
  rateLimitPerMinute: number | null;
  revokedAt: number | null;
  createdAt: number;
}

/** One accepted event waiting in the ingest → digest queue. */
export interface QueueItem {
  projectId: number;
  /** 32 lowercase hex chars. */
  eventId: string;
  receivedAt: number;
  /** The event JSON (UTF-8), decoded from its transport encodings, as accepted by ingest. */
  payload: Uint8Array;
  /** Client address and similar facts ingest saw that the payload does not carry. */
  meta?: {
    remoteAddr?: string;
    userAgent?: string /** The envelope header's sent_at, for clock-drift correction. */;
    sentAt?: string;
  };
}

export interface ClaimedQueueItem extends QueueItem {
  id: number;
  attempts: number;
}

/** What digest computed for one event before the write transaction (grouping is done by then). */
export interface DigestEvent {
  queueId: number;
  projectId: number;
  eventId: string;
  /** Event time (clamped by normalization), ms. */
  timestamp: number;
  receivedAt: number;
  level: Level;
  title: string;
  culprit: string;
  /** sha256 hex of the grouping key; with projectId and groupingVersion identifies the issue. */
  groupingHash: string;
  groupingVersion: number;
  /** Readable grouping key and the components that made it (JSON), kept on the issue. */
  groupingKey: string;
  groupingComponents: unknown;
  /** Distinct-user key (id, email, username or ip), null when the event has no user. */
  userKey: string | null;
  environment: string | null;
  release: string | null;
  /** Tag pairs to index (environment, release, level, server_name, runtime, browser, os, user, sdk tags). */
  tags: Array<[string, string]>;
  /** The normalized event, stored whole (implementations compress it). */
  data: Uint8Array;
}

export interface DigestOutcome {
  queueId: number;
  eventId: string;
  issueId: number;
  /** False when the event id was already stored (the duplicate is dropped, the queue row removed). */
  stored: boolean;
  isNewIssue: boolean;
  /** The issue was resolved and this event reopened it. */
  isRegression: boolean;
}

export interface Issue {
  id: number;
  projectId: number;
  title: string;
  culprit: string;
  level: Level;
  status: IssueStatus;
  isRegression: boolean;
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  userCount: number;
  groupingVersion: number;
  groupingHash: string;
  groupingKey: string;
  groupingComponents: unknown;
  /** Set by 'ignore until N more events' / 'for a time' / 'resolve in next release' (UI issue). */
  statusDetails: Record<string, unknown> | null;
  resolvedAt: number | null;
}

export interface StoredEvent {
  id: number;
  projectId: number;
  issueId: number;
  eventId: string;
  timestamp: number;
  receivedAt: number;
  level: Level;
  title: string;
  environment: string | null;
  release: string | null;
  /** The normalized event, decompressed and parsed. */
  data: Record<string, unknown>;
}

export type IssueSort = 'lastSeen' | 'firstSeen' | 'events' | 'users';

export interface IssueQuery {
  /** Omit for all projects. */
  projectIds?: number[];
  status?: IssueStatus;
  level?: Level;
  environment?: string;
  release?: string;
  /** Tag filters, every one must match some event of the issue. */
  tags?: Array<[string, string]>;
  /** Free text over title and culprit (case-insensitive substring). */
  text?: string;
  sort?: IssueSort;
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface HourlyCount {
  /** Start of the hour, ms. */
  hour: number;
  count: number;
}

export interface User {
  id: number;
  email: string;
  /** scrypt hash in PHC-like form produced by the auth module; never the password. */
  passwordHash: string;
  isAdmin: boolean;
  createdAt: number;
  disabledAt: number | null;
}

export interface ApiToken {
  id: number;
  userId: number;
  label: string;
  /** sha256 hex of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  /** First characters of the token, to tell tokens apart in lists. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface StorageCapabilities {
  /** Several digest processes may claim queue rows concurrently (FOR UPDATE SKIP LOCKED). */
  concurrentClaims: boolean;
}

export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  /** Alert rules and the alert outbox (storage/alerts-types.ts). */
  readonly alerts: import('./alerts-types.js').AlertStore;
  readonly capabilities: StorageCapabilities;

  /** Apply pending migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /** True while the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;

  // Projects and DSN keys.
  createProject(input: { name: string; slug?: string }): Promise<Project>;
  getProject(id: number): Promise<Project | undefined>;
  /** Renames a project (the slug stays). */
  updateProject(id: number, input: { name?: string }): Promise<void>;
  listProjects(): Promise<Project[]>;
  createProjectKey(
    projectId: number,
    input?: { label?: string; rateLimitPerMinute?: number | null },
  ): Promise<ProjectKey>;
  listProjectKeys(projectId: number): Promise<ProjectKey[]>;
  /** Looks a key up by its public part, revoked or not (ingest tells 403 revoked from unknown). */
  findProjectKey(publicKey: string): Promise<ProjectKey | undefined>;
  revokeProjectKey(keyId: number): Promise<void>;
  updateProjectKey(
    keyId: number,
    input: { label?: string; rateLimitPerMinute?: number | null },
  ): Promise<void>;

  // Accounts, membership and API tokens.
  createUser(input: { email: string; passwordHash: string; isAdmin: boolean }): Promise<User>;
  getUser(id: number): Promise<User | undefined>;
  findUserByEmail(email: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  updateUser(
    id: number,
    input: { passwordHash?: string; isAdmin?: boolean; disabledAt?: number | null },
  ): Promise<void>;
  addProjectMember(projectId: number, userId: number): Promise<void>;
  removeProjectMember(projectId: number, userId: number): Promise<void>;
  listProjectMembers(projectId: number): Promise<User[]>;
  /** Projects a user belongs to (administrators see every project: callers decide). */
  listProjectsForUser(userId: number): Promise<Project[]>;
  createApiToken(input: {
    userId: number;
    label: string;
    tokenHash: string;
    prefix: string;
  }): Promise<ApiToken>;
  findApiTokenByHash(tokenHash: string): Promise<ApiToken | undefined>;
  listApiTokens(userId: number): Promise<ApiToken[]>;
  revokeApiToken(id: number): Promise<void>;
  touchApiToken(id: number, at: number): Promise<void>;

  // The ingest → digest queue. enqueue is one transaction for the whole batch: when it resolves,
  // every item is durable (ingest answers 200 only then).
  enqueue(items: QueueItem[]): Promise<void>;
  /**
   * Claims up to `limit` items, oldest first, leasing them for `leaseMs`; items whose lease ran out
   * (a crashed digest) are claimable again, with `attempts` incremented.
   */
  claimQueueItems(limit: number, leaseMs: number): Promise<ClaimedQueueItem[]>;
  /** Removes queue rows that cannot be digested (after logging), so they do not block the queue. */
  dropQueueItems(ids: number[]): Promise<void>;
  queueDepth(): Promise<number>;
  /** Receive time of the oldest queued item, for the digest-lag metric. */
  oldestQueuedAt(): Promise<number | null>;

  /**
   * One short write transaction: stores the events (duplicates by (projectId, eventId) are
   * dropped), creates or updates their issues (counts, last seen, level, distinct users, hourly
   * counts, tags), reopens resolved issues as regressions, and takes the items off the queue in
   * the same transaction.
   */
  digest(events: DigestEvent[]): Promise<DigestOutcome[]>;

  // Read side.
  listIssues(query: IssueQuery): Promise<Page<Issue>>;
  getIssue(id: number): Promise<Issue | undefined>;
  setIssueStatus(ids: number[], status: IssueStatus, details?: Record<string, unknown> | null): Promise<void>;
  deleteIssue(id: number): Promise<void>;
  /** Events of an issue, newest first by default. */
  listEvents(
    issueId: number,
    opts?: { limit?: number; cursor?: string; order?: 'newest' | 'oldest' },
  ): Promise<Page<StoredEvent>>;
  getEvent(projectId: number, eventId: string): Promise<StoredEvent | undefined>;
  /** Neighbours of an event within its issue, for previous / next navigation. */
  adjacentEvents(
    issueId: number,
    eventRowId: number,
  ): Promise<{ previous: number | null; next: number | null }>;
  getEventById(id: number): Promise<StoredEvent | undefined>;
  hourlyCounts(issueId: number, sinceMs: number): Promise<HourlyCount[]>;
  /** hourlyCounts for several issues in one query (issue lists); every requested id gets a key. */
  hourlyCountsForIssues(issueIds: number[], sinceMs: number): Promise<Record<number, HourlyCount[]>>;
  /** Top values per tag key over an issue's events: { key: [[value, count], …] }. */
  tagDistribution(issueId: number, limitPerKey?: number): Promise<Record<string, Array<[string, number]>>>;

  // Retention: deletes at most `batchSize` events older than `cutoffMs`; returns how many it deleted.
  deleteEventsBefore(cutoffMs: number, batchSize: number): Promise<number>;
}
