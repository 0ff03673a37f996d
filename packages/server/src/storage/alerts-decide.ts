// Alert decisions inside the digest transaction: the counters, the throttle state and the outbox
// rows commit with the events that caused them, so a crash can neither lose an alert (the batch
// rolls back and is digested again) nor send one twice (the throttle state is in the same commit).
// Cost: nothing when the batch's projects have no rules; otherwise the window upserts (which return
// the counts) and, only when some rule trips, one throttle read and the state and outbox writes.
import type { Kysely } from 'kysely';
import { type Candidate, countAndCheck } from './alerts-counters.js';
import { digestGroup, isCounting, matchesFilters } from './alerts-match.js';
import { enabledRules } from './alerts-rows.js';
import type { AlertTables } from './alerts-schema.js';
import type { AlertFacts, AlertRule, AlertTrigger } from './alerts-types.js';
import { chunks, num } from './codec.js';
import type { DigestEvent, DigestOutcome } from './types.js';

type Db = Kysely<AlertTables>;

const CHUNK = 300;

/** Evaluates the projects' rules over one digested batch and queues the alerts they fire. */
export async function decideAlerts(
  handle: object,
  tx: object,
  events: DigestEvent[],
  outcomes: DigestOutcome[],
): Promise<void> {
  const db = tx as unknown as Db;
  const projects = new Set(events.map((e) => e.projectId));
  const rules = await enabledRules(handle, db, projects);
  if (rules.length === 0) return;

  let batchNow = 0;
  for (const e of events) if (e.receivedAt > batchNow) batchNow = e.receivedAt;
  const candidates: Candidate[] = [];
  const counting: AlertRule[] = [];
  for (const rule of rules) {
    if (isCounting(rule)) counting.push(rule);
    else candidates.push(...flagged(rule, events, outcomes));
  }
  if (counting.length > 0)
    candidates.push(...(await countAndCheck(handle, db, counting, events, outcomes, batchNow)));
  if (candidates.length === 0) return;
  const firing = await throttle(db, unique(candidates), batchNow);
  if (firing.length === 0) return;
  await recordAlerts(db, firing, batchNow);
  await queue(db, firing, Date.now());
}

function flagged(rule: AlertRule, events: DigestEvent[], outcomes: DigestOutcome[]): Candidate[] {
  const out: Candidate[] = [];
  outcomes.forEach((o, i) => {
    const event = events[i]!;
    if (event.projectId !== rule.projectId || !o.stored) return;
    const hit = rule.trigger === 'new_issue' ? o.isNewIssue : o.isRegression;
    if (hit && matchesFilters(rule.filters, event)) out.push({ rule, issueId: o.issueId, event });
  });
  return out;
}

/** Drops candidates whose rule alerted about the issue within its throttle interval. */
async function throttle(db: Db, candidates: Candidate[], now: number): Promise<Candidate[]> {
  const last = new Map<string, number>();
  const ruleIds = [...new Set(candidates.map((c) => c.rule.id))];
  for (const part of chunks([...new Set(candidates.map((c) => c.issueId))], CHUNK)) {
    const rows = await db
      .selectFrom('alert_state')
      .selectAll()
      .where('rule_id', 'in', ruleIds)
      .where('issue_id', 'in', part)
      .execute();
    for (const r of rows) last.set(`${num(r.rule_id)}:${num(r.issue_id)}`, num(r.last_alert_at));
  }
  return candidates.filter((c) => {
    const at = last.get(`${c.rule.id}:${c.issueId}`);
    return at === undefined || now - at >= c.rule.throttleMinutes * 60_000;
  });
}

const unique = (candidates: Candidate[]): Candidate[] => {
  const byKey = new Map<string, Candidate>();
  for (const c of candidates) byKey.set(`${c.rule.id}:${c.issueId}`, c);
  // Sorted: two PostgreSQL digest processes lock state rows in the same order.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
};

/** The throttle: records that each firing rule alerted about its issue now. */
async function recordAlerts(db: Db, firing: Candidate[], now: number): Promise<void> {
  for (const part of chunks(firing, CHUNK)) {
    await db
      .insertInto('alert_state')
      .values(part.map((c) => ({ rule_id: c.rule.id, issue_id: c.issueId, last_alert_at: now })))
      .onConflict((oc) =>
        oc
          .columns(['rule_id', 'issue_id'])
          .doUpdateSet((eb) => ({ last_alert_at: eb.ref('excluded.last_alert_at') })),
      )
      .execute();
  }
}

async function queue(db: Db, firing: Candidate[], now: number): Promise<void> {
  const rows = firing.flatMap((c) =>
    c.rule.channels.map((channel, index) => {
      const group = c.rule.digestMinutes > 0 ? digestGroup(c.rule, index, now) : null;
      return {
        rule_id: c.rule.id,
        project_id: c.rule.projectId,
        issue_id: c.issueId,
        channel: JSON.stringify(channel),
        facts: JSON.stringify(factsOf(c)),
        status: 'pending',
        attempts: 0,
        next_attempt_at: group ? group.due : now,
        group_key: group ? group.key : null,
        created_at: now,
      };
    }),
  );
  for (const part of chunks(rows, CHUNK)) await db.insertInto('alert_outbox').values(part).execute();
}

function factsOf(c: Candidate): AlertFacts {
  const e = c.event;
  const facts: AlertFacts = {
    kind: c.rule.trigger as AlertTrigger,
    ruleName: c.rule.name,
    projectId: c.rule.projectId,
    issueId: c.issueId,
    eventId: e.eventId,
    title: e.title,
    culprit: e.culprit,
    level: e.level,
    environment: e.environment,
    release: e.release,
  };
  if (c.count !== undefined) {
    facts.count = c.count;
    facts.windowMinutes = c.rule.windowMinutes;
  }
  return facts;
}
