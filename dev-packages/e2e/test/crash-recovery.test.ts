// Durability across a crash: the server runs as its own process (the CLI), concurrent clients send
// distinct events and record every id answered 200, the server is killed with SIGKILL mid-stream,
// then started again on the same data dir. Clients re-send what got no answer (and some that did,
// as a retrying client would). Every event answered 200 must be stored and digested, none twice.

import { loadConfig, startServer } from '@faultline/server';
import { type TempDir, tempDir } from '@faultline/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeEvent, newEventId, postEnvelope } from '../src/event-sender.js';
import type { Storage } from '../src/harness.js';
import { sendRaw } from '../src/raw-http.js';
import {
  createProjectWithCli,
  type ProjectDsn,
  type ServerProcess,
  startServerProcess,
} from '../src/server-process.js';
import { waitFor } from '../src/wait.js';

const CLIENTS = 4;
const ACCEPTED_BEFORE_KILL = 300;
const MAX_EVENTS_PER_CLIENT = 5_000;
// A killed digest leaves claimed rows leased; a short lease lets the restarted one take them over.
// Digest idles half a second whenever it finds the queue empty and then works in small batches, so
// it lags behind ingest: the kill finds events accepted but not digested yet, and often a digest
// transaction in flight.
const ENV = {
  FAULTLINE_DIGEST_LEASE_MS: '1000',
  FAULTLINE_DIGEST_IDLE_MS: '500',
  FAULTLINE_DIGEST_BATCH_SIZE: '10',
};

let dir: TempDir;
let project: ProjectDsn;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dir = tempDir('fl-e2e-crash-');
  project = await createProjectWithCli(dir.path, 'crash');
});
afterAll(async () => {
  await server?.stop();
  dir?.remove();
});

async function queueDepth(port: number): Promise<number> {
  const outcome = await sendRaw(port, {
    method: 'GET',
    path: '/healthz',
    headers: [['Host', '127.0.0.1']],
    body: new Uint8Array(),
  });
  if (outcome.kind !== 'response') throw new Error('healthz closed without an answer');
  return Number((JSON.parse(outcome.response.body.toString('utf8')) as { queueDepth: number }).queueDepth);
}

async function allEventIds(storage: Storage, projectId: number): Promise<string[]> {
  const ids: string[] = [];
  const issues = (await storage.listIssues({ projectIds: [projectId], limit: 100 })).items;
  for (const issue of issues) {
    let cursor: string | undefined;
    for (let page = 0; page < 1_000; page++) {
      const result = await storage.listEvents(issue.id, { limit: 100, ...(cursor ? { cursor } : {}) });
      ids.push(...result.items.map((event) => event.eventId));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
  }
  return ids;
}

it('stores and digests every event answered 200 exactly once across kill -9 and restart', async () => {
  server = await startServerProcess({ dataDir: dir.path, env: ENV });
  const port = server.port;
  const accepted = new Set<string>();
  const unanswered: Array<Record<string, unknown>> = [];
  let stopped = false;

  const clients = Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = 0; n < MAX_EVENTS_PER_CLIENT && !stopped; n++) {
      const event = makeEvent(newEventId(), `client ${client} event ${n}`);
      const status = await postEnvelope(port, project, event);
      if (status === 200) accepted.add(String(event.event_id));
      else unanswered.push(event);
      // After the kill, connections are refused at once: do not spin.
      if (status === 'error') await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  await waitFor(async () => (accepted.size >= ACCEPTED_BEFORE_KILL ? true : undefined), {
    timeoutMs: 30_000,
    describe: () => `only ${accepted.size} events accepted\n${server?.output()}`,
  });
  const queuedBeforeKill = await queueDepth(port);
  await server.kill9();
  const acceptedAtKill = accepted.size;
  // Let the clients run into the dead server for a moment (refused and reset connections).
  await new Promise((resolve) => setTimeout(resolve, 200));
  stopped = true;
  await Promise.all(clients);
  const acceptedBeforeCrash = accepted.size;

  server = await startServerProcess({ dataDir: dir.path, port, env: ENV });
  const queuedAtRestart = await queueDepth(port);

  // The retry a real client would do: everything without an answer, plus some already accepted.
  const duplicates = [...accepted].slice(0, 25);
  for (const event of unanswered) {
    expect(await postEnvelope(port, project, event)).toBe(200);
    accepted.add(String(event.event_id));
  }
  for (const id of duplicates) expect(await postEnvelope(port, project, makeEvent(id, 'retried'))).toBe(200);

  await waitFor(async () => ((await queueDepth(port)) === 0 ? true : undefined), {
    timeoutMs: 30_000,
    describe: async () => `queue depth ${await queueDepth(port)}`,
  });
  await server.stop();

  // Read what the restarted server stored through the server's own storage layer.
  const reader = await startServer({
    config: loadConfig({ flags: { port: 0, dataDir: dir.path, logLevel: 'warn' }, env: {} }),
  });
  try {
    const storedIds = await allEventIds(reader.storage, project.projectId);
    const distinct = new Set(storedIds);
    const missing = [...accepted].filter((id) => !distinct.has(id));
    console.info(
      `crash test: ${acceptedAtKill} accepted at kill, ${acceptedBeforeCrash} before the restart, ${unanswered.length} unanswered and re-sent, ` +
        `${queuedBeforeKill} queued just before the kill, ${queuedAtRestart} still queued when the restarted server answered, ${storedIds.length} stored after digest, ${duplicates.length} duplicates re-sent`,
    );
    expect(acceptedBeforeCrash).toBeGreaterThanOrEqual(ACCEPTED_BEFORE_KILL);
    expect(missing).toEqual([]);
    expect(storedIds.length).toBe(distinct.size);
    expect(distinct.size).toBe(accepted.size);
    const issues = (await reader.storage.listIssues({ projectIds: [project.projectId], limit: 100 })).items;
    expect(issues.reduce((sum, issue) => sum + issue.eventCount, 0)).toBe(accepted.size);
    expect(await reader.storage.queueDepth()).toBe(0);
  } finally {
    await reader.close();
  }
}, 120_000);
