// The rest of the event viewer: message, breadcrumbs, request, user, contexts, tags, extra.

import { isoTime, visibleText } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { kvTable, renderString, renderValue } from '../render-value.js';

type Obj = Record<string, unknown>;

const MAX_BREADCRUMBS = 100;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** Breadcrumb timestamps come as seconds (number) or ISO strings. */
function crumbTime(ts: unknown): string {
  if (typeof ts === 'number') return isoTime(ts * 1000);
  if (typeof ts === 'string') return isoTime(Date.parse(ts));
  return '';
}

export function renderMessage(event: Obj): SafeHtml | null {
  const logentry = isObj(event.logentry) ? event.logentry : null;
  const message = isObj(event.message)
    ? str(event.message.formatted) || str(event.message.message)
    : str(event.message);
  const text = message || (logentry ? str(logentry.formatted) || str(logentry.message) : '');
  return text ? html`<h2>Message</h2><div class="panel">${renderString(text)}</div>` : null;
}

export function renderBreadcrumbs(event: Obj): SafeHtml | null {
  const raw = isObj(event.breadcrumbs) ? event.breadcrumbs.values : event.breadcrumbs;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const crumbs = raw.filter(isObj).slice(-MAX_BREADCRUMBS);
  const items = crumbs.map((c) => {
    const level = str(c.level) || 'info';
    const data =
      isObj(c.data) && Object.keys(c.data).length > 0 ? html`<div>${renderValue(c.data)}</div>` : null;
    return html`<li class="lvl-${level.replace(/[^a-z]/g, '')}"><span class="meta mono">${crumbTime(c.timestamp)}</span>
      <div><span class="cat">${visibleText(str(c.category) || str(c.type) || 'default')}</span>${renderString(str(c.message))}</div>${data}</li>`;
  });
  return html`<h2>Breadcrumbs <span class="muted">(${raw.length})</span></h2><div class="panel"><ol class="crumbs">${items}</ol></div>`;
}

export function renderRequest(event: Obj): SafeHtml | null {
  const req = isObj(event.request) ? event.request : null;
  if (!req) return null;
  const url = str(req.url);
  const rows: Array<[string, unknown]> = [];
  if (req.query_string !== undefined) rows.push(['query', req.query_string]);
  if (req.data !== undefined) rows.push(['body', req.data]);
  if (req.cookies !== undefined) rows.push(['cookies', req.cookies]);
  if (isObj(req.env)) rows.push(['env', req.env]);
  // The URL is shown as text, never as a link: it comes from the client and may be javascript:.
  return html`<h2>Request</h2><div class="panel"><p class="mono"><b>${visibleText(str(req.method) || 'GET')}</b> ${renderString(url)}</p>
    ${rows.length > 0 ? kvTable(rows) : null}
    ${isObj(req.headers) || Array.isArray(req.headers) ? html`<h3>Headers</h3>${kvTable(req.headers as Obj)}` : null}</div>`;
}

export function renderUser(event: Obj): SafeHtml | null {
  return isObj(event.user) && Object.keys(event.user).length > 0
    ? html`<h2>User</h2><div class="panel">${kvTable(event.user)}</div>`
    : null;
}

export function renderContexts(event: Obj): SafeHtml | null {
  if (!isObj(event.contexts)) return null;
  const order = ['runtime', 'os', 'browser', 'device', 'app', 'culture', 'trace'];
  const keys = Object.keys(event.contexts).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  if (keys.length === 0) return null;
  const ctx = event.contexts;
  return html`<h2>Contexts</h2><div class="panel">${keys.slice(0, 30).map((k) => html`<h3>${visibleText(k)}</h3>${isObj(ctx[k]) ? kvTable(ctx[k] as Obj) : renderValue(ctx[k])}`)}</div>`;
}

export function renderTags(event: Obj): SafeHtml | null {
  const tags = event.tags;
  const pairs: Array<[string, unknown]> = Array.isArray(tags)
    ? tags.filter((t): t is unknown[] => Array.isArray(t) && t.length === 2).map((t) => [str(t[0]), t[1]])
    : isObj(tags)
      ? Object.entries(tags)
      : [];
  return pairs.length > 0 ? html`<h2>Tags</h2><div class="panel">${kvTable(pairs)}</div>` : null;
}

export function renderExtra(event: Obj): SafeHtml | null {
  return isObj(event.extra) && Object.keys(event.extra).length > 0
    ? html`<h2>Additional data</h2><div class="panel">${kvTable(event.extra)}</div>`
    : null;
}
