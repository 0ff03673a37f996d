import { connect } from 'node:net';

/** A request written to the socket exactly as given: no header is added, reordered or recased. */
export interface RawRequest {
  method: string;
  /** Path with query string. */
  path: string;
  /** Header name/value pairs in wire order, names in their original case. */
  headers: Array<[string, string]>;
  /** Bytes written after the head; when `chunked`, they are framed as one chunk and a terminator. */
  body: Uint8Array;
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * What came back: a parsed response, or the connection closing without one. `writeComplete` tells
 * whether the whole request had been written when it closed: a server may reject a large upload
 * early and reset the connection, and a reset can discard an answer already on its way.
 */
export type RawOutcome =
  | { kind: 'response'; response: RawResponse }
  | { kind: 'closed'; received: Buffer; writeComplete: boolean };

/** The request as bytes on the wire (head, then the body framed as the headers say). */
export function serializeRawRequest(req: RawRequest): Buffer {
  const head = `${req.method} ${req.path} HTTP/1.1\r\n${req.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const parts: Uint8Array[] = [Buffer.from(head, 'latin1')];
  if (req.chunked) {
    if (req.body.length > 0)
      parts.push(Buffer.from(`${req.body.length.toString(16)}\r\n`), req.body, Buffer.from('\r\n'));
    parts.push(Buffer.from('0\r\n\r\n'));
  } else {
    parts.push(req.body);
  }
  return Buffer.concat(parts);
}

// Returns the response once complete (by Content-Length or chunked framing), or undefined while
// more bytes are needed. Only what the tests need: one response per connection.
function parseResponse(data: Buffer, ended: boolean): RawResponse | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(headEnd + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const chunks: Buffer[] = [];
    let pos = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', pos);
      if (lineEnd === -1) return undefined;
      const size = Number.parseInt(rest.subarray(pos, lineEnd).toString('latin1'), 16);
      if (rest.length < lineEnd + 2 + size + 2) return undefined;
      if (size === 0) return { status, headers, body: Buffer.concat(chunks) };
      chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      pos = lineEnd + 2 + size + 2;
    }
  }
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  if (length === undefined) return ended ? { status, headers, body: rest } : undefined;
  return rest.length >= length ? { status, headers, body: rest.subarray(0, length) } : undefined;
}

export interface SendOptions {
  /** Hard limit for the whole exchange (default 10 s). */
  timeoutMs?: number;
  /**
   * Half-close the connection when no answer came this long after writing. Only for requests that
   * owe body bytes: a server waiting for them then sees the end of the stream instead of hanging
   * the test. Never by default, because Node's HTTP server drops in-flight answers on a half-close
   * (its `allowHalfOpen` is off), which no real client does to it.
   */
  halfCloseAfterMs?: number;
}

/** Sends one request over a fresh TCP connection to 127.0.0.1:port and reads the answer. */
export function sendRaw(
  port: number,
  request: RawRequest | Buffer,
  options: SendOptions = {},
): Promise<RawOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const bytes = Buffer.isBuffer(request) ? request : serializeRawRequest(request);
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const received: Buffer[] = [];
    let settled = false;
    const finish = (outcome: RawOutcome | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(halfClose);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    let halfClose: NodeJS.Timeout | undefined;
    let writeComplete = false;
    socket.on('connect', () => {
      // A server may answer (413, 400) and close before reading everything; that is not an error.
      socket.write(bytes, (err) => {
        writeComplete = !err;
        if (!err && options.halfCloseAfterMs !== undefined)
          halfClose = setTimeout(() => socket.end(), options.halfCloseAfterMs);
      });
    });
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      const response = parseResponse(Buffer.concat(received), false);
      if (response) finish({ kind: 'response', response });
    });
    socket.on('end', () => {
      const all = Buffer.concat(received);
      const response = parseResponse(all, true);
      finish(response ? { kind: 'response', response } : { kind: 'closed', received: all, writeComplete });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const all = Buffer.concat(received);
      const response = parseResponse(all, true);
      if (response) finish({ kind: 'response', response });
      else if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
        finish({ kind: 'closed', received: all, writeComplete });
      else finish(err);
    });
  });
}
