import { describe, expect, it } from 'vitest';
import { Config } from './config.js';
import { createErrorApp } from './error-app.js';
import { handleError } from './handle-error.js';
import { makeRequest } from './test-helpers.js';

describe('Config', () => {
  it('#42 fromMapping keeps only upper-case keys (several mappings, later wins)', () => {
    const config = new Config();
    expect(
      config.fromMapping({ debug: true, DEBUG: true, Mixed: 1, DB_HOST: 'x', '123': 'n' }, { DB_HOST: 'y' }),
    ).toBe(true);
    expect({ ...config }).toEqual({ DEBUG: true, DB_HOST: 'y' });
  });

  it('#42 fromFile with a loader and a parser (YAML-style DEBUG: true) turns on propagation', async () => {
    const app = createErrorApp({ logger: { error() {} } });
    expect(app.settings.debug).toBe(false);
    const fakeYaml = (text: string) =>
      Object.fromEntries(
        text
          .split('\n')
          .map((line) => line.split(': '))
          .map(([k, v]) => [k, v === 'true']),
      );
    expect(app.config.fromFile(() => 'DEBUG: true\nlower: true', fakeYaml)).toBe(true);
    expect(app.config.DEBUG).toBe(true);
    expect(app.config.lower).toBeUndefined();
    expect(app.settings.debug).toBe(true);
    const error = new Error('propagated');
    await expect(handleError(error, { app, request: makeRequest() })).rejects.toBe(error);
  });

  it('#42 fromFile takes file text (JSON by default) or a loader returning the mapping', () => {
    const config = new Config();
    config.fromFile('{"SECRET_KEY": "s", "x": 1}');
    config.fromFile(() => ({ TESTING: true }));
    expect({ ...config }).toEqual({ SECRET_KEY: 's', TESTING: true });
  });

  it('fromFile wraps failures as FL_ERRORS_CONFIG_LOAD, keeps the cause, and silent ignores missing files', () => {
    const config = new Config();
    expect(() => config.fromFile('{not json')).toThrow(
      expect.objectContaining({ code: 'FL_ERRORS_CONFIG_LOAD', cause: expect.any(SyntaxError) }),
    );
    expect(() => config.fromFile('{not json')).toThrow(/^Unable to load configuration file \(/);
    const missing = () => {
      throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    };
    expect(config.fromFile(missing, JSON.parse, { silent: true })).toBe(false);
    expect(() => config.fromFile(missing)).toThrow(
      'Unable to load configuration file (ENOENT: no such file)',
    );
    const denied = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(() => config.fromFile(denied, JSON.parse, { silent: true })).toThrow(
      expect.objectContaining({ code: 'FL_ERRORS_CONFIG_LOAD' }),
    );
    expect(() => config.fromFile('[1,2]')).toThrow('it did not contain a mapping');
  });

  it('#43 fromPrefixedEnv: JSON-parsed values, raw string fallback, __ nesting, sorted order', () => {
    const config = new Config();
    config.fromPrefixedEnv(
      {
        FLASK_DEBUG: 'true',
        FLASK_PORT: '8080',
        FLASK_NAME: 'plain text',
        FLASK_DB__HOST: 'x',
        FLASK_DB: '{"PORT": 5432}',
        FLASK_DB__OPTS__SSL: 'false',
        OTHER_KEY: '1',
        FLASK_UNSET: undefined,
      },
      'FLASK',
    );
    // Sorted order: FLASK_DB is applied before FLASK_DB__HOST, so the nested keys merge into it.
    expect({ ...config }).toEqual({
      DEBUG: true,
      PORT: 8080,
      NAME: 'plain text',
      DB: { PORT: 5432, HOST: 'x', OPTS: { SSL: false } },
    });
  });

  it('#43 sorted order decides conflicts: a later scalar replaces an earlier nested object', () => {
    const config = new Config();
    config.fromPrefixedEnv({ APP_A__B: '1', APP_A: '2' }, 'APP');
    // "APP_A" sorts before "APP_A__B": A=2 is set first, then replaced by { B: 1 }.
    expect(config.A).toEqual({ B: 1 });
  });

  it('fromPrefixedEnv defaults to FAULTLINE_, takes a custom parser, and refuses prototype keys and methods', () => {
    const config = new Config();
    config.fromPrefixedEnv(
      {
        FAULTLINE_X: '1',
        FAULTLINE_constructor__prototype__polluted: 'true',
        FAULTLINE_A__constructor__prototype__polluted: 'true',
        FAULTLINE_fromMapping: '1',
      },
      undefined,
      (text) => `parsed:${text}`,
    );
    expect(config.X).toBe('parsed:1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Config.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof config.fromMapping).toBe('function');
    expect(Object.keys(config)).toEqual(['X']);
  });

  it('getNamespace returns the keys under a prefix, trimmed and lower-cased', () => {
    const config = new Config({ MAIL_HOST: 'h', MAIL_PORT: 25, OTHER: 1 });
    expect(config.getNamespace('MAIL_')).toEqual({ host: 'h', port: 25 });
    expect(config.getNamespace('MAIL_', { lowercase: false, trimNamespace: false })).toEqual({
      MAIL_HOST: 'h',
      MAIL_PORT: 25,
    });
  });

  it('app settings are views over the Flask-named config keys', () => {
    const app = createErrorApp({ config: { PROPAGATE_EXCEPTIONS: true }, trapHttpExceptions: true });
    expect(app.settings).toEqual({
      debug: false,
      testing: false,
      propagateExceptions: true,
      trapHttpExceptions: true,
      trapBadRequestErrors: null,
    });
    app.settings.testing = true;
    expect(app.config.TESTING).toBe(true);
    app.config.fromMapping({ TRAP_BAD_REQUEST_ERRORS: false });
    expect(app.settings.trapBadRequestErrors).toBe(false);
  });

  it.each([
    ['1', true],
    ['true', true],
    ['yes', true],
    ['0', false],
    ['false', false],
    ['No', false],
    ['', false],
    [undefined, false],
  ])('DEBUG is seeded from env FAULTLINE_DEBUG=%s → %s', (value, debug) => {
    expect(createErrorApp({ env: { FAULTLINE_DEBUG: value } }).settings.debug).toBe(debug);
  });
});
