// Alert decisions inside the digest transaction: the counters, the throttle state and the outbox
// rows commit with the events that caused them, so a crash can neither lose an alert (the batch
// rolls back and is digested again) nor send one twice (the throttle state is in the same commit).
// Cost: nothing when the batch's projects have no rules; otherwise a few statements per batch and
// one window query per counting rule, whatever the batch size.
import { type Kysely, sql } from 'kysely';
import { digestGroup, isCounting, isEscalating, matchesFilters, minuteOf } from './alerts-match.js';
import { enabledRules } from './alerts-rows.js';
import type { AlertTables } from './alerts-schema.js';
import type { AlertFacts, AlertRule, AlertTrigger } from './alerts-types.js';
import { chunks, num } from './codec.js';
import type { DigestEvent, DigestOutcome } from './types.js';

type Db = Kysely<AlertTables>;

interface Candidate {
  rule: AlertRule;
  issueId: number;
  event: DigestEvent;
  count?: number;
}

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
    candidates.push(...(await countAndCheck(db, counting, events, outcomes, batchNow)));
  if (candidates.length === 0) return;
  const firing = await throttle(db, candidates, batchNow);
  if (firing.length > 0) await queue(db, firing, Date.now());
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

async function countAndCheck(
  db: Db,
  rules: AlertRule[],
  events: DigestEvent[],
  outcomes: DigestOutcome[],
  batchNow: number,
): Promise<Candidate[]> {
  const counts = new Map<string, { rule_id: number; issue_id: number; minute: number; count: number }>();
  const users = new Map<string, { rule_id: number; issue_id: number; minute: number; user_key: string }>();
  // Per rule: the issues it saw in this batch, with their latest matching event.
  const touched = new Map<AlertRule, Map<number, DigestEvent>>();
  for (const rule of rules) {
    const seen = new Map<number, DigestEvent>();
    outcomes.forEach((o, i) => {
      const e = events[i]!;
      if (!o.stored || e.projectId !== rule.projectId || !matchesFilters(rule.filters, e)) return;
      seen.set(o.issueId, e);
      const minute = minuteOf(e.receivedAt);
      if (rule.trigger === 'users') {
        if (e.userKey === null) return;
        const key = `${rule.id}:${o.issueId}:${minute}:${e.userKey}`;
        users.set(key, { rule_id: rule.id, issue_id: o.issueId, minute, user_key: e.userKey });
      } else {
        const key = `${rule.id}:${o.issueId}:${minute}`;
        const row = counts.get(key);
        if (row) row.count += 1;
        else counts.set(key, { rule_id: rule.id, issue_id: o.issueId, minute, count: 1 });
      }
    });
    if (seen.size > 0) touched.set(rule, seen);
  }
  // Sorted keys: two PostgreSQL digest processes lock counter rows in the same order.
  const sorted = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  for (const part of chunks(sorted(counts), CHUNK)) {
    await db
      .insertInto('alert_counts')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['rule_id', 'issue_id', 'minute'])
          .doUpdateSet((eb) => ({ count: eb('alert_counts.count', '+', eb.ref('excluded.count')) })),
      )
      .execute();
  }
  for (const part of chunks(sorted(users), CHUNK)) {
    await db
      .insertInto('alert_users')
      .values(part)
      .onConflict((oc) => oc.columns(['rule_id', 'issue_id', 'minute', 'user_key']).doNothing())
      .execute();
  }

  const out: Candidate[] = [];
  const nowMinute = minuteOf(batchNow);
  for (const [rule, seen] of touched) {
    const issueIds = [...seen.keys()];
    const current = nowMinute - rule.windowMinutes;
    for (const part of chunks(issueIds, CHUNK)) {
      if (rule.trigger === 'users') {
        const rows = await db
          .selectFrom('alert_users')
          .select(['issue_id', sql<number>`count(distinct user_key)`.as('n')])
          .where('rule_id', '=', rule.id)
          .where('issue_id', 'in', part)
          .where('minute', '>', current)
          .groupBy('issue_id')
          .execute();
        for (const r of rows) {
          const n = num(r.n);
          if (n > rule.threshold)
            out.push({ rule, issueId: num(r.issue_id), event: seen.get(num(r.issue_id))!, count: n });
        }
        continue;
      }
      const since = rule.trigger === 'escalation' ? current - rule.baselineMinutes : current;
      const rows = await db
        .selectFrom('alert_counts')
        .select([
          'issue_id',
          sql<number>`sum(case when minute > ${current} then count else 0 end)`.as('cur'),
          sql<number>`sum(count)`.as('total'),
          sql<number>`min(minute)`.as('first'),
        ])
        .where('rule_id', '=', rule.id)
        .where('issue_id', 'in', part)
        .where('minute', '>', since)
        .groupBy('issue_id')
        .execute();
      for (const r of rows) {
        const cur = num(r.cur);
        const fire =
          rule.trigger === 'frequency'
            ? cur > rule.threshold
            : isEscalating(rule, cur, num(r.total) - cur, current + 1 - num(r.first));
        if (fire) out.push({ rule, issueId: num(r.issue_id), event: seen.get(num(r.issue_id))!, count: cur });
      }
    }
  }
  return out;
}

/** Drops candidates whose rule alerted about the issue within its interval; records the rest. */
async function throttle(db: Db, candidates: Candidate[], now: number): Promise<Candidate[]> {
  const unique = new Map<string, Candidate>();
  for (const c of candidates) unique.set(`${c.rule.id}:${c.issueId}`, c);
  const ruleIds = [...new Set(candidates.map((c) => c.rule.id))];
  const issueIds = [...new Set(candidates.map((c) => c.issueId))];
  const last = new Map<string, number>();
  for (const part of chunks(issueIds, CHUNK)) {
    const rows = await db
      .selectFrom('alert_state')
      .selectAll()
      .where('rule_id', 'in', ruleIds)
      .where('issue_id', 'in', part)
      .execute();
    for (const r of rows) last.set(`${num(r.rule_id)}:${num(r.issue_id)}`, num(r.last_alert_at));
  }
  const firing = [...unique.entries()]
    .filter(([key, c]) => {
      const at = last.get(key);
      return at === undefined || now - at >= c.rule.throttleMinutes * 60_000;
    })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, c]) => c);
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
  return firing;
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
