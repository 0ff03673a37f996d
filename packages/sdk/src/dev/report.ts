import type { ErrorRequest } from '@faultline/errors';
import { requestData } from '../event/request-data.js';
import type { LocalVariables } from '../locals/local-variables.js';
import type { SourceContext } from '../source/source-context.js';
import type { SourceMaps } from '../source/source-maps.js';
import { framesFromStack } from '../stack/frames.js';
import { isNodeInternal } from '../stack/parse-stack.js';
import type { Frame } from '../types.js';

/** Where a frame's code comes from: the application, a dependency (node_modules) or Node itself. */
export type FrameKind = 'app' | 'library' | 'node';

/** One stack frame as the debug page shows it (source-mapped, with context and variables). */
export interface DebugFrame {
  function: string;
  file?: string;
  line?: number;
  column?: number;
  kind: FrameKind;
  pre: string[];
  context?: string;
  post: string[];
  /** Local variables when they were captured for this frame. */
  vars?: Record<string, unknown>;
  /** A link that opens the file at the line in an editor, when an editor is configured. */
  editorUrl?: string;
}

/** One error of the chain: the thrown error, then its causes and AggregateError members. */
export interface DebugException {
  type: string;
  message: string;
  /** How this error relates to the one before it. */
  relation: 'thrown' | 'cause' | 'member';
  /** Frames, most recent call first (the order of a Node stack). */
  frames: DebugFrame[];
}

/** The request that failed, as shown on the page. */
export interface DebugRequest {
  method?: string;
  url?: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
}

/** Everything the page shows, also served as JSON to clients that ask for it. */
export interface DebugReport {
  exceptions: DebugException[];
  request: DebugRequest;
  /** Whether local variables could be captured in this process, and why not when they could not. */
  variables: { captured: boolean; reason?: string };
  /** The plain-text traceback, with mapped positions, to copy into an issue or a chat. */
  traceback: string;
}

/** The machinery a report is built with (the SDK's own stack, source and locals parts). */
export interface ReportTools {
  sourceMaps: SourceMaps;
  sourceContext: SourceContext;
  locals?: LocalVariables;
  editorUrl: string | false;
  root: string;
}

// Bounds for hostile or runaway input: cause cycles are cut by `seen`, these cap sheer size.
const MAX_EXCEPTIONS = 20;
const MAX_BODY_BYTES = 64 * 1024;

/** Builds the page's data from the thrown value and the request. */
export function buildReport(thrown: unknown, request: ErrorRequest, tools: ReportTools): DebugReport {
  const exceptions: DebugException[] = [];
  const seen = new Set<unknown>();
  const queue: Array<{ error: unknown; relation: DebugException['relation'] }> = [
    { error: thrown, relation: 'thrown' },
  ];
  while (queue.length > 0 && exceptions.length < MAX_EXCEPTIONS) {
    const { error, relation } = queue.shift()!;
    if (seen.has(error)) continue;
    seen.add(error);
    exceptions.push(describe(error, relation, tools));
    if (error instanceof AggregateError) {
      for (const member of error.errors) queue.push({ error: member, relation: 'member' });
    }
    const cause = (error as { cause?: unknown } | null)?.cause;
    if (cause !== undefined && typeof error === 'object') queue.push({ error: cause, relation: 'cause' });
  }
  const locals = tools.locals;
  return {
    exceptions,
    request: describeRequest(request),
    variables: locals?.active
      ? { captured: true }
      : {
          captured: false,
          reason:
            'Local variables could not be captured: node:inspector is unavailable or a debugger is attached (node --inspect), and only one can pause on exceptions.',
        },
    traceback: traceback(exceptions),
  };
}

function describe(error: unknown, relation: DebugException['relation'], tools: ReportTools): DebugException {
  const isError = typeof error === 'object' && error !== null && 'stack' in error;
  const stack = isError ? (error as { stack?: unknown }).stack : undefined;
  const frames = framesFromStack(
    typeof stack === 'string' ? stack : undefined,
    { sourceMaps: tools.sourceMaps, sourceContext: tools.sourceContext, root: tools.root },
    tools.locals?.take(error),
  );
  return {
    type: typeName(error),
    message: messageOf(error),
    relation,
    frames: frames.reverse().map((frame) => toDebugFrame(frame, tools.editorUrl)),
  };
}

function toDebugFrame(frame: Frame, editorUrl: string | false): DebugFrame {
  const file = frame.abs_path;
  const kind: FrameKind = isNodeInternal(file) ? 'node' : frame.in_app ? 'app' : 'library';
  const out: DebugFrame = {
    function: frame.function === undefined || frame.function === '?' ? '<anonymous>' : frame.function,
    kind,
    pre: frame.pre_context ?? [],
    post: frame.post_context ?? [],
  };
  if (file !== undefined) out.file = file;
  if (frame.lineno !== undefined) out.line = frame.lineno;
  if (frame.colno !== undefined) out.column = frame.colno;
  if (frame.context_line !== undefined) out.context = frame.context_line;
  if (frame.vars !== undefined) out.vars = frame.vars;
  if (editorUrl !== false && file !== undefined && kind !== 'node' && out.line !== undefined) {
    out.editorUrl = editorLink(editorUrl, file, out.line, out.column ?? 1);
  }
  return out;
}

/** Fills `{path}`, `{line}` and `{column}` of an editor URL template (the path URI-encoded, slashes kept). */
export function editorLink(template: string, path: string, line: number, column: number): string {
  let encoded = encodeURI(path).replace(/#/g, '%23').replace(/\?/g, '%3F');
  // `vscode://file/{path}` wants `/home/x`, not `//home/x`.
  if (template.includes('/{path}') && encoded.startsWith('/')) encoded = encoded.slice(1);
  return template
    .replaceAll('{path}', encoded)
    .replaceAll('{line}', String(line))
    .replaceAll('{column}', String(column));
}

function describeRequest(request: ErrorRequest): DebugRequest {
  // The page is for the developer's own machine: cookies and the client address stay visible.
  const data = requestData(request, { maxBodyBytes: MAX_BODY_BYTES, sendDefaultPii: true });
  const out: DebugRequest = {
    headers: data.headers ?? {},
    query: request.query ?? {},
  };
  if (data.method !== undefined) out.method = data.method;
  out.url = request.url;
  if (data.data !== undefined) out.body = data.data;
  return out;
}

function typeName(error: unknown): string {
  if (error instanceof Error) {
    const ctor = (error as { constructor?: { name?: string } }).constructor?.name;
    return error.name && error.name !== 'Error' ? error.name : ctor || 'Error';
  }
  if (error === null) return 'null';
  return typeof error === 'object' ? ((error as object).constructor?.name ?? 'Object') : typeof error;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return String(error.message ?? '');
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string')
    return (error as Error).message;
  try {
    return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    return String(error);
  }
}

const HEADINGS: Record<DebugException['relation'], string> = {
  thrown: '',
  cause: 'Caused by: ',
  member: 'Aggregated error: ',
};

function traceback(exceptions: DebugException[]): string {
  const parts = exceptions.map((exc) => {
    const lines = [`${HEADINGS[exc.relation]}${exc.type}: ${exc.message}`];
    for (const f of exc.frames) {
      const where = f.file === undefined ? '<unknown>' : `${f.file}:${f.line ?? 0}:${f.column ?? 0}`;
      lines.push(`    at ${f.function} (${where})`);
    }
    return lines.join('\n');
  });
  return parts.join('\n\n');
}
