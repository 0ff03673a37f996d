// The issue list: filters, search, sortable rows with 24 h / 14 d charts, bulk actions, paging.

import type { Issue, Project } from '../../storage/types.js';
import type { Viewer } from '../context.js';
import { compactNumber, timeAgo, visibleText } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';
import { barChart, type ChartPeriod } from '../sparkline.js';
import { snippets } from './snippets.js';

export interface IssueListView {
  viewer: Viewer;
  project?: Project;
  params: Record<string, string>;
  issues: Issue[];
  charts: Map<number, number[]>;
  period: ChartPeriod;
  nextCursor: string | null;
  problems: string[];
  projectNames: Map<number, string>;
  now: number;
  /** DSN of the project the empty state points at (first active key), when there is one. */
  dsn?: string;
}

function option(value: string, label: string, current: string | undefined): SafeHtml {
  return html`<option value="${value}"${value === (current ?? '') ? html` selected` : null}>${label}</option>`;
}

/** The query string for this list with some parameters changed (empty values dropped). */
export function listUrl(params: Record<string, string>, change: Record<string, string | undefined>): string {
  const merged = { ...params, ...change };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `/issues?${s}` : '/issues';
}

function filters(view: IssueListView): SafeHtml {
  const p = view.params;
  return html`<form class="filters panel" method="get" action="/issues">
    ${p.project ? html`<input type="hidden" name="project" value="${p.project}">` : null}
    <div><label for="q">Search</label><input type="search" id="q" name="query" value="${p.query ?? ''}" placeholder="text, is:resolved, level:error, user:42, browser:Chrome"></div>
    <div><label for="status">Status</label><select id="status" name="status">${option('', 'Unresolved', p.status)}${option('resolved', 'Resolved', p.status)}${option('ignored', 'Ignored', p.status)}${option('all', 'All', p.status)}</select></div>
    <div><label for="level">Level</label><select id="level" name="level">${option('', 'Any', p.level)}${['fatal', 'error', 'warning', 'info', 'debug'].map((l) => option(l, l, p.level))}</select></div>
    <div><label for="environment">Environment</label><input type="text" id="environment" name="environment" value="${p.environment ?? ''}"></div>
    <div><label for="release">Release</label><input type="text" id="release" name="release" value="${p.release ?? ''}"></div>
    <div><label for="sort">Sort</label><select id="sort" name="sort">${option('', 'Last seen', p.sort)}${option('firstSeen', 'First seen', p.sort)}${option('events', 'Events', p.sort)}${option('users', 'Users', p.sort)}</select></div>
    <div><button type="submit" class="primary">Filter</button></div>
  </form>`;
}

function row(view: IssueListView, issue: Issue): SafeHtml {
  const bars = view.charts.get(issue.id) ?? [];
  const projectName = view.project ? null : view.projectNames.get(issue.projectId);
  return html`<tr>
    <td><input type="checkbox" name="ids" value="${issue.id}" aria-label="select issue ${issue.id}"></td>
    <td><div class="issue-title"><span class="level level-${issue.level}" title="${issue.level}"></span><a href="/issues/${issue.id}">${visibleText(issue.title.slice(0, 300))}</a>${issue.isRegression ? html`<span class="badge regression" title="This issue was resolved and happened again">regression</span>` : null}${issue.status !== 'unresolved' ? html`<span class="badge ${issue.status}">${issue.status}</span>` : null}</div>
      <div class="culprit">${visibleText(issue.culprit.slice(0, 300))}</div>
      <div class="meta">${projectName ? html`${projectName} · ` : null}${issue.level} · first seen ${timeAgo(issue.firstSeen, view.now)} · last seen ${timeAgo(issue.lastSeen, view.now)}</div></td>
    <td class="hide-sm">${barChart(bars, { width: 96, height: 28, label: view.period === '24h' ? 'Last 24 hours' : 'Last 14 days' })}</td>
    <td class="num" title="${issue.eventCount} events">${compactNumber(issue.eventCount)}</td>
    <td class="num" title="${issue.userCount} users">${compactNumber(issue.userCount)}</td>
  </tr>`;
}

function emptyState(view: IssueListView): SafeHtml {
  if (view.viewer.projects.length === 0) {
    return view.viewer.user.isAdmin
      ? html`<div class="panel empty"><h2>No projects yet</h2><p>A project collects the errors of one application. Create one to get its DSN.</p><p><a class="button primary" href="/projects/new">Create a project</a></p></div>`
      : html`<div class="panel empty"><h2>You are not in any project yet</h2><p class="muted">Ask an administrator to add you to a project.</p></div>`;
  }
  const filtered = Object.keys(view.params).some((k) => k !== 'project' && view.params[k]);
  if (filtered)
    return html`<div class="panel empty"><h2>No issues match</h2><p><a href="${listUrl({ project: view.params.project ?? '' }, {})}">Clear the filters</a></p></div>`;
  const target = view.project ?? view.viewer.projects[0]!;
  const first = view.dsn ? snippets(view.dsn)[0]! : undefined;
  return html`<div class="panel empty"><h2>No errors yet — good news, or nothing is sending</h2>
    ${view.dsn ? html`<p>Send a test event to <b>${target.name}</b> from a terminal:</p><pre>faultline send-test-event ${view.dsn}</pre>` : null}
    ${first ? html`<p>Then report your app's errors (${first.title}):</p><pre>${first.install}</pre><pre>${first.code}</pre>` : null}
    <p><a class="button primary" href="/projects/${target.id}/settings">All set-up snippets (Python, browser, @sentry/node)</a></p></div>`;
}

/** Renders the issue list page body. */
export function issueListPage(view: IssueListView): SafeHtml {
  const heading = view.project ? view.project.name : 'All projects';
  const periodLinks = html`<span class="meta">chart: ${(['24h', '14d'] as const).map((p) => (p === view.period ? html`<b>${p}</b> ` : html`<a href="${listUrl(view.params, { period: p === '24h' ? undefined : p, cursor: undefined })}">${p}</a> `))}</span>`;
  const table =
    view.issues.length === 0
      ? emptyState(view)
      : html`<form method="post" action="/issues/bulk" class="panel">${csrfField(view.viewer)}
    <input type="hidden" name="back" value="${listUrl(view.params, {})}">
    <div class="actions"><span class="muted">Selected:</span>
      <button type="submit" name="action" value="resolve">Resolve</button>
      <button type="submit" name="action" value="ignore">Ignore</button>
      <button type="submit" name="action" value="reopen">Reopen</button></div>
    <table class="issues"><thead><tr><th><input type="checkbox" data-select-all aria-label="select all"></th><th>Issue</th><th class="hide-sm">Graph</th><th class="num">Events</th><th class="num">Users</th></tr></thead>
    <tbody>${view.issues.map((i) => row(view, i))}</tbody></table></form>
    <div class="pager"><span>${view.params.cursor ? html`<a href="${listUrl(view.params, { cursor: undefined })}">« First page</a>` : null}</span>
      <span>${view.nextCursor ? html`<a href="${listUrl(view.params, { cursor: view.nextCursor })}" rel="next">Next page »</a>` : null}</span></div>`;
  return html`<div class="header-grid"><div><h1>${heading}</h1><p class="muted">Issues${view.project ? html` · <a href="/projects/${view.project.id}/settings">settings</a>` : null}</p></div><div>${periodLinks}</div></div>
    ${view.problems.map((p) => html`<div class="flash error">${p}</div>`)}
    ${filters(view)}${table}`;
}
