// The Storage implementation shared by both backends: each method delegates to the module that
// owns it; the backend differences live in the Flavor and in how the Kysely instance was opened.
import type { Kysely } from 'kysely';
import * as accounts from './accounts.js';
import { forgetWindows } from './alerts-counters.js';
import { createAlertStore } from './alerts-store.js';
import { digest } from './digest.js';
import * as events from './events.js';
import type { Ctx, Flavor } from './flavor.js';
import * as issues from './issues.js';
import { migrateToLatest, pingQuery } from './migrations.js';
import { type QueueBackend, tableQueue } from './queue.js';
import { deleteEventsBefore } from './retention.js';
import type { Database } from './schema.js';
import type { Storage, StorageCapabilities } from './types.js';

type Methods = Omit<Storage, 'dialect' | 'capabilities' | 'alerts' | 'migrate' | 'ping' | 'close'>;

export interface KyselyStorageOptions {
  /** Releases what the backend opened. */
  onClose: () => Promise<void>;
  /** Runs while the database is still open. */
  beforeClose?: () => Promise<void>;
  /** Where the ingest → digest queue lives (default: the main database's `queue` table). */
  queue?: QueueBackend;
}

/** Builds a Storage over an opened Kysely instance. */
export function createKyselyStorage(
  db: Kysely<Database>,
  flavor: Flavor,
  opts: KyselyStorageOptions,
): Storage {
  const c: Ctx<Database> = { db, flavor };
  const queue = opts.queue ?? tableQueue(c);
  const { onClose, beforeClose } = opts;
  let closed = false;
  const methods: Methods = {
    createProject: (input) => accounts.createProject(c, input),
    getProject: (id) => accounts.getProject(c, id),
    updateProject: (id, input) => accounts.updateProject(c, id, input),
    listProjects: () => accounts.listProjects(c),
    createProjectKey: (projectId, input) => accounts.createProjectKey(c, projectId, input),
    listProjectKeys: (projectId) => accounts.listProjectKeys(c, projectId),
    findProjectKey: (publicKey) => accounts.findProjectKey(c, publicKey),
    revokeProjectKey: (keyId) => accounts.revokeProjectKey(c, keyId),
    updateProjectKey: (keyId, input) => accounts.updateProjectKey(c, keyId, input),
    createUser: (input) => accounts.createUser(c, input),
    getUser: (id) => accounts.getUser(c, id),
    findUserByEmail: (email) => accounts.findUserByEmail(c, email),
    listUsers: () => accounts.listUsers(c),
    countUsers: () => accounts.countUsers(c),
    updateUser: (id, input) => accounts.updateUser(c, id, input),
    addProjectMember: (projectId, userId) => accounts.addProjectMember(c, projectId, userId),
    removeProjectMember: (projectId, userId) => accounts.removeProjectMember(c, projectId, userId),
    listProjectMembers: (projectId) => accounts.listProjectMembers(c, projectId),
    listProjectsForUser: (userId) => accounts.listProjectsForUser(c, userId),
    createApiToken: (input) => accounts.createApiToken(c, input),
    findApiTokenByHash: (hash) => accounts.findApiTokenByHash(c, hash),
    listApiTokens: (userId) => accounts.listApiTokens(c, userId),
    revokeApiToken: (id) => accounts.revokeApiToken(c, id),
    touchApiToken: (id, at) => accounts.touchApiToken(c, id, at),
    enqueue: (items) => queue.enqueue(items),
    claimQueueItems: (limit, leaseMs) => queue.claim(limit, leaseMs),
    dropQueueItems: (ids) => queue.drop(ids),
    queueDepth: () => queue.depth(),
    oldestQueuedAt: () => queue.oldestAt(),
    // A failed batch may have left uncommitted alert windows in their cache (alerts-counters.ts).
    digest: (batch) =>
      digest(c, queue, batch).catch((err: unknown) => {
        forgetWindows(c.db);
        throw err;
      }),
    listIssues: (query) => issues.listIssues(c, query),
    getIssue: (id) => issues.getIssue(c, id),
    setIssueStatus: (ids, status, details) => issues.setIssueStatus(c, ids, status, details),
    deleteIssue: (id) => issues.deleteIssue(c, id),
    listEvents: (issueId, opts) => events.listEvents(c, issueId, opts),
    getEvent: (projectId, eventId) => events.getEvent(c, projectId, eventId),
    adjacentEvents: (issueId, rowId) => events.adjacentEvents(c, issueId, rowId),
    getEventById: (id) => events.getEventById(c, id),
    hourlyCounts: (issueId, since) => events.hourlyCounts(c, issueId, since),
    hourlyCountsForIssues: (issueIds, since) => events.hourlyCountsForIssues(c, issueIds, since),
    tagDistribution: (issueId, limit) => events.tagDistribution(c, issueId, limit),
    deleteEventsBefore: (cutoff, batch) => deleteEventsBefore(c, cutoff, batch),
  };
  const capabilities: StorageCapabilities = { ...flavor.capabilities };
  return {
    dialect: flavor.dialect,
    capabilities,
    alerts: createAlertStore(c),
    ...methods,
    migrate: () => migrateToLatest(db, flavor),
    async ping() {
      if (closed) return false;
      try {
        await pingQuery.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await beforeClose?.();
      } finally {
        queue.close();
        await db.destroy();
      }
      await onClose();
    },
  };
}
