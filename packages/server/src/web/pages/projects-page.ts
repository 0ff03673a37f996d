// Projects: the list, the "new project" form, and a project's settings (DSN keys, snippets, members).

import { dsnForKey } from '../../projects/dsn.js';
import type { Project, ProjectKey, User } from '../../storage/types.js';
import type { Viewer } from '../context.js';
import { isoTime } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';
import { snippets } from './snippets.js';

/** The projects list, with an empty state that leads to the first project. */
export function projectsPage(viewer: Viewer, projects: Project[]): SafeHtml {
  const create = viewer.user.isAdmin
    ? html`<a class="button primary" href="/projects/new">New project</a>`
    : null;
  if (projects.length === 0) {
    return html`<h1>Projects</h1><div class="panel empty"><h2>No projects yet</h2>
      ${viewer.user.isAdmin ? html`<p>A project collects the errors of one application and gives it a DSN to send them to.</p><p>${create}</p>` : html`<p class="muted">Ask an administrator to add you to a project.</p>`}</div>`;
  }
  return html`<div class="header-grid"><h1>Projects</h1><div>${create}</div></div>
    <div class="panel"><table class="grid-table"><thead><tr><th>Name</th><th>Slug</th><th class="hide-sm">Created</th><th></th></tr></thead><tbody>
    ${projects.map((p) => html`<tr><td><a href="/issues?project=${p.id}">${p.name}</a></td><td class="mono">${p.slug}</td><td class="hide-sm">${isoTime(p.createdAt)}</td><td><a href="/projects/${p.id}/settings">Settings</a></td></tr>`)}
    </tbody></table></div>`;
}

/** The "new project" form. */
export function newProjectPage(viewer: Viewer, error?: string): SafeHtml {
  return html`<div class="panel narrow"><h1>New project</h1>${error ? html`<div class="flash error">${error}</div>` : null}
    <form method="post" action="/projects">${csrfField(viewer)}
      <label for="name">Name</label><input type="text" id="name" name="name" required maxlength="100" autofocus placeholder="checkout-api">
      <p><button type="submit" class="primary">Create project</button></p></form></div>`;
}

export interface SettingsView {
  viewer: Viewer;
  project: Project;
  keys: ProjectKey[];
  members: User[];
  allUsers: User[];
  publicUrl: string;
}

function keyRow(view: SettingsView, key: ProjectKey): SafeHtml {
  const dsn = dsnForKey(view.publicUrl, key);
  const admin = view.viewer.user.isAdmin;
  return html`<tr><td>${key.label || 'Default'}${key.revokedAt ? html`<span class="badge">revoked</span>` : null}</td>
    <td><code class="dsn">${dsn}</code></td>
    <td>${admin && !key.revokedAt ? html`<form method="post" action="/projects/${view.project.id}/keys/${key.id}/limit">${csrfField(view.viewer)}<input type="number" name="rateLimitPerMinute" min="0" value="${key.rateLimitPerMinute ?? ''}" placeholder="no limit" aria-label="events per minute"> <button type="submit">Set</button></form>` : key.rateLimitPerMinute === null ? 'no limit' : `${key.rateLimitPerMinute}/min`}</td>
    <td>${admin && !key.revokedAt ? html`<form method="post" action="/projects/${view.project.id}/keys/${key.id}/revoke" data-confirm="Revoke this key? SDKs using it will be refused.">${csrfField(view.viewer)}<button type="submit" class="danger">Revoke</button></form>` : null}</td></tr>`;
}

/** Project settings: keys, snippets and members. */
export function projectSettingsPage(view: SettingsView): SafeHtml {
  const { project, viewer } = view;
  const active = view.keys.find((k) => !k.revokedAt);
  const dsn = active ? dsnForKey(view.publicUrl, active) : null;
  const memberIds = new Set(view.members.map((m) => m.id));
  const candidates = view.allUsers.filter((u) => !memberIds.has(u.id) && !u.disabledAt);
  return html`<p class="meta"><a href="/issues?project=${project.id}">${project.name}</a> › settings</p><h1>${project.name}</h1>
  ${viewer.user.isAdmin ? html`<form method="post" action="/projects/${project.id}/rename" class="actions">${csrfField(viewer)}<input type="text" name="name" value="${project.name}" required minlength="1" maxlength="100" aria-label="project name"><button type="submit">Rename</button></form>` : null}
  <h2>Client keys (DSN)</h2><div class="panel"><table class="grid-table"><thead><tr><th>Key</th><th>DSN</th><th>Rate limit (events/min)</th><th></th></tr></thead><tbody>${view.keys.map((k) => keyRow(view, k))}</tbody></table>
    ${viewer.user.isAdmin ? html`<form method="post" action="/projects/${project.id}/keys" class="actions">${csrfField(viewer)}<input type="text" name="label" placeholder="label, e.g. frontend" maxlength="100" aria-label="key label"><button type="submit">New key</button></form>` : null}</div>
  <h2>Set up an SDK</h2>
  ${
    dsn
      ? html`<div class="panel"><p>Send a test event to check the DSN works:</p><pre>faultline send-test-event ${dsn}</pre></div>
    ${snippets(dsn).map((s) => html`<div class="panel"><h3>${s.title}</h3><pre>${s.install}</pre><pre>${s.code}</pre></div>`)}`
      : html`<div class="panel"><p class="muted">Every key is revoked: create a new key to get a DSN.</p></div>`
  }
  <h2>Members</h2><div class="panel"><p class="muted">Administrators see every project; other users see the projects they are members of.</p>
    <table class="grid-table"><tbody>${view.members.map((m) => html`<tr><td>${m.email}</td><td>${viewer.user.isAdmin ? html`<form method="post" action="/projects/${project.id}/members/${m.id}/remove">${csrfField(viewer)}<button type="submit">Remove</button></form>` : null}</td></tr>`)}</tbody></table>
    ${viewer.user.isAdmin && candidates.length > 0 ? html`<form method="post" action="/projects/${project.id}/members" class="actions">${csrfField(viewer)}<select name="userId" aria-label="user">${candidates.map((u) => html`<option value="${u.id}">${u.email}</option>`)}</select><button type="submit">Add member</button></form>` : null}</div>`;
}
