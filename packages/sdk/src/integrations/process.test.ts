import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseEnvelope } from '@sentry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../transport/test-receiver.js';
import type { Event } from '../types.js';
import { unhandledRejectionMode } from './process.js';

const APP = fileURLToPath(new URL('./test-process-app.ts', import.meta.url));
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

async function run(mode: string, nodeArgs: string[] = []) {
  const before = receiver.received.length;
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', '--conditions=@faultline/source', APP],
    {
      env: {
        ...process.env,
        MODE: mode,
        TEST_DSN: `http://k@127.0.0.1:${receiver.port}/1`,
        NODE_OPTIONS: '',
      },
    },
  );
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const [code] = await once(child, 'exit');
  const events = receiver.received.slice(before).map((r) => {
    const raw = parseEnvelope(r.body)[1][0]![1] as unknown;
    return JSON.parse(new TextDecoder().decode(raw as Uint8Array)) as Event;
  });
  return { code, stderr, stdout, events };
}

describe('process handlers', () => {
  it('reports an uncaught exception, flushes, prints it and exits with 1', async () => {
    const { code, stderr, events } = await run('uncaught');
    expect(code).toBe(1);
    expect(stderr).toContain('Error: fatal boom');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      level: 'fatal',
      exception: {
        values: [{ value: 'fatal boom', mechanism: { type: 'onuncaughtexception', handled: false } }],
      },
    });
  });

  it('reports an unhandled rejection and exits like Node in the default throw mode', async () => {
    const { code, stderr, events } = await run('rejection');
    expect(code).toBe(1);
    expect(stderr).toContain('Error: rejected boom');
    expect(events[0]).toMatchObject({
      exception: {
        values: [{ value: 'rejected boom', mechanism: { type: 'onunhandledrejection', handled: false } }],
      },
    });
  });

  it('follows --unhandled-rejections=warn: reports, warns, keeps running', async () => {
    const { code, stderr, stdout, events } = await run('rejection', ['--unhandled-rejections=warn']);
    expect(code).toBe(0);
    expect(stdout).toContain('still running');
    expect(stderr).toContain('UnhandledPromiseRejectionWarning');
    expect(events).toHaveLength(1);
  });

  it('reads the mode from the command line, then NODE_OPTIONS, defaulting to throw', () => {
    expect(unhandledRejectionMode([], '')).toBe('throw');
    expect(unhandledRejectionMode([], '--unhandled-rejections=none')).toBe('none');
    expect(unhandledRejectionMode(['--unhandled-rejections=strict'], '--unhandled-rejections=none')).toBe(
      'strict',
    );
  });
});
