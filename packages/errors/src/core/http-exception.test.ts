import { describe, expect, it } from 'vitest';
import { abort } from './abort.js';
import {
  BadRequest,
  BadRequestKeyError,
  Forbidden,
  ImATeapot,
  LengthRequired,
  MethodNotAllowed,
  NotFound,
  ProxyAuthenticationRequired,
  RequestedRangeNotSatisfiable,
  TooManyRequests,
  Unauthorized,
} from './client-errors.js';
import { defaultExceptions } from './default-exceptions.js';
import { HTTPException } from './http-exception.js';
import { RequestRedirect } from './request-redirect.js';
import { InsufficientStorage, InternalServerError, ServiceUnavailable } from './server-errors.js';
import { STATUS_PHRASES } from './status-phrases.js';
import { bodyText, headerValues, makeRequest } from './test-helpers.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('HTTP exceptions', () => {
  it('#19 abort(404) renders the Werkzeug page byte for byte', () => {
    const error = thrown(() => abort(404)) as NotFound;
    const response = error.getResponse();
    expect(response.status).toBe(404);
    expect(headerValues(response, 'content-type')).toEqual(['text/html; charset=utf-8']);
    expect(response.body).toBe(
      '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
        '<p>The requested URL was not found on the server. If you entered the URL manually please check your' +
        ' spelling and try again.</p>\n',
    );
  });

  it('#19 names and descriptions are escaped like markupsafe (418, 411)', () => {
    expect(new ImATeapot().getBody()).toContain(
      '<title>418 I&#39;m a teapot</title>\n<h1>I&#39;m a teapot</h1>',
    );
    expect(new LengthRequired().getBody()).toContain(
      '<p>A request with this method requires a valid &lt;code&gt;Content-Length&lt;/code&gt; header.</p>',
    );
  });

  it('#20 a custom description is escaped and newlines become <br>', () => {
    expect(
      bodyText((thrown(() => abort(404, { description: 'Gone fishing' })) as NotFound).getResponse()),
    ).toContain('<p>Gone fishing</p>');
    const error = new NotFound('a <b> & "c"\nline 2');
    expect(error.getBody()).toContain('<p>a &lt;b&gt; &amp; &#34;c&#34;<br>line 2</p>');
    expect(error.description).toBe('a <b> & "c"\nline 2');
  });

  it('#24 Unauthorized sends one WWW-Authenticate header per challenge, none by default', () => {
    const response = new Unauthorized({ wwwAuthenticate: ['Basic realm="a"', 'Bearer'] }).getResponse();
    expect(headerValues(response, 'www-authenticate')).toEqual(['Basic realm="a"', 'Bearer']);
    expect(headerValues(new Unauthorized().getResponse(), 'www-authenticate')).toEqual([]);
    expect(
      headerValues(new Unauthorized({ wwwAuthenticate: 'Basic' }).getResponse(), 'www-authenticate'),
    ).toEqual(['Basic']);
  });

  it('#24 Retry-After takes seconds or a Date (as an HTTP-date), and is omitted when falsy', () => {
    expect(headerValues(new TooManyRequests({ retryAfter: 120 }).getResponse(), 'retry-after')).toEqual([
      '120',
    ]);
    const date = new Date(Date.UTC(2026, 10, 25, 13, 0, 5));
    expect(headerValues(new ServiceUnavailable({ retryAfter: date }).getResponse(), 'retry-after')).toEqual([
      'Wed, 25 Nov 2026 13:00:05 GMT',
    ]);
    expect(headerValues(new TooManyRequests({ retryAfter: 0 }).getResponse(), 'retry-after')).toEqual([]);
  });

  it('#24 RequestedRangeNotSatisfiable sends Content-Range: bytes */length', () => {
    expect(
      headerValues(new RequestedRangeNotSatisfiable({ length: 1000 }).getResponse(), 'content-range'),
    ).toEqual(['bytes */1000']);
    expect(
      headerValues(
        new RequestedRangeNotSatisfiable({ length: 5, units: 'items' }).getResponse(),
        'content-range',
      ),
    ).toEqual(['items */5']);
    expect(headerValues(new RequestedRangeNotSatisfiable().getResponse(), 'content-range')).toEqual([]);
  });

  it('#23 MethodNotAllowed joins validMethods into Allow (options or a plain list)', () => {
    const response = new MethodNotAllowed({ validMethods: ['GET', 'HEAD', 'OPTIONS'] }).getResponse();
    expect(response.status).toBe(405);
    expect(headerValues(response, 'allow')).toEqual(['GET, HEAD, OPTIONS']);
    expect(headerValues(new MethodNotAllowed(['PUT']).getResponse(), 'allow')).toEqual(['PUT']);
    expect(headerValues(new MethodNotAllowed().getResponse(), 'allow')).toEqual([]);
  });

  it('407 sends Proxy-Authenticate challenges', () => {
    const response = new ProxyAuthenticationRequired({ proxyAuthenticate: 'Basic' }).getResponse();
    expect(response.status).toBe(407);
    expect(headerValues(response, 'proxy-authenticate')).toEqual(['Basic']);
  });

  it('#25 String(e) is "404 Not Found: <description>" and the inspect form is <NotFound \'404: Not Found\'>', () => {
    const error = new NotFound();
    expect(String(error)).toBe(`404 Not Found: ${NotFound.description}`);
    const inspect = (error as unknown as Record<symbol, () => string>)[
      Symbol.for('nodejs.util.inspect.custom')
    ]!;
    expect(inspect.call(error)).toBe("<NotFound '404: Not Found'>");
    expect(String(new HTTPException('x'))).toBe('??? Unknown Error: x');
  });

  it('carries name (class), title (phrase), code and description; is an Error with a stack naming the class', () => {
    const error = new Forbidden();
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.title, error.code]).toEqual(['Forbidden', 'Forbidden', 403]);
    expect(error.message).toBe(Forbidden.description);
    expect(error.stack?.split('\n')[0]).toBe(`Forbidden: ${Forbidden.description}`);
    expect(new NotFound({ cause: 'why' }).cause).toBe('why');
  });

  it('has a class for every Werkzeug code plus the registered ones it lacks (402 stays reserved)', () => {
    const werkzeug = [
      400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
      428, 429, 431, 451, 500, 501, 502, 503, 504, 505,
    ];
    const added = [407, 425, 426, 506, 507, 508, 510, 511];
    expect([...defaultExceptions.keys()].sort()).toEqual([...werkzeug, ...added].sort());
    for (const [code, cls] of defaultExceptions) {
      const error = new cls();
      expect(error.code).toBe(code);
      expect(error.title).toBe(STATUS_PHRASES.get(code));
      expect(error.description.length).toBeGreaterThan(0);
    }
    expect(defaultExceptions.get(400)).toBe(BadRequest);
    expect(defaultExceptions.get(507)).toBe(InsufficientStorage);
  });

  it('non-standard codes by subclassing: static code, description and title', () => {
    class NetworkConnectTimeout extends HTTPException {
      static override code = 599;
      static override title = 'Network Connect Timeout';
      static override description = 'The upstream never answered.';
    }
    const response = new NetworkConnectTimeout().getResponse();
    expect(response.status).toBe(599);
    expect(response.body).toContain('<title>599 Network Connect Timeout</title>');
    expect(response.body).toContain('<p>The upstream never answered.</p>');
  });

  it('an instance-field code (class My403 { code = 403 }) is honoured when rendering', () => {
    class My403 extends HTTPException {
      override code = 403;
    }
    const error = new My403();
    expect(error.title).toBe('Forbidden');
    expect(error.getResponse().status).toBe(403);
  });

  it('InternalServerError keeps originalException (null when raised directly)', () => {
    const cause = new RangeError('x');
    expect(new InternalServerError({ originalException: cause }).originalException).toBe(cause);
    expect(new InternalServerError().originalException).toBeNull();
  });

  it('#35 BadRequestKeyError names the key only when showException is on', () => {
    const error = new BadRequestKeyError('username');
    expect(error).toBeInstanceOf(BadRequest);
    expect(error.description).toBe(BadRequest.description);
    error.showException = true;
    expect(error.description).toBe(`${BadRequest.description}\nKeyError: 'username'`);
    expect(error.getBody()).toContain('<br>KeyError: &#39;username&#39;</p>');
    error.showException = false;
    expect(error.description).toBe(BadRequest.description);
  });

  it('a response given to the exception replaces the default rendering', () => {
    const ready = { status: 299, headers: [['X-A', '1']] as Array<[string, string]>, body: 'ok' };
    expect(new NotFound({ response: ready }).getResponse()).toBe(ready);
    const web = new NotFound({ response: new Response('x') });
    expect(() => web.getResponse()).toThrow(expect.objectContaining({ code: 'FL_ERRORS_ASYNC_RESPONSE' }));
  });

  it('#26 RequestRedirect answers 308 with Location and Werkzeug redirect page', () => {
    const response = new RequestRedirect('http://host/slash/?a=1&b=2').getResponse();
    expect(response.status).toBe(308);
    expect(headerValues(response, 'location')).toEqual(['http://host/slash/?a=1&b=2']);
    expect(response.body).toContain('<a href="http://host/slash/?a=1&amp;b=2">');
  });

  it('negotiates JSON and problem+json from the Accept header, keeping extra headers', () => {
    const error = new MethodNotAllowed({ validMethods: ['GET'] });
    const json = error.getResponse(makeRequest({ headers: { accept: 'application/json' } }));
    expect(headerValues(json, 'content-type')).toEqual(['application/json']);
    expect(JSON.parse(bodyText(json))).toEqual({
      code: 405,
      name: 'Method Not Allowed',
      description: MethodNotAllowed.description,
    });
    expect(headerValues(json, 'allow')).toEqual(['GET']);
    const problem = error.getResponse(
      makeRequest({ path: '/items', headers: { accept: 'application/problem+json' } }),
    );
    expect(headerValues(problem, 'content-type')).toEqual(['application/problem+json']);
    expect(JSON.parse(bodyText(problem))).toEqual({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: 405,
      detail: MethodNotAllowed.description,
      instance: '/items',
    });
    expect(headerValues(problem, 'vary')).toEqual(['Accept']);
    const browser = error.getResponse(
      makeRequest({ headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } }),
    );
    expect(headerValues(browser, 'content-type')).toEqual(['text/html; charset=utf-8']);
  });
});
