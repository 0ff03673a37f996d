// The replay itself, checked against a capture server: what arrives is what the real client sent
// (same header names, case, order and values, same body bytes), except the project id and key.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CaptureServer, startCaptureServer } from '../src/capture-server.js';
import { fixtureBody, fixtureRequest, loadFixtures } from '../src/fixtures.js';
import { sendRaw } from '../src/raw-http.js';

const KEY = 'feedfacefeedfacefeedfacefeedface';
let capture: CaptureServer;
beforeAll(async () => {
  capture = await startCaptureServer();
});
afterAll(() => capture.close());

it('replays every fixture with its raw headers and body bytes, rewriting only project and key', async () => {
  const fixtures = loadFixtures();
  for (const fixture of fixtures) {
    const outcome = await sendRaw(capture.port, fixtureRequest(fixture, { projectId: 42, publicKey: KEY }));
    expect(outcome.kind === 'response' && outcome.response.status, fixture.name).toBe(200);
  }
  expect(capture.requests).toHaveLength(fixtures.length);
  fixtures.forEach((fixture, i) => {
    const received = capture.requests[i]!;
    expect(received.body.equals(fixtureBody(fixture)), fixture.name).toBe(true);
    expect(received.url).toBe(
      fixture.url.replace('/api/1/', '/api/42/').replace('sentry_key=publickey', `sentry_key=${KEY}`),
    );
    const expectedHeaders = fixture.raw_headers.map((value, j) =>
      j % 2 === 1 && /^(x-sentry-auth|authorization)$/i.test(fixture.raw_headers[j - 1]!)
        ? value.replace('sentry_key=publickey', `sentry_key=${KEY}`)
        : value,
    );
    expect(received.rawHeaders, fixture.name).toEqual(expectedHeaders);
  });
});
