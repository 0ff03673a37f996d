import { randomUUID } from 'node:crypto';
import { request } from 'node:http';

/** A small, valid error event with a stack, unique by its id. */
export function makeEvent(eventId: string, label: string): Record<string, unknown> {
  return {
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    exception: {
      values: [
        {
          type: 'Error',
          value: `crash test ${label}`,
          stacktrace: {
            frames: [
              { filename: '/srv/app/main.js', function: 'main', lineno: 10, colno: 3, in_app: true },
              { filename: '/srv/app/worker.js', function: 'work', lineno: 42, colno: 9, in_app: true },
            ],
          },
        },
      ],
    },
  };
}

/** A fresh 32-hex event id. */
export function newEventId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * POSTs one event in an envelope with query-string auth, as @sentry/node does; resolves with the
 * status, or with `error` when the connection failed (refused, reset) or timed out.
 */
export function postEnvelope(
  port: number,
  target: { projectId: number; publicKey: string },
  event: Record<string, unknown>,
  timeoutMs = 5_000,
): Promise<number | 'error'> {
  const body = `${JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString() })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/${target.projectId}/envelope/?sentry_version=7&sentry_key=${target.publicKey}&sentry_client=e2e%2F1.0`,
        headers: { 'content-length': Buffer.byteLength(body) },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 'error'));
        res.on('error', () => resolve('error'));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve('error'));
    req.end(body);
  });
}
