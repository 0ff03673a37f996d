// One issue: header and actions, counts and chart, tag distributions, grouping reason, and the
// event viewer with newest / oldest / previous / next.

import type { Issue, Project, StoredEvent } from '../../storage/types.js';
import type { Viewer } from '../context.js';
import { compactNumber, isoTime, timeAgo, visibleText } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';
import { renderValue } from '../render-value.js';
import { barChart } from '../sparkline.js';
import { renderExceptions } from './event-frames.js';
import {
  renderBreadcrumbs,
  renderContexts,
  renderExtra,
  renderMessage,
  renderRequest,
  renderTags,
  renderUser,
} from './event-sections.js';
import { statusText } from './status-text.js';

export interface IssueView {
  viewer: Viewer;
  issue: Issue;
  project: Project;
  event?: StoredEvent;
  nav: { previous: number | null; next: number | null; newest: number | null; oldest: number | null };
  bars24h: number[];
  bars14d: number[];
  tags: Record<string, Array<[string, number]>>;
  now: number;
}

function action(
  view: IssueView,
  label: string,
  fields: Record<string, string>,
  extra?: SafeHtml,
  cls = '',
): SafeHtml {
  return html`<form method="post" action="/issues/${view.issue.id}/status">${csrfField(view.viewer)}${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button type="submit" class="${cls}">${label}</button>${extra ?? null}</form>`;
}

function actions(view: IssueView): SafeHtml {
  const { issue } = view;
  const open = issue.status === 'unresolved';
  return html`<div class="actions">
    ${open ? action(view, 'Resolve', { action: 'resolve' }, undefined, 'primary') : action(view, 'Reopen', { action: 'reopen' }, undefined, 'primary')}
    ${open ? action(view, 'Resolve in next release', { action: 'resolve-next-release' }) : null}
    ${open ? action(view, 'Ignore', { action: 'ignore' }) : null}
    ${open ? action(view, 'Ignore for', { action: 'ignore-for' }, html`<select name="minutes" aria-label="ignore for"><option value="60">1 hour</option><option value="1440">1 day</option><option value="10080">1 week</option></select>`) : null}
    ${open ? action(view, 'Ignore until', { action: 'ignore-count' }, html`<input type="number" name="count" min="1" max="1000000" value="100" aria-label="more events"><span class="muted">more events</span>`) : null}
    <form method="post" action="/issues/${issue.id}/delete" data-confirm="Delete this issue and all its events?">${csrfField(view.viewer)}<button type="submit" class="danger">Delete</button></form>
  </div>`;
}

function statusLine(issue: Issue): SafeHtml {
  return html`<span class="badge ${issue.status}">${visibleText(statusText(issue))}</span>${issue.isRegression ? html`<span class="badge regression">regression</span>` : null}`;
}

function tagSidebar(tags: Record<string, Array<[string, number]>>): SafeHtml {
  const keys = Object.keys(tags);
  if (keys.length === 0) return html`<p class="muted">No tags.</p>`;
  return html`${keys.slice(0, 30).map((key) => {
    const values = tags[key]!;
    const total = values.reduce((a, [, n]) => a + n, 0) || 1;
    return html`<div class="tagdist"><div class="k">${visibleText(key)}</div>${values.map(
      ([
        v,
        n,
      ]) => html`<div class="tagrow"><span class="v">${visibleText(v.slice(0, 200))}</span><span class="n">${Math.round((n / total) * 100)}%</span></div>
        <svg class="meter-svg" width="100%" height="4" role="presentation"><rect class="bar-empty" width="100%" height="4" rx="2"></rect><rect class="bar" width="${((n / total) * 100).toFixed(1)}%" height="4" rx="2"></rect></svg>`,
    )}</div>`;
  })}`;
}

function eventNav(view: IssueView): SafeHtml {
  const base = `/issues/${view.issue.id}`;
  const link = (label: string, id: number | null, rel?: string) =>
    id === null || id === view.event?.id
      ? html`<span class="button disabled">${label}</span>`
      : html`<a class="button" href="${base}?event=${id}"${rel ? html` rel="${rel}"` : null}>${label}</a>`;
  return html`<div class="eventnav">${link('Newest', view.nav.newest)}${link('‹ Newer', view.nav.next, 'prev')}${link('Older ›', view.nav.previous, 'next')}${link('Oldest', view.nav.oldest)}
    ${view.event ? html`<a class="button" href="${base}/events/${view.event.id}/raw.json" download="event-${view.event.eventId}.json">Raw JSON</a>` : null}</div>`;
}

function eventBody(event: StoredEvent, now: number): SafeHtml {
  const data = event.data;
  return html`<p class="meta">Event <span class="mono">${event.eventId}</span> · ${timeAgo(event.timestamp, now)} · ${isoTime(event.timestamp)}${event.environment ? html` · env <b>${visibleText(event.environment)}</b>` : null}${event.release ? html` · release <b>${visibleText(event.release)}</b>` : null}</p>
    ${renderExceptions(data)}${renderMessage(data)}${renderBreadcrumbs(data)}${renderRequest(data)}${renderUser(data)}${renderContexts(data)}${renderTags(data)}${renderExtra(data)}`;
}

/** Renders the issue page body. */
export function issuePage(view: IssueView): SafeHtml {
  const { issue } = view;
  return html`<p class="meta"><a href="/issues?project=${view.project.id}">${view.project.name}</a> › issue ${issue.id}</p>
  <div class="header-grid"><div><h1><span class="level level-${issue.level}" title="${issue.level}"></span><span class="title-text">${visibleText(issue.title.length > 500 ? `${issue.title.slice(0, 500)}…` : issue.title)}</span></h1>
    <div class="culprit">${visibleText(issue.culprit)}</div><p>${statusLine(issue)}</p></div>
    <div class="stats"><div><b>${compactNumber(issue.eventCount)}</b><span class="meta">events</span></div><div><b>${compactNumber(issue.userCount)}</b><span class="meta">users</span></div>
      <div><b>${timeAgo(issue.firstSeen, view.now)}</b><span class="meta">first seen</span></div><div><b>${timeAgo(issue.lastSeen, view.now)}</b><span class="meta">last seen</span></div></div></div>
  ${actions(view)}
  <div class="layout-2"><div>
    <div class="panel"><div class="stats"><div><span class="meta">last 24 hours</span><br>${barChart(view.bars24h, { width: 360, height: 48, label: 'Events in the last 24 hours' })}</div>
      <div><span class="meta">last 14 days</span><br>${barChart(view.bars14d, { width: 280, height: 48, label: 'Events in the last 14 days' })}</div></div></div>
    <div class="panel">${eventNav(view)}${view.event ? eventBody(view.event, view.now) : html`<p class="muted">No events stored for this issue (they may have aged out).</p>`}</div>
  </div><aside>
    <div class="panel"><h2>Tags</h2>${tagSidebar(view.tags)}</div>
    <div class="panel"><h2>Why these events are grouped</h2><p class="meta">grouping v${issue.groupingVersion}, key:</p><pre class="wrap">${visibleText(issue.groupingKey.slice(0, 2000))}</pre>
      <details><summary class="meta">components</summary>${renderValue(issue.groupingComponents)}</details></div>
  </aside></div>`;
}
