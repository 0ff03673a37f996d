import { createErrorApp } from '@faultline/errors';
import { describe, expect, it } from 'vitest';
import { SdkError } from '../errors.js';
import { assertDebugAllowed, disableDebugPage, enableDebugPage, errorAppOf } from './debug-mode.js';
import { run } from './run.js';
import { makeApp } from './test-apps.js';

const production = { NODE_ENV: 'production' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof SdkError ? error.code : `not an SdkError: ${String(error)}`;
  }
  return undefined;
}

describe('debug mode in production', () => {
  it('refuses to switch on when NODE_ENV is production, saying why', () => {
    expect(codeOf(() => assertDebugAllowed({ env: production }))).toBe('FL_SDK_DEBUG_IN_PRODUCTION');
    expect(() => assertDebugAllowed({ env: production })).toThrow(
      /NODE_ENV is "production".*allowDebugInProduction/,
    );
    const app = createErrorApp();
    expect(codeOf(() => enableDebugPage(app, { env: production }))).toBe('FL_SDK_DEBUG_IN_PRODUCTION');
    expect([app.settings.debug, app.debugRenderer]).toEqual([false, undefined]);
  });

  it('refuses in run() too, before anything listens', async () => {
    await expect(
      run(makeApp('node'), { debug: true, env: production, port: 0, useReloader: false, log: () => {} }),
    ).rejects.toMatchObject({ code: 'FL_SDK_DEBUG_IN_PRODUCTION' });
  });

  it('switches on with an explicit override (option or environment variable)', () => {
    expect(
      codeOf(() => assertDebugAllowed({ env: production, allowDebugInProduction: true })),
    ).toBeUndefined();
    for (const value of ['1', 'true'])
      expect(
        codeOf(() =>
          assertDebugAllowed({ env: { ...production, FAULTLINE_ALLOW_DEBUG_IN_PRODUCTION: value } }),
        ),
      ).toBeUndefined();
    expect(
      codeOf(() => assertDebugAllowed({ env: { ...production, FAULTLINE_ALLOW_DEBUG_IN_PRODUCTION: '0' } })),
    ).toBe('FL_SDK_DEBUG_IN_PRODUCTION');
    expect(codeOf(() => assertDebugAllowed({ env: { NODE_ENV: 'development' } }))).toBeUndefined();
  });
});

describe('enableDebugPage / disableDebugPage', () => {
  it('sets debug and the renderer on the ErrorApp of a framework app, and takes them off again', () => {
    const express = makeApp('express');
    const app = enableDebugPage(express, { env: {}, captureVariables: false });
    expect([app === errorAppOf(express), app.settings.debug, typeof app.debugRenderer]).toEqual([
      true,
      true,
      'function',
    ]);
    disableDebugPage(express);
    expect([app.settings.debug, app.debugRenderer]).toEqual([false, undefined]);
  });

  it('writes the traceback to the app logger as it renders the page, like Werkzeug', async () => {
    const logged: unknown[][] = [];
    const app = createErrorApp({ logger: { error: (...args: unknown[]) => logged.push(args) } });
    enableDebugPage(app, { env: {}, captureVariables: false });
    const error = new Error('boom');
    const page = await app.debugRenderer?.(error, { method: 'GET', path: '/x', url: '/x?a', headers: {} });
    expect(page?.status).toBe(500);
    expect(logged).toEqual([[{ err: error }, 'Exception on /x [GET]']]);
  });

  it('throws FL_SDK_APP_NOT_FOUND for an app @faultline/errors has not set up', () => {
    expect(codeOf(() => enableDebugPage({}, { env: {} }))).toBe('FL_SDK_APP_NOT_FOUND');
  });
});
