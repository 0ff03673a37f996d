// Webhook channels through the real pipeline to a real receiver on 127.0.0.1, and the SSRF guard.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isForbiddenAddress } from './address-guard.js';
import { eventItem, pipeline, removeTempDirs, rule, startReceiver } from './test-alerts.js';
import { checkedAddress, postJson } from './webhook-poster.js';

afterAll(removeTempDirs);
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(allowPrivate: boolean, status = 200) {
  const receiver = await startReceiver(status);
  cleanup.push(receiver.close);
  const p = await pipeline({ webhookAllowPrivate: allowPrivate });
  cleanup.push(p.close);
  return { receiver, p };
}

describe('webhook channels', () => {
  it('posts the versioned JSON, Slack and Discord bodies', async () => {
    const { receiver, p } = await setup(true);
    await p.storage.alerts.createRule(
      rule(p.projectId, {
        name: 'hooks',
        channels: [
          { type: 'webhook', url: receiver.url, format: 'json' },
          { type: 'webhook', url: `${receiver.url}?slack`, format: 'slack' },
          { type: 'webhook', url: `${receiver.url}?discord`, format: 'discord' },
        ],
      }),
    );
    await p.ingest([eventItem(p.projectId, { key: 'hook<&>' })]);
    await p.sender.runOnce();
    expect(receiver.bodies).toHaveLength(3);
    // biome-ignore lint/suspicious/noExplicitAny: free-form JSON bodies, checked field by field below.
    const [json, slack, discord] = receiver.bodies as Array<Record<string, any>>;
    expect(json).toMatchObject({
      version: 1,
      kind: 'alert',
      project: { id: p.projectId, name: 'Shop' },
      alerts: [
        {
          trigger: 'new_issue',
          rule: 'hooks',
          issue: {
            title: 'TypeError: failure hook<&>',
            culprit: 'GET /route/hook<&>',
            eventCount: 1,
            level: 'error',
          },
          event: {
            environment: 'production',
            release: 'shop@1.0.0',
            topFrame: 'handle_hook<&> (src/hook<&>.js:42)',
          },
        },
      ],
    });
    expect(json!.alerts[0].issue.url).toMatch(/^http:\/\/faultline\.test\/issues\/\d+$/);
    expect(slack!.text).toBe('[Shop] New issue: TypeError: failure hook&lt;&amp;&gt;');
    expect(slack!.blocks[1].text.text).toContain('|TypeError: failure hook&lt;&amp;&gt;>');
    expect(discord).toMatchObject({
      content: '[Shop] New issue: TypeError: failure hook<&>',
      embeds: [{ title: 'TypeError: failure hook<&>' }],
    });
  });

  it('retries a webhook that answers 500 and records the error', async () => {
    const { receiver, p } = await setup(true, 500);
    await p.storage.alerts.createRule(
      rule(p.projectId, { channels: [{ type: 'webhook', url: receiver.url, format: 'json' }] }),
    );
    await p.ingest([eventItem(p.projectId, { key: 'x' })]);
    await p.sender.runOnce();
    const [d] = await p.storage.alerts.listDeliveries(p.projectId, 1);
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    expect(d!.lastError).toContain('FL_ALERT_WEBHOOK_FAILED: webhook answered HTTP 500');
  });

  it('refuses a loopback webhook without FAULTLINE_WEBHOOK_ALLOW_PRIVATE; nothing reaches it', async () => {
    const { receiver, p } = await setup(false);
    await p.storage.alerts.createRule(
      rule(p.projectId, { channels: [{ type: 'webhook', url: receiver.url, format: 'json' }] }),
    );
    await p.ingest([eventItem(p.projectId, { key: 'x' })]);
    await p.sender.runOnce();
    const [d] = await p.storage.alerts.listDeliveries(p.projectId, 1);
    expect(d!.lastError).toMatch(/^FL_ALERT_WEBHOOK_REFUSED: 127\.0\.0\.1 resolves to 127\.0\.0\.1/);
    expect(receiver.bodies).toHaveLength(0);
  });
});

describe('the guarded poster', () => {
  it('checks every resolved address: one private answer refuses the host', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(
      checkedAddress(new URL('http://mixed.example/'), { allowPrivate: false, resolve }),
    ).rejects.toThrow(/resolves to 10\.0\.0\.5/);
  });

  it('connects to the address it checked, not to a second DNS answer (rebinding)', async () => {
    const receiver = await startReceiver(204);
    cleanup.push(receiver.close);
    const port = new URL(receiver.url).port;
    let calls = 0;
    // First answer loopback (allowed here), any later answer an address nothing listens on.
    const resolve = async () =>
      calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '192.0.2.1', family: 4 }];
    const res = await postJson(
      `http://rebind.test:${port}/hook`,
      { a: 1 },
      {
        allowPrivate: true,
        timeoutMs: 2000,
        maxResponseBytes: 1024,
        resolve,
      },
    );
    expect(res.status).toBe(204);
    expect(calls).toBe(1);
    expect(receiver.bodies).toEqual([{ a: 1 }]);
  });

  it('does not follow redirects, caps the response and times out', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end();
      else if (req.url === '/big') res.end('x'.repeat(100_000));
      // /slow never answers
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const opts = { allowPrivate: true, timeoutMs: 300, maxResponseBytes: 1000 };
    expect((await postJson(`${base}/redirect`, {}, opts)).status).toBe(302);
    const big = await postJson(`${base}/big`, {}, opts);
    expect(big.body.length).toBe(1000);
    await expect(postJson(`${base}/slow`, {}, opts)).rejects.toThrow(/timed out after 300 ms/);
    await expect(postJson('ftp://example.com/', {}, opts)).rejects.toThrow(/http or https/);
  });

  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['2002:7f00:1::', true],
    ['not-an-ip', true],
    ['93.184.216.34', false],
    ['8.8.8.8', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false],
  ])('isForbiddenAddress(%s) is %s', (address, forbidden) => {
    expect(isForbiddenAddress(address)).toBe(forbidden);
  });
});
