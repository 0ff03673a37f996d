import { startSmtpInbox } from '@faultline/test-utils/smtp';
// Alerts through the real pipeline: SQLite storage → digest worker → outbox → sender → a real SMTP
// server / a real HTTP receiver on 127.0.0.1.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  BASE_TIME,
  eventItem,
  freePort,
  type Pipeline,
  pipeline,
  removeTempDirs,
  rule,
} from './test-alerts.js';

afterAll(removeTempDirs);
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function withSmtp(settings: Parameters<typeof pipeline>[0] = {}) {
  const smtp = await startSmtpInbox();
  cleanup.push(smtp.close);
  const p = await pipeline({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, ...settings });
  cleanup.push(p.close);
  return { smtp, p };
}

const drainSender = async (p: Pipeline) => {
  for (let i = 0; i < 100 && (await p.sender.runOnce()) > 0; i++);
};

describe('new issues and regressions', () => {
  it('a new issue sends exactly one mail to the project members, with the facts and a link', async () => {
    const { smtp, p } = await withSmtp();
    await p.storage.alerts.createRule(rule(p.projectId, { name: 'new issues' }));
    await p.ingest([
      eventItem(p.projectId, { key: 'checkout' }),
      eventItem(p.projectId, { key: 'checkout' }),
    ]);
    await p.ingest([eventItem(p.projectId, { key: 'checkout' })]);
    await drainSender(p);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['dev@example.com']);
    expect(mail.subject).toContain('[Shop] New issue: TypeError: failure checkout');
    expect(mail.body).toContain('Culprit: GET /route/checkout');
    expect(mail.body).toContain('Top frame: handle_checkout (src/checkout.js:42)');
    expect(mail.body).toContain('Events: 3');
    const [issue] = (await p.storage.listIssues({ projectIds: [p.projectId] })).items;
    expect(mail.body).toContain(`http://faultline.test/issues/${issue!.id}`);
    expect(mail.body).toContain('Content-Type: text/html');
    const [delivery] = await p.storage.alerts.listDeliveries(p.projectId, 10);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('a project without members mails the administrators instead of nobody', async () => {
    const { smtp, p } = await withSmtp();
    const [member] = await p.storage.listProjectMembers(p.projectId);
    await p.storage.removeProjectMember(p.projectId, member!.id);
    await p.storage.createUser({ email: 'root@example.com', passwordHash: 'x', isAdmin: true });
    await p.storage.createUser({ email: 'gone@example.com', passwordHash: 'x', isAdmin: true });
    const gone = await p.storage.findUserByEmail('gone@example.com');
    await p.storage.updateUser(gone!.id, { disabledAt: BASE_TIME });
    await p.storage.alerts.createRule(rule(p.projectId, { name: 'new issues' }));
    await p.ingest([eventItem(p.projectId, { key: 'orphan' })]);
    await drainSender(p);
    expect(smtp.mails.map((m) => m.to)).toEqual([['root@example.com']]);
  });

  it('decides alerts inside the digest transaction: the outbox row exists when digest returns', async () => {
    const p = await pipeline();
    cleanup.push(p.close);
    await p.storage.alerts.createRule(rule(p.projectId, {}));
    await p.storage.enqueue([eventItem(p.projectId, { key: 'x' })]);
    // No hook, no sender: only storage.digest ran.
    expect(await p.worker.runOnce()).toBe(1);
    const rows = await p.storage.alerts.listDeliveries(p.projectId, 10);
    expect(rows.map((r) => [r.status, r.facts.kind])).toEqual([['pending', 'new_issue']]);
  });

  it('a resolved issue that comes back alerts as a regression', async () => {
    const { smtp, p } = await withSmtp();
    await p.storage.alerts.createRule(rule(p.projectId, { name: 'regressions', trigger: 'regression' }));
    await p.ingest([eventItem(p.projectId, { key: 'pay' })]);
    const [issue] = (await p.storage.listIssues({ projectIds: [p.projectId] })).items;
    await p.storage.setIssueStatus([issue!.id], 'resolved');
    await p.ingest([eventItem(p.projectId, { key: 'pay', at: BASE_TIME + 60_000 })]);
    await drainSender(p);
    expect(smtp.mails.map((m) => m.subject)).toEqual(['[Shop] Regression: TypeError: failure pay']);
  });
});

describe('thresholds and throttling', () => {
  it('10,000 events of one issue send one new-issue mail and threshold mails bounded by the interval', async () => {
    const { smtp, p } = await withSmtp();
    await p.storage.alerts.createRule(rule(p.projectId, { name: 'new' }));
    await p.storage.alerts.createRule(
      rule(p.projectId, {
        name: 'busy',
        trigger: 'frequency',
        threshold: 100,
        windowMinutes: 10,
        throttleMinutes: 30,
      }),
    );
    // 10,000 events spread over two hours of receive time: ~83 a minute, over 100 per 10 minutes.
    const spanMs = 120 * 60_000;
    const items = Array.from({ length: 10_000 }, (_, i) =>
      eventItem(p.projectId, { key: 'hot', at: BASE_TIME + Math.floor((i * spanMs) / 10_000) }),
    );
    await p.ingest(items);
    await drainSender(p);
    const subjects = smtp.mails.map((m) => m.subject);
    const fresh = subjects.filter((s) => s.includes('New issue'));
    const frequent = subjects.filter((s) => s.includes('Frequent issue'));
    expect(fresh).toHaveLength(1);
    // At most one per 30-minute interval over 120 minutes (the first when the window fills).
    expect(frequent.length).toBeGreaterThanOrEqual(3);
    expect(frequent.length).toBeLessThanOrEqual(1 + 120 / 30);
    expect(smtp.mails.length).toBe(fresh.length + frequent.length);
    const [issue] = (await p.storage.listIssues({ projectIds: [p.projectId] })).items;
    expect(issue!.eventCount).toBe(10_000);
    expect(smtp.mails.find((m) => m.subject.includes('Frequent'))!.body).toMatch(
      /Frequent issue: \d+ events in 10 min/,
    );
  });

  it('counts distinct users in the window', async () => {
    const { smtp, p } = await withSmtp();
    await p.storage.alerts.createRule(
      rule(p.projectId, { trigger: 'users', threshold: 3, windowMinutes: 5 }),
    );
    await p.ingest(['u1', 'u2', 'u1', 'u3'].map((user) => eventItem(p.projectId, { key: 'u', user })));
    await drainSender(p);
    expect(smtp.mails).toHaveLength(0);
    await p.ingest([eventItem(p.projectId, { key: 'u', user: 'u4', at: BASE_TIME + 60_000 })]);
    await drainSender(p);
    expect(smtp.mails.map((m) => m.subject)).toEqual([
      '[Shop] Issue affecting many users: TypeError: failure u',
    ]);
    expect(smtp.mails[0]!.body).toContain('4 users in 5 min');
  });

  it('escalation fires when the rate jumps well above its own baseline, not while it is steady', async () => {
    const { smtp, p } = await withSmtp();
    await p.storage.alerts.createRule(
      rule(p.projectId, {
        trigger: 'escalation',
        threshold: 10,
        factor: 4,
        windowMinutes: 10,
        baselineMinutes: 60,
      }),
    );
    // A steady 2 a minute for an hour: 20 per window, the baseline's own rate.
    const steady = Array.from({ length: 120 }, (_, i) =>
      eventItem(p.projectId, { key: 'esc', at: BASE_TIME + i * 30_000 }),
    );
    for (let i = 0; i < steady.length; i += 20) await p.ingest(steady.slice(i, i + 20));
    await drainSender(p);
    expect(smtp.mails).toHaveLength(0);
    // Then 100 in one minute: 5× the baseline per window.
    const t = BASE_TIME + 61 * 60_000;
    await p.ingest(
      Array.from({ length: 100 }, (_, i) => eventItem(p.projectId, { key: 'esc', at: t + i * 100 })),
    );
    await drainSender(p);
    expect(smtp.mails.map((m) => m.subject)).toEqual(['[Shop] Escalating issue: TypeError: failure esc']);
  });
});

describe('filters', () => {
  it('environment, minimum level, release and tags must all hold', async () => {
    const { smtp, p } = await withSmtp();
    await p.storage.alerts.createRule(
      rule(p.projectId, {
        filters: {
          environment: 'production',
          minLevel: 'error',
          release: 'shop@2.0.0',
          tags: [['region', 'eu']],
        },
      }),
    );
    const ok = { environment: 'production', level: 'error', release: 'shop@2.0.0', tags: { region: 'eu' } };
    await p.ingest([
      eventItem(p.projectId, { ...ok, key: 'staging', environment: 'staging' }),
      eventItem(p.projectId, { ...ok, key: 'warning', level: 'warning' }),
      eventItem(p.projectId, { ...ok, key: 'oldrelease', release: 'shop@1.0.0' }),
      eventItem(p.projectId, { ...ok, key: 'us', tags: { region: 'us' } }),
      eventItem(p.projectId, { ...ok, key: 'fatal', level: 'fatal' }),
      eventItem(p.projectId, { ...ok, key: 'match' }),
    ]);
    await drainSender(p);
    expect(smtp.mails.map((m) => m.subject).sort()).toEqual([
      '[Shop] New issue: TypeError: failure fatal',
      '[Shop] New issue: TypeError: failure match',
    ]);
  });
});

describe('delivery that loses nothing', () => {
  it('a dead SMTP server delays mail; started later on the same port, it gets the mail', async () => {
    const port = await freePort();
    const p = await pipeline({ smtpUrl: `smtp://127.0.0.1:${port}` });
    cleanup.push(p.close);
    await p.storage.alerts.createRule(rule(p.projectId, {}));
    await p.ingest([eventItem(p.projectId, { key: 'late' })]);
    await p.sender.runOnce();
    await p.sender.runOnce();
    let [d] = await p.storage.alerts.listDeliveries(p.projectId, 10);
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    expect(d!.lastError).toMatch(/ECONNREFUSED/);
    expect(d!.nextAttemptAt).toBe(p.clock.now + 1_000);

    const smtp = await startSmtpInbox(port);
    cleanup.push(smtp.close);
    p.clock.now += 1_000;
    await p.sender.runOnce();
    [d] = await p.storage.alerts.listDeliveries(p.projectId, 10);
    expect(d).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.mails.map((m) => m.subject)).toEqual(['[Shop] New issue: TypeError: failure late']);
  });

  it('backs off exponentially and marks a delivery failed after the maximum age', async () => {
    const port = await freePort();
    const p = await pipeline({ smtpUrl: `smtp://127.0.0.1:${port}`, maxAgeMs: 10_000 });
    cleanup.push(p.close);
    await p.storage.alerts.createRule(rule(p.projectId, {}));
    await p.ingest([eventItem(p.projectId, { key: 'never' })]);
    const created = (await p.storage.alerts.listDeliveries(p.projectId, 1))[0]!.createdAt;
    p.clock.now = created;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await p.sender.runOnce();
      const d = (await p.storage.alerts.listDeliveries(p.projectId, 1))[0]!;
      delays.push(d.nextAttemptAt - p.clock.now);
      p.clock.now = d.nextAttemptAt;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    p.clock.now = created + 10_000;
    await p.sender.runOnce();
    const d = (await p.storage.alerts.listDeliveries(p.projectId, 1))[0]!;
    expect(d.status).toBe('failed');
    expect(d.lastError).toMatch(/gave up.*ECONNREFUSED/);
  });
});
