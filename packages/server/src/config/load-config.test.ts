import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPublicUrl, listeningPublicUrl, loadConfig, redactConfig } from './load-config.js';
import { SETTINGS } from './settings.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('listeningPublicUrl', () => {
  it('replaces a derived port-0 URL with the listening port and keeps any other', () => {
    const derived = loadConfig({ env: {}, cwd: dir, flags: { port: 0 } });
    expect(derived.publicUrl).toBe('http://127.0.0.1:0');
    expect(listeningPublicUrl(derived, 41234)).toBe('http://127.0.0.1:41234');
    const wild = loadConfig({ env: {}, cwd: dir, flags: { port: 0, host: '0.0.0.0' } });
    expect(listeningPublicUrl(wild, 41234)).toBe('http://127.0.0.1:41234');
    const explicit = loadConfig({ env: {}, cwd: dir, flags: { port: 0, publicUrl: 'https://e.example' } });
    expect(listeningPublicUrl(explicit, 41234)).toBe('https://e.example');
    const fixed = loadConfig({ env: {}, cwd: dir, flags: { port: 8123 } });
    expect(listeningPublicUrl(fixed, 8123)).toBe('http://127.0.0.1:8123');
    expect(defaultPublicUrl('::1', 80)).toBe('http://[::1]:80');
  });
});

describe('loadConfig', () => {
  it('has the documented defaults and derives the database and public URLs', () => {
    const config = loadConfig({ env: {}, cwd: dir });
    expect(config).toMatchObject({
      port: 8000,
      host: '127.0.0.1',
      retentionDays: 90,
      maxEventBytes: 1024 * 1024,
    });
    expect(config.dataDir).toBe(join(dir, 'data'));
    expect(config.databaseUrl).toBe(`sqlite:${join(dir, 'data', 'faultline.db')}`);
    expect(config.publicUrl).toBe('http://127.0.0.1:8000');
  });

  it('layers defaults < file in the data dir < environment < flags', () => {
    writeFileSync(
      join(dir, 'faultline.config.yaml'),
      'port: 7000\nhost: 0.0.0.0\nretentionDays: 30\ningestBatchSize: 50\n',
    );
    const env = { FAULTLINE_DATA_DIR: dir, FAULTLINE_PORT: '7100', FAULTLINE_RETENTION_DAYS: '10' };
    const config = loadConfig({ env, cwd: dir, flags: { port: '7200' } });
    expect(config).toMatchObject({ port: 7200, host: '0.0.0.0', retentionDays: 10, ingestBatchSize: 50 });
    expect(config.publicUrl).toBe('http://127.0.0.1:7200');
    expect(loadConfig({ env: { DATABASE_URL: 'postgres://u:pw@db/x' }, cwd: dir }).databaseUrl).toBe(
      'postgres://u:pw@db/x',
    );
  });

  it('reads an explicit JSON file and rejects bad files and values with FL_CONFIG_INVALID', () => {
    const file = join(dir, 'custom.json');
    writeFileSync(file, JSON.stringify({ queueMaxDepth: 5, publicUrl: 'https://errors.example.com/' }));
    const config = loadConfig({ env: {}, cwd: dir, configPath: file });
    expect(config.queueMaxDepth).toBe(5);
    expect(config.publicUrl).toBe('https://errors.example.com');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ env: {}, cwd: dir, configPath: file })).toThrow(/unknown setting "prot"/);
    writeFileSync(file, '{nope');
    expect(() => loadConfig({ env: {}, cwd: dir, configPath: file })).toThrow(
      expect.objectContaining({ code: 'FL_CONFIG_INVALID' }),
    );
    expect(() => loadConfig({ env: { FAULTLINE_PORT: 'eighty' }, cwd: dir })).toThrow(
      /port must be a non-negative integer/,
    );
    expect(() => loadConfig({ env: { FAULTLINE_PORT: '70000' }, cwd: dir })).toThrow(/out of range/);
    expect(() => loadConfig({ env: { FAULTLINE_MAX_EVENT_BYTES: '-1' }, cwd: dir })).toThrow(/maxEventBytes/);
  });

  it('redacts database passwords only', () => {
    const config = loadConfig({
      env: { DATABASE_URL: 'postgres://app:hunter2@db:5432/faultline' },
      cwd: dir,
    });
    const shown = redactConfig(config);
    expect(shown.databaseUrl).toBe('postgres://app:***@db:5432/faultline');
    expect(JSON.stringify(shown)).not.toContain('hunter2');
    expect(shown.port).toBe(8000);
    const mail = loadConfig({ env: { FAULTLINE_SMTP_URL: 'smtps://ops:s3cret@mail.example:465' }, cwd: dir });
    expect(redactConfig(mail).smtpUrl).toBe('smtps://ops:***@mail.example:465');
  });

  it('reads boolean settings as true/false, 1/0 or yes/no from env and file, and rejects anything else', () => {
    expect(loadConfig({ env: {}, cwd: dir }).webhookAllowPrivate).toBe(false);
    for (const [raw, want] of [
      ['true', true],
      ['1', true],
      ['YES', true],
      ['false', false],
      ['0', false],
      ['no', false],
    ] as const)
      expect(
        loadConfig({ env: { FAULTLINE_WEBHOOK_ALLOW_PRIVATE: raw }, cwd: dir }).webhookAllowPrivate,
        raw,
      ).toBe(want);
    const file = join(dir, 'bool.json');
    writeFileSync(file, JSON.stringify({ webhookAllowPrivate: true }));
    expect(loadConfig({ env: {}, cwd: dir, configPath: file }).webhookAllowPrivate).toBe(true);
    writeFileSync(file, JSON.stringify({ webhookAllowPrivate: 1 }));
    expect(loadConfig({ env: {}, cwd: dir, configPath: file }).webhookAllowPrivate).toBe(true);
    expect(() => loadConfig({ env: { FAULTLINE_WEBHOOK_ALLOW_PRIVATE: 'maybe' }, cwd: dir })).toThrow(
      expect.objectContaining({
        code: 'FL_CONFIG_INVALID',
        message: expect.stringMatching(/webhookAllowPrivate/),
      }),
    );
  });
});

describe('docs/server.md', () => {
  it('documents every setting with its environment variable and default', () => {
    const doc = readFileSync(new URL('../../../../docs/server.md', import.meta.url), 'utf8');
    for (const s of SETTINGS) {
      const row = doc.split('\n').find((line) => new RegExp(`^\\|\\s*\`${s.name}\`\\s*\\|`).test(line));
      expect(row, s.name).toBeDefined();
      expect(row).toContain(`\`${s.env}\``);
      expect(row).toContain(s.default === undefined ? '(derived)' : `\`${s.default}\``);
    }
  });
});
