// Every request a real Sentry client sent (the shared fixtures), replayed byte for byte over a real
// TCP connection to a real Faultline server: raw header order and case, body bytes as captured,
// chunked framing where the client used it. Only the project id and key are rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCapturedEvents } from '../src/decode-captured.js';
import { exceptionTypes, framesOf } from '../src/event-shape.js';
import { type Fixture, fixtureBody, fixtureRequest, loadFixtures } from '../src/fixtures.js';
import { type Harness, startHarness } from '../src/harness.js';
import { sendRaw } from '../src/raw-http.js';

const fixtures = loadFixtures();

// The error and message events inside a fixture, decoded independently of the server.
function fixtureEvents(fixture: Fixture): Array<Record<string, unknown>> {
  const headers = Object.fromEntries(
    fixture.raw_headers.flatMap((value, i, all) => (i % 2 === 0 ? [[value.toLowerCase(), all[i + 1]]] : [])),
  );
  return decodeCapturedEvents([
    {
      method: fixture.method,
      url: fixture.url,
      headers,
      rawHeaders: fixture.raw_headers,
      body: fixtureBody(fixture),
    },
  ]).map((captured) => captured.event);
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

describe('replaying real client captures', () => {
  it('has captures from every client folder', () => {
    const clients = new Set(fixtures.map((f) => f.client));
    expect([...clients].sort()).toEqual([
      'python-sentry-sdk',
      'python-sentry-sdk-tracing',
      'raven-node',
      'sentry-browser',
      'sentry-node',
      'sentry-node-localvars',
      'sentry-node-tracing',
    ]);
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
  });

  it('answers 200 to every request, stores every event with its frames and groups them', async () => {
    const answers: string[] = [];
    for (const fixture of fixtures) {
      const outcome = await sendRaw(harness.port, fixtureRequest(fixture, harness));
      const status = outcome.kind === 'response' ? outcome.response.status : 'closed';
      const detail = outcome.kind === 'response' ? outcome.response.body.toString('utf8').slice(0, 200) : '';
      answers.push(`${fixture.name} ${status} ${status === 200 ? '' : detail}`.trim());
    }
    expect(answers).toEqual(fixtures.map((f) => `${f.name} 200`));

    const expected = fixtures.flatMap((fixture) =>
      fixtureEvents(fixture).map((event) => ({ fixture: fixture.name, event })),
    );
    expect(expected.length).toBeGreaterThanOrEqual(30);
    const stored = await harness.waitForEvents(expected.map((e) => String(e.event.event_id)));
    stored.forEach((event, i) => {
      const sent = expected[i]!.event;
      expect(framesOf(event.data).length, expected[i]!.fixture).toBe(framesOf(sent).length);
      expect(exceptionTypes(event.data), expected[i]!.fixture).toEqual(exceptionTypes(sent));
    });

    const issueOf = (name: string) => stored[expected.findIndex((e) => e.fixture === name)]!.issueId;
    // The Flask route's ZeroDivisionError, captured four times over two runs, is one issue …
    const flask = [
      'python-sentry-sdk/01',
      'python-sentry-sdk/02',
      'python-sentry-sdk-tracing/01',
      'python-sentry-sdk-tracing/03',
    ];
    expect(new Set(flask.map(issueOf)).size).toBe(1);
    const flaskIssue = await harness.storage.getIssue(issueOf(flask[0]!));
    expect(flaskIssue?.eventCount).toBe(4);
    expect(flaskIssue?.title).toContain('ZeroDivisionError');
    // … while the same exception type raised elsewhere (capture_exception at module level) is not.
    expect(issueOf('python-sentry-sdk/04')).not.toBe(issueOf(flask[0]!));
    // Every issue's count matches the events stored in it.
    const issues = await harness.waitForIssues(1);
    const total = issues.reduce((sum, issue) => sum + issue.eventCount, 0);
    expect(total).toBe(expected.length);
  });
});
