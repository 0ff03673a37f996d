import { startSmtpInbox } from '@faultline/test-utils/smtp';
// The instance-wide hourly cap (overflow summarised, never dropped) and digest mode, through the
// real pipeline to a real SMTP server.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventItem, pipeline, removeTempDirs, rule } from './test-alerts.js';

afterAll(removeTempDirs);
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(settings: Parameters<typeof pipeline>[0] = {}) {
  const smtp = await startSmtpInbox();
  cleanup.push(smtp.close);
  const p = await pipeline({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, ...settings });
  cleanup.push(p.close);
  return { smtp, p };
}

const HOUR = 3_600_000;

describe('the hourly cap', () => {
  it('sends up to the cap, then summarises the overflow in one message when the hour is over', async () => {
    const { smtp, p } = await setup({ hourlyCap: 3 });
    p.clock.now = Math.floor(p.clock.now / HOUR) * HOUR + HOUR + 60_000;
    await p.storage.alerts.createRule(rule(p.projectId, {}));
    await p.ingest(Array.from({ length: 10 }, (_, i) => eventItem(p.projectId, { key: `k${i}` })));
    await p.sender.runOnce();
    expect(smtp.mails).toHaveLength(3);
    const statuses = (await p.storage.alerts.listDeliveries(p.projectId, 20)).map((d) => d.status);
    expect(statuses.filter((s) => s === 'capped')).toHaveLength(7);

    // Same hour: nothing more goes out.
    p.clock.now += 60_000;
    await p.sender.runOnce();
    expect(smtp.mails).toHaveLength(3);

    p.clock.now += HOUR;
    await p.sender.runOnce();
    expect(smtp.mails).toHaveLength(4);
    const summary = smtp.mails[3]!;
    expect(summary.subject).toBe('[Shop] 7 alerts held back by the hourly limit');
    expect(summary.body).toContain('The hourly alert limit held back 7 alerts');
    const after = await p.storage.alerts.listDeliveries(p.projectId, 20);
    expect(after.filter((d) => d.status === 'summarized')).toHaveLength(7);
    expect(after.filter((d) => d.status === 'sent')).toHaveLength(4);
  });
});

describe('digest mode', () => {
  it("gathers a rule's alerts of one window into one message", async () => {
    const { smtp, p } = await setup();
    await p.storage.alerts.createRule(rule(p.projectId, { name: 'gathered', digestMinutes: 5 }));
    await p.ingest(Array.from({ length: 4 }, (_, i) => eventItem(p.projectId, { key: `d${i}` })));
    const rows = await p.storage.alerts.listDeliveries(p.projectId, 10);
    expect(new Set(rows.map((r) => r.groupKey)).size).toBe(1);
    p.clock.now = Math.min(...rows.map((r) => r.nextAttemptAt)) - 1;
    await p.sender.runOnce();
    expect(smtp.mails).toHaveLength(0);
    p.clock.now += 1;
    await p.sender.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.subject).toBe('[Shop] 4 alerts: gathered');
    for (let i = 0; i < 4; i++) expect(smtp.mails[0]!.body).toContain(`TypeError: failure d${i}`);
    const after = await p.storage.alerts.listDeliveries(p.projectId, 10);
    expect(after.every((d) => d.status === 'sent')).toBe(true);
    expect(await p.storage.alerts.countMessagesSince(0)).toBe(1);
  });
});
