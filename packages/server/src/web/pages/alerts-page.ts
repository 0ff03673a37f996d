// Alerts: the projects' rule counts, and per project its rules (with test, enable and delete), the
// new-rule form, and the recent deliveries with their state, attempts and last error.

import type { AlertChannel, AlertRule, Delivery } from '../../storage/alerts-types.js';
import type { Project } from '../../storage/types.js';
import type { Viewer } from '../context.js';
import { isoTime } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';

/** Every visible project with its number of alert rules. */
export function alertsIndexPage(rows: Array<{ project: Project; rules: number }>): SafeHtml {
  return html`<h1>Alerts</h1><div class="panel"><table class="grid-table"><thead><tr><th>Project</th><th>Rules</th><th></th></tr></thead><tbody>
    ${rows.map((r) => html`<tr><td>${r.project.name}</td><td>${r.rules}</td><td><a href="/projects/${r.project.id}/alerts">Manage alerts</a></td></tr>`)}
    </tbody></table>${rows.length === 0 ? html`<p class="muted">No projects yet.</p>` : null}</div>`;
}

function channelText(c: AlertChannel): string {
  if (c.type === 'email')
    return c.to && c.to.length > 0 ? `email ${c.to.join(', ')}` : 'email project members';
  return `${c.format} webhook ${c.url}`;
}

function triggerText(r: AlertRule): string {
  switch (r.trigger) {
    case 'new_issue':
      return 'new issue';
    case 'regression':
      return 'regression';
    case 'frequency':
      return `more than ${r.threshold} events in ${r.windowMinutes} min`;
    case 'users':
      return `more than ${r.threshold} users in ${r.windowMinutes} min`;
    case 'escalation':
      return `${r.factor}× its ${r.baselineMinutes}-min baseline per ${r.windowMinutes} min (at least ${r.threshold})`;
  }
}

function filterText(r: AlertRule): string {
  const f = r.filters;
  const parts = [
    f.environment && `environment ${f.environment}`,
    f.minLevel && `level ≥ ${f.minLevel}`,
    f.release && `release ${f.release}`,
    ...(f.tags ?? []).map(([k, v]) => `${k}=${v}`),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'all events';
}

function ruleRow(viewer: Viewer, r: AlertRule): SafeHtml {
  const base = `/projects/${r.projectId}/alerts/${r.id}`;
  return html`<tr><td>${r.name}${r.enabled ? null : html` <span class="badge">disabled</span>`}</td><td>${triggerText(r)}</td><td>${filterText(r)}</td>
    <td>${r.channels.map((c) => html`<div class="mono">${channelText(c)}</div>`)}</td>
    <td>once per ${r.throttleMinutes} min${r.digestMinutes > 0 ? `, gathered every ${r.digestMinutes} min` : ''}</td>
    <td><form method="post" action="${base}/test">${csrfField(viewer)}<button type="submit">Send test</button></form>
    <form method="post" action="${base}/toggle">${csrfField(viewer)}<button type="submit">${r.enabled ? 'Disable' : 'Enable'}</button></form>
    <form method="post" action="${base}/delete" data-confirm="Delete this alert rule?">${csrfField(viewer)}<button type="submit" class="danger">Delete</button></form></td></tr>`;
}

function deliveryRow(d: Delivery, rules: Map<number, string>): SafeHtml {
  const next = d.status === 'pending' ? isoTime(d.nextAttemptAt) : '';
  return html`<tr><td>${isoTime(d.createdAt)}</td><td>${d.ruleId === null ? 'hourly limit' : (rules.get(d.ruleId) ?? `rule ${d.ruleId}`)}</td>
    <td>${d.issueId ? html`<a href="/issues/${d.issueId}">${d.facts.title}</a>` : d.facts.title}</td><td class="mono">${channelText(d.channel)}</td>
    <td><span class="badge">${d.status}</span></td><td>${d.attempts}</td><td>${next}</td><td class="mono">${d.lastError ?? ''}</td></tr>`;
}

function newRuleForm(viewer: Viewer, project: Project): SafeHtml {
  const levels = ['', 'debug', 'info', 'warning', 'error', 'fatal'];
  return html`<h2>New rule</h2><div class="panel"><form method="post" action="/projects/${project.id}/alerts">${csrfField(viewer)}
    <label for="name">Name</label><input type="text" id="name" name="name" required maxlength="100">
    <label for="trigger">Trigger</label><select id="trigger" name="trigger">
      <option value="new_issue">A new issue</option><option value="regression">A regression (a resolved issue comes back)</option>
      <option value="frequency">More than N events of one issue in M minutes</option><option value="users">More than N distinct users in M minutes</option>
      <option value="escalation">Escalation: K× the issue's own baseline</option></select>
    <label for="threshold">N (events or users; escalation: at least this many)</label><input type="number" id="threshold" name="threshold" min="0" placeholder="100">
    <label for="windowMinutes">M (window, minutes)</label><input type="number" id="windowMinutes" name="windowMinutes" min="1" max="1440" placeholder="60">
    <label for="factor">K (escalation factor)</label><input type="text" id="factor" name="factor" placeholder="5">
    <label for="baselineMinutes">Escalation baseline (minutes)</label><input type="number" id="baselineMinutes" name="baselineMinutes" min="1" max="1440" placeholder="1440">
    <label for="environment">Environment</label><input type="text" id="environment" name="environment" placeholder="any">
    <label for="minLevel">Level at least</label><select id="minLevel" name="minLevel">${levels.map((l) => html`<option value="${l}">${l || 'any'}</option>`)}</select>
    <label for="release">Release</label><input type="text" id="release" name="release" placeholder="any">
    <label for="tags">Tags (key=value, comma-separated)</label><input type="text" id="tags" name="tags" placeholder="region=eu">
    <label for="throttleMinutes">At most one alert per issue every (minutes)</label><input type="number" id="throttleMinutes" name="throttleMinutes" min="0" placeholder="60">
    <label for="digestMinutes">Gather alerts into one message every (minutes, 0: send each)</label><input type="number" id="digestMinutes" name="digestMinutes" min="0" placeholder="0">
    <label><input type="checkbox" name="email" value="on" checked> Email</label>
    <label for="emailTo">Email recipients (comma-separated; empty: the project's members)</label><input type="text" id="emailTo" name="emailTo">
    <label for="webhookUrl">Webhook URL (optional)</label><input type="url" id="webhookUrl" name="webhookUrl" placeholder="https://hooks.slack.com/services/…">
    <label for="webhookFormat">Webhook format</label><select id="webhookFormat" name="webhookFormat"><option value="json">JSON</option><option value="slack">Slack</option><option value="discord">Discord</option></select>
    <p><button type="submit" class="primary">Create rule</button></p></form></div>`;
}

export interface ProjectAlertsView {
  viewer: Viewer;
  project: Project;
  rules: AlertRule[];
  deliveries: Delivery[];
}

/** A project's alert rules, the new-rule form and the recent deliveries. */
export function projectAlertsPage(view: ProjectAlertsView): SafeHtml {
  const { viewer, project } = view;
  const names = new Map(view.rules.map((r) => [r.id, r.name]));
  return html`<p class="meta"><a href="/alerts">Alerts</a> › ${project.name}</p><h1>${project.name} alerts</h1>
    <h2>Rules</h2><div class="panel">${
      view.rules.length === 0
        ? html`<p class="muted">No rules yet: nobody is told about new errors.</p>`
        : html`<table class="grid-table"><thead><tr><th>Name</th><th>When</th><th>Filters</th><th>Channels</th><th>Throttle</th><th></th></tr></thead><tbody>${view.rules.map((r) => ruleRow(viewer, r))}</tbody></table>`
    }</div>
    ${newRuleForm(viewer, project)}
    <h2>Recent deliveries</h2><div class="panel">${
      view.deliveries.length === 0
        ? html`<p class="muted">Nothing sent yet.</p>`
        : html`<table class="grid-table"><thead><tr><th>Queued</th><th>Rule</th><th>Issue</th><th>Channel</th><th>State</th><th>Attempts</th><th>Next attempt</th><th>Last error</th></tr></thead><tbody>${view.deliveries.map((d) => deliveryRow(d, names))}</tbody></table>`
    }</div>`;
}
