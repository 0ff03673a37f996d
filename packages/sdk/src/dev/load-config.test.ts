import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config, ConfigError } from '@faultline/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const root = mkdtempSync(join(tmpdir(), 'fl-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(
  join(root, 'app.yaml'),
  'DEBUG: true\nDB:\n  HOST: db.local\n  PORT: 5432\nlower: no\nNAME: yaml\n',
);
writeFileSync(join(root, 'app.json'), JSON.stringify({ NAME: 'json', LIMITS: [1, 2], secret: 'x' }));
mkdirSync(join(root, 'dir.json'));

const plain = (config: Config) => ({ ...config });

describe('loadConfig', () => {
  it('reads YAML, keeping only upper-case keys with their nested values', () => {
    const config = loadConfig({ files: 'app.yaml', root, envPrefix: false });
    expect(plain(config)).toEqual({ DEBUG: true, DB: { HOST: 'db.local', PORT: 5432 }, NAME: 'yaml' });
  });

  it('reads JSON and layers defaults < files (in order) < mapping', () => {
    const config = loadConfig({
      defaults: { NAME: 'default', TIMEOUT: 5, lower: 1 },
      files: ['app.yaml', 'app.json'],
      mapping: { TIMEOUT: 10, other: 2 },
      root,
      envPrefix: false,
    });
    expect([config.NAME, config.TIMEOUT, config.LIMITS, 'lower' in config, 'secret' in config]).toEqual([
      'json',
      10,
      [1, 2],
      false,
      false,
    ]);
  });

  it('loads prefixed environment variables last: JSON values, raw strings, __ nesting, sorted order', () => {
    const env = {
      APP_DEBUG: 'false',
      APP_DB__PORT: '6543',
      APP_DB__USER: 'admin',
      APP_FLAGS: '{"a":[1,2]}',
      APP_NAME: '"quoted"',
      APP_NEW__DEEP__KEY: 'null',
      OTHER_NAME: 'ignored',
    };
    const config = loadConfig({ files: 'app.yaml', root, env, envPrefix: 'APP' });
    expect(plain(config)).toEqual({
      DEBUG: false,
      DB: { HOST: 'db.local', PORT: 6543, USER: 'admin' },
      FLAGS: { a: [1, 2] },
      NAME: 'quoted',
      NEW: { DEEP: { KEY: null } },
    });
  });

  it('uses FAULTLINE_ and process.env by default', () => {
    const before = process.env.FAULTLINE_LOADCONFIG_TEST;
    process.env.FAULTLINE_LOADCONFIG_TEST = '[1]';
    try {
      expect(loadConfig().LOADCONFIG_TEST).toEqual([1]);
    } finally {
      if (before === undefined) delete process.env.FAULTLINE_LOADCONFIG_TEST;
      else process.env.FAULTLINE_LOADCONFIG_TEST = before;
    }
  });

  it('fails with FL_ERRORS_CONFIG_LOAD on a missing or broken file, unless silent for missing ones', () => {
    writeFileSync(join(root, 'broken.yaml'), 'A: [unclosed\n');
    for (const file of ['nope.yaml', 'broken.yaml', 'dir.json']) {
      let error: unknown;
      try {
        loadConfig({ files: file, root, envPrefix: false });
      } catch (thrown) {
        error = thrown;
      }
      expect([file, error instanceof ConfigError, (error as ConfigError).code]).toEqual([
        file,
        true,
        'FL_ERRORS_CONFIG_LOAD',
      ]);
    }
    expect(
      plain(loadConfig({ files: ['nope.yaml', 'dir.json'], root, silent: true, envPrefix: false })),
    ).toEqual({});
    expect(() => loadConfig({ files: 'broken.yaml', root, silent: true, envPrefix: false })).toThrow(
      ConfigError,
    );
  });

  it('loads into an existing config, such as an ErrorApp’s', () => {
    const into = new Config({ DEBUG: false, KEEP: 1 });
    expect(loadConfig({ files: 'app.yaml', root, envPrefix: false, into })).toBe(into);
    expect([into.DEBUG, into.KEEP]).toEqual([true, 1]);
  });
});
