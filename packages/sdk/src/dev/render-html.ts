import { escapeHtml as esc } from '@faultline/errors';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-style.js';
import type { DebugException, DebugFrame, DebugReport, DebugRequest } from './report.js';

const MAX_VALUE_CHARS = 4000;
const FOLD_LINES = 8;

/** The page's Content-Security-Policy: nothing loads from anywhere; style and script only by nonce. */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Renders the development error page; every value from the error or request is escaped. */
export function renderHtml(report: DebugReport, nonce: string): string {
  const first = report.exceptions[0];
  const title = first ? `${first.type}: ${first.message}` : 'Error';
  const where = `${report.request.method ?? ''} ${report.request.url ?? ''}`.trim();
  const variablesNote = report.variables.captured
    ? ''
    : `<p class="note" id="variables-note">${esc(report.variables.reason ?? '')}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(clip(title, 200))} // Faultline debug</title>
<style nonce="${nonce}">${PAGE_STYLE}</style></head>
<body>
<header><h1>${esc(first?.type ?? 'Error')}</h1><p>${esc(first?.message ?? '')}</p>
<p class="where">${esc(where)}</p></header>
<main>
<h2>Traceback <small>(most recent call first)</small></h2>
${variablesNote}
${report.exceptions.map(renderException).join('\n')}
<h2>Request</h2>
${renderRequest(report.request)}
<h2>Traceback as text</h2>
<section class="card"><textarea id="traceback" readonly spellcheck="false">${esc(report.traceback)}</textarea>
<button type="button" id="copy">Copy</button></section>
<footer>Faultline debug mode. This page exposes source code and request data: it is served only with debug on,
never in production. There is no code console on purpose; use <code>node --inspect</code>.</footer>
</main>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body></html>
`;
}

const RELATION_TEXT: Record<DebugException['relation'], string> = {
  thrown: '',
  cause: 'The error above was caused by:',
  member: 'One of the errors of the AggregateError above:',
};

function renderException(exc: DebugException): string {
  const head =
    exc.relation === 'thrown' ? '' : `<p class="relation">${esc(RELATION_TEXT[exc.relation])}</p>\n`;
  const title = `<p class="exc-title">${esc(exc.type)}: ${esc(exc.message)}</p>`;
  if (exc.frames.length === 0)
    return `${head}<div class="exception">${title}<p class="note">No stack.</p></div>`;
  // Fold library and Node frames only when app frames exist to stand out (Werkzeug's rule).
  const mixed = exc.frames.some((f) => f.kind === 'app');
  const blocks: string[] = [];
  let folded: DebugFrame[] = [];
  const flush = () => {
    if (folded.length === 0) return;
    const libs = folded.filter((f) => f.kind === 'library').length;
    const label = [libs && `${libs} library`, folded.length - libs && `${folded.length - libs} Node`]
      .filter(Boolean)
      .join(' and ');
    blocks.push(
      `<details class="folded"><summary>${label} frame${folded.length === 1 ? '' : 's'}</summary>${folded.map(renderFrame).join('')}</details>`,
    );
    folded = [];
  };
  for (const frame of exc.frames) {
    if (mixed && frame.kind !== 'app') folded.push(frame);
    else {
      flush();
      blocks.push(renderFrame(frame));
    }
  }
  flush();
  return `${head}<div class="exception">${title}\n${blocks.join('\n')}</div>`;
}

function renderFrame(frame: DebugFrame): string {
  const loc =
    frame.file === undefined
      ? '&lt;unknown&gt;'
      : `${esc(frame.file)}:${frame.line ?? '?'}:${frame.column ?? '?'}`;
  const link = frame.editorUrl ? `<a class="editor" href="${esc(frame.editorUrl)}">Open in editor</a>` : '';
  return `<div class="frame ${frame.kind}"><div class="frame-head"><span class="fn">${esc(frame.function)}</span><span class="loc">${loc}</span>${link}</div>${renderSource(frame)}${frame.kind === 'app' ? renderVars(frame) : ''}</div>`;
}

function renderSource(frame: DebugFrame): string {
  if (frame.context === undefined || frame.line === undefined) return '';
  const start = frame.line - frame.pre.length;
  const lines = [...frame.pre, frame.context, ...frame.post].map((text, i) => {
    const n = start + i;
    const cls = n === frame.line ? ' class="current"' : '';
    return `<span${cls} data-line="${n}">${esc(text)}</span>`;
  });
  return `<pre class="source">${lines.join('')}</pre>`;
}

function renderVars(frame: DebugFrame): string {
  const vars = frame.vars;
  if (vars === undefined || Object.keys(vars).length === 0)
    return '<p class="note">No local variables captured for this frame.</p>';
  const rows = Object.entries(vars).map(
    ([name, value]) => `<tr><th>${esc(name)}</th><td>${foldable(value)}</td></tr>`,
  );
  return `<table class="vars"><tbody>${rows.join('')}</tbody></table>`;
}

function renderRequest(request: DebugRequest): string {
  const rows: Array<[string, string]> = [
    ['Method', `<pre>${esc(request.method ?? '')}</pre>`],
    ['URL', `<pre>${esc(request.url ?? '')}</pre>`],
    ['Query', keyValues(request.query)],
    ['Headers', keyValues(request.headers)],
  ];
  if (request.body !== undefined) rows.push(['Body', `<pre>${esc(formatValue(request.body))}</pre>`]);
  const body = rows.map(([name, cell]) => `<tr><th>${name}</th><td>${cell}</td></tr>`).join('');
  return `<section class="card"><table class="vars" id="request"><tbody>${body}</tbody></table></section>`;
}

// Big values (a request object) fold behind a one-line preview so the frame stays readable.
function foldable(value: unknown): string {
  const text = formatValue(value, true);
  const lines = text.split('\n').length;
  if (lines <= FOLD_LINES) return `<pre>${esc(text)}</pre>`;
  let preview: string;
  try {
    preview = JSON.stringify(value) ?? '';
  } catch {
    preview = text;
  }
  return `<details class="value"><summary><code>${esc(clip(preview, 90))}</code> <small>(${lines} lines)</small></summary><pre>${esc(text)}</pre></details>`;
}

function keyValues(map: Record<string, unknown>): string {
  const entries = Object.entries(map);
  if (entries.length === 0) return '<pre>(none)</pre>';
  const rows = entries.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(formatValue(v))}</td></tr>`);
  return `<table class="kv"><tbody>${rows.join('')}</tbody></table>`;
}

function formatValue(value: unknown, quoteStrings = false): string {
  let text: string;
  // The variable capture marks what it did not read as `<undefined>`, `<Object>`: show those bare.
  if (typeof value === 'string' && (!quoteStrings || /^<[\w ().]+>$/.test(value))) text = value;
  else {
    try {
      text = JSON.stringify(value, null, 2) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return clip(text, MAX_VALUE_CHARS);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
