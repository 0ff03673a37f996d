// Stack traces: frames newest first (Sentry sends them oldest first), in-app frames open with source
// context and local variables, runs of library frames folded into one <details>.

import { visibleText } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { kvTable, renderString } from '../render-value.js';

type Obj = Record<string, unknown>;

const MAX_FRAMES = 250;
const MAX_CONTEXT_LINES = 25;

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lines(v: unknown): string[] {
  return Array.isArray(v) ? v.slice(-MAX_CONTEXT_LINES).map((l) => (typeof l === 'string' ? l : '')) : [];
}

/** One line of source, truncated so a minified line cannot flood the page. */
function sourceLine(n: number | null, text: string, current: boolean): SafeHtml {
  const shown = text.length > 400 ? `${text.slice(0, 400)} …` : text;
  return html`<div class="${current ? 'current' : ''}"><span>${n ?? ''}</span><span>${visibleText(shown)}</span></div>`;
}

function sourceContext(frame: Obj): SafeHtml | null {
  const context = str(frame.context_line);
  if (!context && !Array.isArray(frame.pre_context)) return null;
  const lineno = typeof frame.lineno === 'number' ? frame.lineno : null;
  const pre = lines(frame.pre_context);
  const post = Array.isArray(frame.post_context) ? lines(frame.post_context.slice(0, MAX_CONTEXT_LINES)) : [];
  const at = (offset: number) => (lineno === null ? null : lineno + offset);
  return html`<pre class="source">${pre.map((l, i) => sourceLine(at(i - pre.length), l, false))}${sourceLine(lineno, context, true)}${post.map((l, i) => sourceLine(at(i + 1), l, false))}</pre>`;
}

function frameTitle(frame: Obj): SafeHtml {
  const file = str(frame.filename) || str(frame.abs_path) || str(frame.module) || '<unknown>';
  const fn = str(frame.function) || '<anonymous>';
  const pos = [frame.lineno, frame.colno].filter((x) => typeof x === 'number').join(':');
  return html`<span class="mono">${visibleText(file.slice(0, 500))}</span>${pos ? html`<span class="muted">:${pos}</span>` : null} <span class="muted">in</span> <span class="fn mono">${visibleText(fn.slice(0, 300))}</span>`;
}

function frameBody(frame: Obj): SafeHtml {
  const vars = isObj(frame.vars) ? frame.vars : null;
  return html`${sourceContext(frame)}${vars && Object.keys(vars).length > 0 ? html`<div class="vars"><h4 class="muted">Local variables</h4>${kvTable(vars)}</div>` : null}`;
}

/** Renders one frame; in-app frames (and the crashing frame) are open by default. */
function renderFrame(frame: Obj, open: boolean, inApp: boolean): SafeHtml {
  return html`<details class="frame ${inApp ? 'app' : 'lib'}"${open ? html` open` : null}><summary>${frameTitle(frame)}</summary>${frameBody(frame)}</details>`;
}

/** Renders a stack trace's frames, newest first. */
export function renderFrames(stacktrace: unknown): SafeHtml {
  if (!isObj(stacktrace) || !Array.isArray(stacktrace.frames))
    return html`<p class="muted">No stack trace.</p>`;
  const all = (stacktrace.frames as unknown[]).filter(isObj);
  const frames = all.slice(-MAX_FRAMES).reverse();
  const anyInApp = frames.some((f) => f.in_app === true);
  const out: SafeHtml[] = [];
  let libRun: Obj[] = [];
  const flushLib = () => {
    if (libRun.length === 0) return;
    const run = libRun;
    libRun = [];
    out.push(
      html`<details class="libgroup"><summary>${run.length} library frame${run.length === 1 ? '' : 's'}</summary>${run.map((f) => renderFrame(f, false, false))}</details>`,
    );
  };
  frames.forEach((frame, i) => {
    // Without in_app information every frame counts as the application's own.
    const inApp = anyInApp ? frame.in_app === true : true;
    if (inApp) {
      flushLib();
      out.push(
        renderFrame(frame, i === 0 || frames.findIndex((f) => !anyInApp || f.in_app === true) === i, true),
      );
    } else {
      libRun.push(frame);
    }
  });
  flushLib();
  const dropped = all.length - frames.length;
  return html`${out}${dropped > 0 ? html`<p class="muted">… ${dropped} older frames not shown</p>` : null}`;
}

/** Renders the exception chain, outermost exception first (Sentry lists the cause first). */
export function renderExceptions(event: Obj): SafeHtml | null {
  const exc = event.exception;
  const values = isObj(exc) && Array.isArray(exc.values) ? exc.values : Array.isArray(exc) ? exc : null;
  if (!values || values.length === 0) {
    const threads =
      isObj(event.threads) && Array.isArray(event.threads.values) ? event.threads.values.filter(isObj) : [];
    const withStack = threads.find((t) => isObj(t.stacktrace));
    return withStack ? html`<h2>Stack trace</h2>${renderFrames(withStack.stacktrace)}` : null;
  }
  const list = values.filter(isObj).slice(-20).reverse();
  return html`<h2>Exception</h2>${list.map((e, i) => {
    const mech = isObj(e.mechanism) ? e.mechanism : null;
    return html`<section class="exception">${i > 0 ? html`<p class="muted">caused by</p>` : null}<h3><span class="exc-type">${visibleText(str(e.type).slice(0, 300) || 'Error')}</span></h3>
      <div>${renderString(str(e.value))}</div>
      ${mech ? html`<p class="meta">mechanism: ${str(mech.type)}${mech.handled === false ? ' · unhandled' : mech.handled === true ? ' · handled' : ''}</p>` : null}
      ${renderFrames(e.stacktrace)}</section>`;
  })}`;
}
