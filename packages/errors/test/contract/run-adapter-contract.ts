// The one contract every framework adapter passes (Hono's runTest({ newRouter }) idea): the same
// requests against the same routes, built in each framework's own idiom by its fixture.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionError,
  ConnectionRefusedError,
  Forbidden,
  findErrorApp,
  HTTPException,
  InternalServerError,
  MethodNotAllowed,
  NotFound,
  TooManyRequests,
  Unauthorized,
} from '../../src/index.js';
import type { AdapterFixture, Fixture } from './fixture.js';
import { exceptionLines, sameError, starter } from './harness.js';
import { lifecycleCases } from './lifecycle-cases.js';
import { header, headerValues } from './reply.js';
import { resultShapeCases } from './result-shapes.js';

/** Runs the adapter contract against one framework. */
export function runAdapterContract(name: string, fixture: AdapterFixture): void {
  describe(`${name}: adapter contract`, () => {
    let running: Fixture | undefined;
    afterEach(async () => {
      await running?.close();
      running = undefined;
    });

    const start = starter(fixture, (f) => {
      running = f;
    });

    it('binds the framework app to its ErrorApp and leaves normal routes alone', async () => {
      const { f, app } = await start();
      expect(findErrorApp(f.target)).toBe(app);
      const ok = await f.request('GET', '/ok');
      expect([ok.status, ok.body]).toEqual([200, 'ok']);
      const bpOk = await f.request('GET', '/bp/ok');
      expect([bpOk.status, bpOk.body]).toEqual([200, 'bp ok']);
    });

    it('runs the blueprint handler before the application handler (13)', async () => {
      const { f } = await start({
        app: (a) => a.register(403, () => ['app-403', 403]),
        blueprint: (bp) => bp.register(403, () => ['bp-403', 403]),
        raise: () => new Forbidden(),
      });
      expect((await f.request('GET', '/bp/throw')).body).toBe('bp-403');
      expect((await f.request('GET', '/throw')).body).toBe('app-403');
    });

    it('falls back from the blueprint to the application, codes before classes (12, 14)', async () => {
      const { f } = await start({
        app: (a) => a.register(404, () => ['app-404', 404]),
        blueprint: (bp) => bp.register(HTTPException, () => ['bp-class', 500]),
        raise: () => new NotFound(),
      });
      const reply = await f.request('GET', '/bp/throw');
      expect([reply.status, reply.body]).toEqual([404, 'app-404']);
    });

    it('sends routing 404s to the application, never to the blueprint (15)', async () => {
      const { f } = await start({
        app: (a) => a.register(404, (e: NotFound) => [`app-404 ${e.code}`, 404]),
        blueprint: (bp) => bp.register(404, () => ['bp-404', 404]),
        raise: () => new NotFound(),
      });
      for (const path of ['/bp/nope', '/nope', '/nope?x=1']) {
        const reply = await f.request('GET', path);
        expect([path, reply.status, reply.body]).toEqual([path, 404, 'app-404 404']);
      }
      // A NotFound raised inside a blueprint view is the blueprint's.
      expect((await f.request('GET', '/bp/throw')).body).toBe('bp-404');
    });

    it('answers 405 with Allow for a path that exists with other methods (23)', async () => {
      const { f } = await start();
      const reply = await f.request('POST', '/items');
      expect(reply.status).toBe(405);
      expect(header(reply, 'allow')).toBe(fixture.allow);
      expect(reply.body).toBe(new MethodNotAllowed().getBody());
      expect((await f.request('POST', '/nothing-here')).status).toBe(404);
    });

    it('gives the 405 handler a MethodNotAllowed and ignores blueprint 405 handlers', async () => {
      let seen: unknown;
      const { f } = await start({
        app: (a) =>
          a.register(405, (e) => {
            seen = e;
            return [{ allowed: (e as MethodNotAllowed).validMethods }, 405];
          }),
        blueprint: (bp) => bp.register(405, () => 'bp-405'),
      });
      const reply = await f.request('POST', '/items');
      expect(reply.status).toBe(405);
      expect(seen).toBeInstanceOf(MethodNotAllowed);
      expect(JSON.parse(reply.body).allowed.join(', ')).toBe(fixture.allow);
      const inBlueprint = await f.request('POST', '/bp/ok');
      expect([inBlueprint.status, JSON.parse(inBlueprint.body).allowed.join(', ')]).toEqual([
        405,
        fixture.allow,
      ]);
    });

    describe('converts every handler result shape (16, 17, 18, 41)', () => {
      for (const c of resultShapeCases) {
        it(c.name, async () => {
          const { f } = await start({ app: (a) => a.register(403, c.handler), raise: () => new Forbidden() });
          c.check(await f.request('GET', '/throw'), fixture);
        });
      }
    });

    it('logs an unhandled error once as "Exception on <path> [<METHOD>]" and answers the 500 page (28)', async () => {
      const error = new Error('kaboom');
      const { f, logs, exceptions } = await start({ raise: () => error });
      const reply = await f.request('POST', '/throw?secret=1');
      expect(reply.status).toBe(500);
      expect(reply.body).toBe(new InternalServerError().getBody());
      expect(exceptionLines(logs).map((l) => l.msg)).toEqual(['Exception on /throw [POST]']);
      expect((exceptionLines(logs)[0]!.obj as { err: unknown }).err).toBe(error);
      expect(exceptions).toHaveLength(1);
      expect(exceptions[0]).toBe(error);
      // Handled here, so the framework's own error path (its logger, Koa's 'error' event) never saw it.
      expect(f.propagated).toEqual([]);
    });

    it('handles errors of async handlers the same way', async () => {
      const error = new Error('later');
      const { f, logs, exceptions } = await start({ raise: () => error });
      const reply = await f.request('GET', '/async-throw');
      expect(reply.status).toBe(500);
      expect(exceptionLines(logs).map((l) => l.msg)).toEqual(['Exception on /async-throw [GET]']);
      expect(exceptions).toEqual([error]);
    });

    it('neither logs nor reports HTTP exceptions that no handler claims (27)', async () => {
      const { f, logs, exceptions } = await start({ raise: () => new Forbidden() });
      expect((await f.request('GET', '/throw')).status).toBe(403);
      expect((await f.request('GET', '/nope')).status).toBe(404);
      expect(logs).toEqual([]);
      expect(exceptions).toEqual([]);
    });

    for (const settings of [{ testing: true }, { debug: true }, { propagateExceptions: true }] as const) {
      it(`propagates to the framework with ${JSON.stringify(settings)} (33)`, async () => {
        const error = new Error('propagate me');
        let handlerRan = false;
        const { f, logs, exceptions } = await start({
          settings,
          app: (a) =>
            a.register(500, () => {
              handlerRan = true;
              return 'handled';
            }),
          raise: () => error,
        });
        const reply = await f.request('GET', '/throw');
        expect(reply.status).toBe(500);
        expect(reply.body).not.toBe('handled');
        expect(handlerRan).toBe(false);
        expect(exceptions).toEqual([error]);
        expect(exceptionLines(logs)).toEqual([]);
        expect(f.propagated).toHaveLength(1);
        expect(sameError(f.propagated[0], error)).toBe(true);
        // From a blueprint too: the error passes the blueprint and the app without a second pipeline run.
        expect((await f.request('GET', '/bp/throw')).status).toBe(500);
        expect(exceptions).toEqual([error, error]);
        expect(f.propagated).toHaveLength(2);
      });
    }

    it('answers with the debug renderer instead of propagating when debug is on and one is set', async () => {
      const error = new Error('render me');
      const { f, app, exceptions } = await start({ settings: { debug: true }, raise: () => error });
      app.debugRenderer = (e) => ({
        status: 500,
        headers: [['Content-Type', 'text/plain; charset=utf-8']],
        body: `debug page for ${(e as Error).message}`,
      });
      const reply = await f.request('GET', '/throw');
      expect([reply.status, reply.body]).toEqual([500, 'debug page for render me']);
      expect(exceptions).toEqual([error]);
      expect(f.propagated).toEqual([]);
    });

    it('does not propagate when propagateExceptions is explicitly false (33)', async () => {
      const { f, exceptions } = await start({
        settings: { testing: true, debug: true, propagateExceptions: false },
        app: (a) => a.register(500, () => ['handled', 500]),
      });
      const reply = await f.request('GET', '/throw');
      expect([reply.status, reply.body]).toEqual([500, 'handled']);
      expect(exceptions).toHaveLength(1);
      expect(f.propagated).toEqual([]);
    });

    it('negotiates the default response: HTML, JSON, problem+json (19)', async () => {
      const { f } = await start({ raise: () => new NotFound() });
      const html = await f.request('GET', '/throw', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      expect(header(html, 'content-type')).toBe('text/html; charset=utf-8');
      expect(html.body).toBe(new NotFound().getBody());
      const json = await f.request('GET', '/throw', { accept: 'application/json' });
      expect(header(json, 'content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(json.body)).toMatchObject({ code: 404, name: 'Not Found' });
      const problem = await f.request('GET', '/nope', { accept: 'application/problem+json' });
      expect(header(problem, 'content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(problem.body)).toMatchObject({ status: 404, title: 'Not Found', instance: '/nope' });
    });

    it('keeps extra headers: two WWW-Authenticate challenges, Retry-After (24)', async () => {
      let next: unknown;
      const { f } = await start({ raise: () => next });
      next = new Unauthorized({ wwwAuthenticate: ['Basic realm="a"', 'Bearer realm="b"'] });
      const unauthorized = await f.request('GET', '/throw');
      expect(unauthorized.status).toBe(401);
      if (fixture.repeatedHeaderLines) {
        expect(headerValues(unauthorized, 'www-authenticate')).toEqual([
          'Basic realm="a"',
          'Bearer realm="b"',
        ]);
      } else {
        expect(header(unauthorized, 'www-authenticate')).toBe('Basic realm="a", Bearer realm="b"');
      }
      next = new TooManyRequests({ retryAfter: 120 });
      const tooMany = await f.request('GET', '/throw');
      expect([tooMany.status, header(tooMany, 'retry-after')]).toEqual([429, '120']);
    });

    it('takes thrown non-Errors down the 500 path, logged and reported once', async () => {
      let received: unknown;
      const { f, logs, exceptions } = await start({
        app: (a) =>
          a.register(InternalServerError, (e) => {
            received = e.originalException;
            return ['non-error handled', 500];
          }),
        raise: () => 'a plain string',
      });
      const reply = await f.request('GET', '/throw');
      expect([reply.status, reply.body]).toEqual([500, 'non-error handled']);
      expect(received).toBe('a plain string');
      expect(exceptions).toEqual(['a plain string']);
      expect(exceptionLines(logs)).toHaveLength(1);
      // Non-Errors raised in a blueprint view still reach the blueprint's 500 handler.
      const scoped = await start({
        blueprint: (bp) => bp.register(500, () => ['bp-500', 500]),
        raise: () => ({ not: 'an error' }),
      });
      expect((await scoped.f.request('GET', '/bp/throw')).body).toBe('bp-500');
    });

    it('classifies errno errors: a ConnectionError handler catches ECONNREFUSED', async () => {
      const refused = () =>
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
          code: 'ECONNREFUSED',
          errno: -111,
          syscall: 'connect',
        });
      const { f } = await start({
        app: (a) => a.register(ConnectionError, (e: Error) => [`upstream down: ${e.message}`, 502]),
        raise: refused,
      });
      const reply = await f.request('GET', '/throw');
      expect([reply.status, reply.body]).toEqual([502, 'upstream down: connect ECONNREFUSED 127.0.0.1:1']);
      const specific = await start({
        app: (a) => {
          a.register(ConnectionError, () => ['general', 502]);
          a.register(ConnectionRefusedError, () => ['refused', 503]);
        },
        raise: refused,
      });
      expect((await specific.f.request('GET', '/throw')).body).toBe('refused');
    });

    it('sends a handler that throws to the 500 handler with the original (29, 31)', async () => {
      const broken = new Error('handler broke');
      const { f, logs } = await start({
        app: (a) => {
          a.register(403, () => {
            throw broken;
          });
          a.register(InternalServerError, (e) => [
            `500 after: ${(e.originalException as Error).message}`,
            500,
          ]);
        },
        raise: () => new Forbidden(),
      });
      const reply = await f.request('GET', '/throw');
      expect([reply.status, reply.body]).toEqual([500, '500 after: handler broke']);
      expect(exceptionLines(logs)).toHaveLength(1);
    });

    it('answers a last-resort 500 when the 500 handler fails too (32)', async () => {
      const { f } = await start({
        app: (a) =>
          a.register(500, () => {
            throw new Error('500 handler broke');
          }),
      });
      const reply = await f.request('GET', '/throw');
      expect(reply.status).toBe(500);
      expect(reply.body).toBe(new InternalServerError().getBody());
    });

    it("uses the blueprint's 500 handler for its unhandled errors (36)", async () => {
      const { f } = await start({
        app: (a) => a.register(500, () => ['app-500', 500]),
        blueprint: (bp) => bp.register(500, () => ['bp-500', 500]),
      });
      expect((await f.request('GET', '/bp/throw')).body).toBe('bp-500');
      expect((await f.request('GET', '/throw')).body).toBe('app-500');
    });

    lifecycleCases(fixture, start);
  });
}
