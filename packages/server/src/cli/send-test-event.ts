import { envelopeUrl, generateEventId, parseDsn, serializeEnvelope } from '@faultline/protocol';
import { ServerError } from '../errors.js';

/** Frames of a real stack, innermost last as Sentry expects. */
function framesOf(error: Error): Array<Record<string, unknown>> {
  const frames: Array<Record<string, unknown>> = [];
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const m = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (m === null) continue;
    const filename = m[2]!;
    frames.push({
      function: m[1] ?? '<anonymous>',
      filename,
      abs_path: filename,
      lineno: Number(m[3]),
      colno: Number(m[4]),
      in_app: !filename.startsWith('node:') && !filename.includes('node_modules'),
    });
  }
  return frames.reverse();
}

function makeTestError(): Error {
  return new Error('This is a test event sent by `faultline send-test-event`');
}

/** `faultline send-test-event DSN`: posts a real envelope with a stack trace and prints the answer. */
export async function sendTestEvent(
  dsnText: string | undefined,
  print: (line: string) => void,
): Promise<boolean> {
  if (dsnText === undefined) throw new ServerError('FL_CLI_USAGE', 2, 'usage: faultline send-test-event DSN');
  let dsn: ReturnType<typeof parseDsn>;
  try {
    dsn = parseDsn(dsnText);
  } catch (cause) {
    throw new ServerError('FL_CLI_USAGE', 2, (cause as Error).message, { cause });
  }
  const error = makeTestError();
  const eventId = generateEventId();
  const event = {
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    logger: 'faultline.cli',
    environment: 'test',
    tags: { source: 'send-test-event' },
    exception: {
      values: [
        {
          type: error.name,
          value: error.message,
          stacktrace: { frames: framesOf(error) },
          mechanism: { type: 'generic', handled: true },
        },
      ],
    },
    sdk: { name: 'faultline.cli', version: '0.1.0' },
  };
  const body = serializeEnvelope({
    headers: { event_id: eventId, sent_at: new Date().toISOString(), sdk: event.sdk },
    items: [{ headers: { type: 'event', content_type: 'application/json' }, payload: event }],
  });
  const url = envelopeUrl(dsn, { client: 'faultline.cli/0.1.0' });
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-sentry-envelope' },
      body: Buffer.from(body),
    });
  } catch (cause) {
    throw new ServerError('FL_CLI_USAGE', 1, `cannot reach ${url}: ${(cause as Error).message}`, { cause });
  }
  const text = await response.text();
  print(`POST ${url.split('?')[0]} -> ${response.status} ${text}`);
  if (response.ok) print(`event ${eventId} sent`);
  return response.ok;
}
