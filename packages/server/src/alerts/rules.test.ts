// Exact cases of the pure parts: rule validation, filters, escalation, window rolling, settings.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, SETTINGS } from '../config/index.js';
import { KMV_K, roll, sketchAdd, sketchCount, type Window } from '../storage/alerts-counters.js';
import { isEscalating, levelAtLeast, matchesFilters, scopeOf } from '../storage/alerts-match.js';
import type { DigestEvent } from '../storage/types.js';
import { loadAlertSettings } from './alert-settings.js';
import { parseRuleInput } from './rule-input.js';
import { rule } from './test-alerts.js';

const event = (over: Partial<DigestEvent> = {}) =>
  ({
    level: 'error',
    environment: 'production',
    release: 'r1',
    tags: [['region', 'eu']],
    ...over,
  }) as DigestEvent;

describe('parseRuleInput', () => {
  it('fills in defaults and keeps what is given', () => {
    const r = parseRuleInput(3, { name: ' Busy ', trigger: 'escalation', channels: [{ type: 'email' }] });
    expect(r).toEqual({
      projectId: 3,
      name: 'Busy',
      trigger: 'escalation',
      threshold: 10,
      windowMinutes: 60,
      factor: 5,
      baselineMinutes: 1440,
      filters: {},
      channels: [{ type: 'email' }],
      throttleMinutes: 60,
      digestMinutes: 0,
      enabled: true,
    });
  });

  it.each([
    [{ trigger: 'new_issue', channels: [{ type: 'email' }] }, /name/],
    [{ name: 'x', trigger: 'hourly', channels: [{ type: 'email' }] }, /trigger/],
    [{ name: 'x', trigger: 'new_issue', channels: [] }, /channels/],
    [{ name: 'x', trigger: 'new_issue', channels: [{ type: 'sms' }] }, /a channel is/],
    [{ name: 'x', trigger: 'new_issue', channels: [{ type: 'email', to: ['not-an-address'] }] }, /email/],
    [
      { name: 'x', trigger: 'new_issue', channels: [{ type: 'webhook', url: 'gopher://x' }] },
      /http or https/,
    ],
    [
      { name: 'x', trigger: 'new_issue', channels: [{ type: 'webhook', url: 'https://x', format: 'teams' }] },
      /format/,
    ],
    [{ name: 'x', trigger: 'frequency', windowMinutes: 0, channels: [{ type: 'email' }] }, /windowMinutes/],
    [{ name: 'x', trigger: 'users', threshold: -1, channels: [{ type: 'email' }] }, /threshold/],
    [{ name: 'x', trigger: 'escalation', factor: 0.5, channels: [{ type: 'email' }] }, /factor/],
    [
      { name: 'x', trigger: 'new_issue', filters: { minLevel: 'loud' }, channels: [{ type: 'email' }] },
      /minLevel/,
    ],
    [{ name: 'x', trigger: 'new_issue', filters: { tags: [['a']] }, channels: [{ type: 'email' }] }, /tags/],
  ])('refuses %j', (body, message) => {
    expect(() => parseRuleInput(1, body)).toThrow(message);
  });
});

describe('filters', () => {
  it('levelAtLeast orders debug < info < warning < error < fatal', () => {
    expect(levelAtLeast('fatal', 'error')).toBe(true);
    expect(levelAtLeast('error', 'error')).toBe(true);
    expect(levelAtLeast('warning', 'error')).toBe(false);
    expect(levelAtLeast('debug', 'info')).toBe(false);
  });

  it('needs every set filter to hold', () => {
    const f = {
      environment: 'production',
      minLevel: 'error' as const,
      release: 'r1',
      tags: [['region', 'eu']] as Array<[string, string]>,
    };
    expect(matchesFilters(f, event())).toBe(true);
    expect(matchesFilters(f, event({ environment: 'staging' }))).toBe(false);
    expect(matchesFilters(f, event({ level: 'info' }))).toBe(false);
    expect(matchesFilters(f, event({ release: 'r2' }))).toBe(false);
    expect(matchesFilters(f, event({ tags: [['region', 'us']] }))).toBe(false);
    expect(matchesFilters({}, event({ environment: null }))).toBe(true);
  });

  it('scopes rules with equal filters together, whatever the tag order', () => {
    expect(
      scopeOf({
        tags: [
          ['a', '1'],
          ['b', '2'],
        ],
      }),
    ).toBe(
      scopeOf({
        tags: [
          ['b', '2'],
          ['a', '1'],
        ],
      }),
    );
    expect(scopeOf({ environment: 'p' })).not.toBe(scopeOf({ release: 'p' }));
  });
});

describe('escalation and windows', () => {
  const esc = { ...rule(1, { trigger: 'escalation', threshold: 10, factor: 4 }), id: 1, createdAt: 0 };

  it('needs a completed window, the minimum count and factor × the baseline', () => {
    expect(isEscalating(esc, 100, 20, 0)).toBe(false);
    expect(isEscalating(esc, 9, 0, 5)).toBe(false);
    expect(isEscalating(esc, 79, 20, 5)).toBe(false);
    expect(isEscalating(esc, 80, 20, 5)).toBe(true);
    // A quiet baseline counts as one event per window.
    expect(isEscalating(esc, 10, 0.1, 5)).toBe(true);
  });

  it('rolls a window forward: the next window keeps the previous count, a gap empties it', () => {
    const w: Window = { b: 0, c: 20, p: 5, a: 10, s: 3 };
    roll(w, 10, 10, 0.5);
    expect(w).toEqual({ b: 10, c: 0, p: 20, a: 15, s: 4 });
    w.c = 8;
    roll(w, 40, 10, 0.5);
    // Folds 8 in (11.5), then two empty windows halve it twice.
    expect(w).toEqual({ b: 40, c: 0, p: 0, a: 11.5 / 4, s: 7 });
    roll(w, 30, 10, 0.5);
    expect(w.b).toBe(40);
  });
});

describe('settings', () => {
  it('come from the server config (file < env), and docs/alerts.md explains every one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-alert-settings-'));
    try {
      writeFileSync(
        join(dir, 'faultline.config.json'),
        JSON.stringify({ alertHourlyCap: 7, alertPollMs: 50 }),
      );
      const env = {
        FAULTLINE_DATA_DIR: dir,
        FAULTLINE_WEBHOOK_ALLOW_PRIVATE: 'true',
        FAULTLINE_ALERT_POLL_MS: '20',
      };
      const s = loadAlertSettings(loadConfig({ env, cwd: dir, flags: { publicUrl: 'http://x/' } }));
      expect(s).toMatchObject({
        publicUrl: 'http://x',
        smtpUrl: undefined,
        smtpFrom: 'Faultline <faultline@localhost>',
        webhookAllowPrivate: true,
        hourlyCap: 7,
        pollMs: 20,
        maxAgeMs: 24 * 3_600_000,
      });
      const defaults = loadAlertSettings(
        loadConfig({ env: { FAULTLINE_DATA_DIR: join(dir, 'none') }, cwd: dir }),
      );
      expect(defaults).toMatchObject({
        webhookAllowPrivate: false,
        hourlyCap: 100,
        webhookTimeoutMs: 10_000,
      });
      expect(() => loadConfig({ env: { FAULTLINE_ALERT_HOURLY_CAP: '-1' }, cwd: dir })).toThrow(
        /alertHourlyCap/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const doc = readFileSync(new URL('../../../../docs/alerts.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('./alert-settings.ts', import.meta.url), 'utf8');
    const names = new Set([...source.matchAll(/config\.(\w+)/g)].map((m) => m[1]));
    names.delete('publicUrl');
    const specs = SETTINGS.filter((spec) => names.has(spec.name));
    expect(specs.length).toBe(10);
    for (const spec of specs) expect(doc, spec.name).toContain(`| \`${spec.name}\` (\`${spec.env}\`) |`);
  });
});

describe('the distinct-user sketch', () => {
  it('is exact below KMV_K users and estimates within a few standard errors above', () => {
    const small = new Set<number>();
    for (let i = 0; i < KMV_K - 1; i++) sketchAdd(small, (i * 2654435761) >>> 0);
    sketchAdd(small, 2654435761);
    expect(sketchCount(small)).toBe(KMV_K - 1);
    const big = new Set<number>();
    // 5,000 distinct well-spread hashes (Knuth's multiplicative hash of 1..5000).
    for (let i = 1; i <= 5000; i++) sketchAdd(big, Math.imul(i, 2654435761) >>> 0);
    expect(big.size).toBe(KMV_K);
    const estimate = sketchCount(big);
    expect(estimate).toBeGreaterThan(5000 * 0.6);
    expect(estimate).toBeLessThan(5000 * 1.4);
  });
});
