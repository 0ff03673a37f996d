import { startSmtpInbox } from '@faultline/test-utils/smtp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The alert pages through the real UI plugin: session, CSRF, forms, a real SMTP server.
import { rule as ruleInput } from '../alerts/test-alerts.js';
import { Client, createUser, makeWebApp, seedEvent, type WebTestApp } from './test-web.js';

let t: WebTestApp;
let member: Client;
let projectId: number;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;

beforeEach(async () => {
  smtp = await startSmtpInbox();
  process.env.FAULTLINE_SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
  t = await makeWebApp({ publicUrl: 'https://errors.example.com' });
  const user = await createUser(t.storage, 'dev@example.test', 'dev-password');
  await createUser(t.storage, 'other@example.test', 'other-password');
  projectId = (await t.storage.createProject({ name: 'Shop' })).id;
  await t.storage.addProjectMember(projectId, user.id);
  member = new Client(t.app);
  await member.login('dev@example.test', 'dev-password');
});
afterEach(async () => {
  delete process.env.FAULTLINE_SMTP_URL;
  await t.close();
  await smtp.close();
});

const page = () => `/projects/${projectId}/alerts`;
const origin = { headers: { origin: 'https://errors.example.com' } };

describe('alert pages', () => {
  it('lists projects under Alerts in the navigation', async () => {
    const res = await member.get('/alerts');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/alerts" class="active">Alerts</a>');
    expect(res.body).toContain(`href="/projects/${projectId}/alerts"`);
  });

  it('creates a rule from the form, then disables and deletes it', async () => {
    const created = await member.post(
      page(),
      {
        name: 'Prod errors',
        trigger: 'frequency',
        threshold: '20',
        windowMinutes: '5',
        environment: 'production',
        minLevel: 'error',
        tags: 'region=eu, tier=gold',
        email: 'on',
        emailTo: 'oncall@example.com',
        webhookUrl: 'https://hooks.example.com/x',
        webhookFormat: 'slack',
      },
      { csrfFrom: page(), ...origin },
    );
    expect(created.statusCode).toBe(303);
    const [rule] = await t.storage.alerts.listRules(projectId);
    expect(rule).toMatchObject({
      name: 'Prod errors',
      threshold: 20,
      windowMinutes: 5,
      filters: {
        environment: 'production',
        minLevel: 'error',
        tags: [
          ['region', 'eu'],
          ['tier', 'gold'],
        ],
      },
      channels: [
        { type: 'email', to: ['oncall@example.com'] },
        { type: 'webhook', url: 'https://hooks.example.com/x', format: 'slack' },
      ],
    });
    const shown = (await member.get(page())).body;
    expect(shown).toContain('more than 20 events in 5 min');
    expect(shown).toContain('environment production, level ≥ error, region=eu, tier=gold');
    await member.post(`${page()}/${rule!.id}/toggle`, {}, { csrfFrom: page(), ...origin });
    expect((await t.storage.alerts.getRule(rule!.id))!.enabled).toBe(false);
    await member.post(`${page()}/${rule!.id}/delete`, {}, { csrfFrom: page(), ...origin });
    expect(await t.storage.alerts.listRules(projectId)).toEqual([]);
  });

  it('shows what is wrong with a bad rule and saves nothing', async () => {
    const res = await member.post(
      page(),
      { name: 'x', trigger: 'new_issue' },
      { csrfFrom: page(), ...origin },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Not saved: channels must list 1 to 10 channels.');
    expect(await t.storage.alerts.listRules(projectId)).toEqual([]);
  });

  it('sends a test notification to a real SMTP server', async () => {
    const created = await t.storage.alerts.createRule(ruleInput(projectId, { name: 'n', threshold: 0 }));
    const res = await member.post(`${page()}/${created.id}/test`, {}, { csrfFrom: page(), ...origin });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Test notification sent over 1 channel(s).');
    expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([
      [['dev@example.test'], '[Shop] Test notification from Faultline'],
    ]);
  });

  it("shows each delivery's state, attempts and last error", async () => {
    await t.storage.alerts.createRule(
      ruleInput(projectId, {
        name: 'new issues',
        threshold: 0,
        channels: [{ type: 'webhook', url: 'https://hooks.example.com/x', format: 'json' }],
      }),
    );
    await seedEvent(t.storage, projectId, {}, { title: 'TypeError: <boom>' });
    const [d] = await t.storage.alerts.listDeliveries(projectId, 1);
    await t.storage.alerts.markRetry(
      [d!.id],
      'FL_ALERT_WEBHOOK_FAILED: webhook answered HTTP 503',
      Date.now() + 60_000,
    );
    const body = (await member.get(page())).body;
    expect(body).toContain('TypeError: &lt;boom&gt;');
    expect(body).toContain('<span class="badge">pending</span></td><td>1</td>');
    expect(body).toContain('FL_ALERT_WEBHOOK_FAILED: webhook answered HTTP 503');
  });

  it("hides other projects' alerts and refuses forms without the CSRF token", async () => {
    const other = new Client(t.app);
    await other.login('other@example.test', 'other-password');
    expect((await other.get(page())).statusCode).toBe(404);
    const forged = await member.post(page(), { _csrf: 'forged', name: 'x' }, origin);
    expect(forged.statusCode).toBe(403);
  });
});
