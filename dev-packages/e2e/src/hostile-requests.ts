import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { type Fixture, fixtureRequest } from './fixtures.js';
import type { RawRequest } from './raw-http.js';

/** A hostile request and what a correct server may do with it. */
export interface HostileCase {
  /** Which mutation made it, for the failure message. */
  label: string;
  request: RawRequest;
  /**
   * The head declares more body bytes than are sent (then the client half-closes): the server can
   * only answer early (413/400) or drop the connection, so "closed without an answer" is allowed.
   */
  incomplete: boolean;
}

export interface Target {
  projectId: number;
  publicKey: string;
}

type Mutation = (req: RawRequest) => RawRequest;

function setHeader(
  headers: Array<[string, string]>,
  name: string,
  value: string | undefined,
): Array<[string, string]> {
  const kept = headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
  return value === undefined ? kept : [...kept, [name, value]];
}

// Fixtures captured with Content-Length keep it; after changing the body it must be recomputed
// unless the mutation is about a wrong length.
function withBody(req: RawRequest, body: Uint8Array): RawRequest {
  const hasLength = req.headers.some(([k]) => k.toLowerCase() === 'content-length');
  const headers = hasLength ? setHeader(req.headers, 'Content-Length', String(body.length)) : req.headers;
  return { ...req, headers, body };
}

// Replaces chunked framing, if any, with a declared length that may not match the body.
function declaredLength(req: RawRequest, length: number): RawRequest {
  const headers = setHeader(
    setHeader(req.headers, 'Transfer-Encoding', undefined),
    'Content-Length',
    String(length),
  );
  return { ...req, headers, chunked: false };
}

const truncate = fc
  .double({ min: 0, max: 1, noNaN: true })
  .map<Mutation>((at) => (req) => withBody(req, req.body.subarray(0, Math.floor(req.body.length * at))));

const bitFlips = fc
  .array(
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 7 })),
    { minLength: 1, maxLength: 16 },
  )
  .map<Mutation>((flips) => (req) => {
    const body = Buffer.from(req.body);
    for (const [where, bit] of flips) {
      if (body.length === 0) break;
      const index = Math.floor(where * body.length);
      body[index] = body[index]! ^ (1 << bit);
    }
    return withBody(req, body);
  });

// Shorter than the body: the server reads a prefix, and the rest arrives as a garbage second request.
const shortLength = fc
  .double({ min: 0, max: 1, noNaN: true, maxExcluded: true })
  .map<Mutation>((at) => (req) => declaredLength(req, Math.floor(req.body.length * at)));

const longLength = fc
  .integer({ min: 1, max: 4096 })
  .map<Mutation>((extra) => (req) => declaredLength(req, req.body.length + extra));

const hugeLength = fc
  .constantFrom(2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER)
  .map<Mutation>((length) => (req) => declaredLength(req, length));

const wrongEncoding = fc
  .constantFrom(
    'gzip',
    'x-gzip',
    'deflate',
    'br',
    'compress',
    'zstd',
    'identity',
    'utf-8',
    'gzip, br',
    'GZIP',
    '',
  )
  .map<Mutation>((encoding) => (req) => ({
    ...req,
    headers: setHeader(req.headers, 'Content-Encoding', encoding),
  }));

// A real gzip stream cut short or with a corrupted trailer: decoders must fail cleanly.
const badGzip = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean())
  .map<Mutation>(([at, corruptTrailer]) => (req) => {
    const gz = Buffer.from(gzipSync(req.body));
    const body = corruptTrailer
      ? Buffer.concat([gz.subarray(0, gz.length - 8), Buffer.alloc(8, 0xff)])
      : gz.subarray(0, Math.floor(gz.length * at));
    return withBody({ ...req, headers: setHeader(req.headers, 'Content-Encoding', 'gzip') }, body);
  });

// A gzip stream may hold several members, decoded back to back: one member of 16 MiB of spaces
// (about 16 KiB compressed) repeated makes a small body that inflates far past any sane cap.
let bombMember: Buffer | undefined;
function gzipBombBody(mib: number): Buffer {
  bombMember ??= gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20), { level: 9 });
  return Buffer.concat(Array.from({ length: Math.ceil(mib / 16) }, () => bombMember!));
}

const gzipBomb = fc
  .constantFrom(64, 1024)
  .map<Mutation>(
    (mib) => (req) =>
      withBody({ ...req, headers: setHeader(req.headers, 'Content-Encoding', 'gzip') }, gzipBombBody(mib)),
  );

const deepNesting = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('[', '{"a":'))
  .map<Mutation>(([depth, open]) => (req) => {
    const close = open === '[' ? ']' : '}';
    const json = `{"event_id":"0123456789abcdef0123456789abcdef","extra":${open.repeat(depth)}1${close.repeat(depth)}}`;
    const isEnvelope = req.path.includes('/envelope');
    const body = isEnvelope ? `{}\n{"type":"event"}\n${json}\n` : json;
    return withBody(
      { ...req, headers: setHeader(req.headers, 'Content-Encoding', undefined) },
      Buffer.from(body),
    );
  });

// Envelope item headers that lie about their length, or claim absurd sizes.
const envelopeLength = fc.constantFrom(-1, 0, 7, 2 ** 31, 2 ** 53, 1e308).map<Mutation>((length) => (req) => {
  const body = `{"event_id":"0123456789abcdef0123456789abcdef"}\n{"type":"event","length":${length}}\n{"message":"x"}\n`;
  return withBody(
    { ...req, headers: setHeader(req.headers, 'Content-Encoding', undefined) },
    Buffer.from(body),
  );
});

// The same bytes in another text encoding: UTF-16, mojibake (latin1 read as UTF-8), base64, hex.
const reencode = fc
  .constantFrom('utf16le', 'mojibake', 'base64', 'hex')
  .map<Mutation>((encoding) => (req) => {
    const body = Buffer.from(req.body);
    const text = body.toString('latin1');
    if (encoding === 'utf16le') return withBody(req, Buffer.from(text, 'utf16le'));
    if (encoding === 'mojibake') return withBody(req, Buffer.from(text, 'utf8'));
    return withBody(req, Buffer.from(body.toString(encoding === 'base64' ? 'base64' : 'hex'), 'latin1'));
  });

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,24}$/);
const headerValue = fc.string({
  maxLength: 64,
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
});
const randomHeaders = fc
  .array(
    fc.tuple(
      fc.oneof(
        headerName,
        fc.constantFrom(
          'Content-Type',
          'X-Sentry-Auth',
          'Authorization',
          'Content-Encoding',
          'Transfer-Encoding',
        ),
      ),
      headerValue,
    ),
    { maxLength: 6 },
  )
  .map<Mutation>((extra) => (req) => {
    let headers = req.headers;
    for (const [name, value] of extra) {
      // Framing headers are the length mutations' business; here the body stays framed honestly.
      if (['transfer-encoding', 'content-length'].includes(name.toLowerCase())) continue;
      headers = setHeader(headers, name, value);
    }
    return { ...req, headers };
  });

const randomBody = fc.uint8Array({ maxLength: 4096 }).map<Mutation>((bytes) => (req) => withBody(req, bytes));

const swapEndpoint = fc.constant<Mutation>((req) => ({
  ...req,
  path: req.path.includes('/store/')
    ? req.path.replace('/store/', '/envelope/')
    : req.path.replace('/envelope/', '/store/'),
}));

const MUTATIONS: Array<[string, fc.Arbitrary<Mutation>]> = [
  ['truncate', truncate],
  ['bit-flips', bitFlips],
  ['short-content-length', shortLength],
  ['long-content-length', longLength],
  ['huge-content-length', hugeLength],
  ['wrong-content-encoding', wrongEncoding],
  ['bad-gzip', badGzip],
  ['gzip-bomb', gzipBomb],
  ['deep-nesting', deepNesting],
  ['envelope-item-length', envelopeLength],
  ['re-encoded-body', reencode],
  ['random-headers', randomHeaders],
  ['random-body', randomBody],
  ['swapped-endpoint', swapEndpoint],
];

/**
 * Hostile requests for fast-check: a real fixture, aimed at the test project, with one to three
 * mutations applied in turn (so bit flips can land inside a re-encoded body with random headers).
 */
export function hostileCase(fixtures: Fixture[], target: Target): fc.Arbitrary<HostileCase> {
  const mutation = fc.oneof(...MUTATIONS.map(([label, arb]) => arb.map((fn) => ({ label, fn }))));
  return fc
    .tuple(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([fixture, steps]) => {
      let request = fixtureRequest(fixture, target);
      for (const step of steps) request = step.fn(request);
      return {
        label: `${fixture.name}: ${steps.map((s) => s.label).join(' + ')}`,
        request,
        incomplete: isIncomplete(request),
      };
    });
}

function isIncomplete(req: RawRequest): boolean {
  const declared = req.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1];
  return !req.chunked && declared !== undefined && Number(declared) > req.body.length;
}
