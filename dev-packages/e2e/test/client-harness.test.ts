// The client harnesses checked on their own, against a capture server: each real client runs,
// flushes and exits, and its requests carry the three events with their stacks. When a Faultline
// test fails, this file tells a broken client setup apart from a broken server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBrowserClient } from '../src/browser-client.js';
import { type CaptureServer, startCaptureServer } from '../src/capture-server.js';
import { CLIENT_COMMANDS, runClient } from '../src/clients.js';
import { decodeCapturedEvents } from '../src/decode-captured.js';
import { exceptionTypes, framesOf } from '../src/event-shape.js';

let capture: CaptureServer;
beforeEach(async () => {
  capture = await startCaptureServer();
});
afterEach(() => capture.close());

const dsn = () => `http://0123456789abcdef0123456789abcdef@127.0.0.1:${capture.port}/1`;

describe('real clients reach a capture server', () => {
  for (const client of Object.keys(CLIENT_COMMANDS) as Array<keyof typeof CLIENT_COMMANDS>) {
    it(`${client} sends A, B, A with stack traces and exits`, async () => {
      const ids = await runClient(client, dsn());
      const events = decodeCapturedEvents(capture.requests);
      expect(events.map((e) => e.event.event_id)).toEqual(ids);
      expect(ids).toHaveLength(3);
      const types = events.map((e) => exceptionTypes(e.event).at(-1));
      expect(types[0]).toBe(types[2]);
      expect(types[0]).not.toBe(types[1]);
      for (const { event } of events) expect(framesOf(event).length).toBeGreaterThan(0);
    });
  }

  // Above a size threshold (32 KiB in @sentry/node, 30 KiB in sentry-ruby) the SDKs gzip the body.
  for (const client of ['sentryNode', 'sentryRuby'] as const) {
    it(`${client} gzips large events and they still carry their stacks`, async () => {
      const ids = await runClient(client, dsn(), { env: { E2E_PADDING_BYTES: String(40 * 1024) } });
      const events = decodeCapturedEvents(capture.requests);
      // Large events are gzipped asynchronously and sent concurrently, so they may arrive in any order.
      expect(events.map((e) => e.event.event_id).sort()).toEqual([...ids].sort());
      const eventRequests = capture.requests.filter(
        (r) => r.body.length > 0 && r.headers['content-encoding'] === 'gzip',
      );
      expect(eventRequests.length).toBeGreaterThanOrEqual(3);
      for (const { event } of events) expect(framesOf(event).length).toBeGreaterThan(0);
    });
  }

  it('@sentry/browser in Chromium sends A, B, A cross-origin with stack traces', async () => {
    const run = await runBrowserClient(dsn(), { timeoutMs: 20_000 });
    expect(run.flushed).toBe(true);
    const events = decodeCapturedEvents(capture.requests);
    expect(events.map((e) => e.event.event_id)).toEqual(run.ids);
    expect(capture.requests.every((r) => r.headers.origin !== undefined)).toBe(true);
    for (const { event } of events) expect(framesOf(event).length).toBeGreaterThan(0);
  });
});
