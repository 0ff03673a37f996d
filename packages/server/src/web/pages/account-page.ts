// The account page (password, API tokens) and the administrators' user management page.

import type { ApiToken, Project, User } from '../../storage/types.js';
import type { Viewer } from '../context.js';
import { isoTime } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';

/** Account: change password, create and revoke API tokens (a new token is shown once). */
export function accountPage(viewer: Viewer, tokens: ApiToken[], newToken?: string): SafeHtml {
  return html`<h1>Account</h1><p class="muted">${viewer.user.email}${viewer.user.isAdmin ? ' · administrator' : ''}</p>
  <h2>Change password</h2><div class="panel"><form method="post" action="/account/password">${csrfField(viewer)}
    <label for="current">Current password</label><input type="password" id="current" name="current" required autocomplete="current-password">
    <label for="password">New password (at least 8 characters)</label><input type="password" id="password" name="password" required minlength="8" autocomplete="new-password">
    <p><button type="submit" class="primary">Change password</button></p></form></div>
  <h2>API tokens</h2><div class="panel">
    ${newToken ? html`<div class="flash ok"><p>Your new token — copy it now, it will not be shown again:</p><code class="secret" id="new-token">${newToken}</code></div>` : null}
    <table class="grid-table"><thead><tr><th>Label</th><th>Token</th><th class="hide-sm">Created</th><th class="hide-sm">Last used</th><th></th></tr></thead><tbody>
    ${tokens.map(
      (
        t,
      ) => html`<tr><td>${t.label}</td><td class="mono">${t.prefix}…</td><td class="hide-sm">${isoTime(t.createdAt)}</td><td class="hide-sm">${t.lastUsedAt ? isoTime(t.lastUsedAt) : 'never'}</td>
      <td>${t.revokedAt ? html`<span class="badge">revoked</span>` : html`<form method="post" action="/account/tokens/${t.id}/revoke">${csrfField(viewer)}<button type="submit" class="danger">Revoke</button></form>`}</td></tr>`,
    )}
    </tbody></table>
    <form method="post" action="/account/tokens" class="actions">${csrfField(viewer)}<input type="text" name="label" required maxlength="100" placeholder="label, e.g. ci" aria-label="token label"><button type="submit">Create token</button></form></div>`;
}

/** Administrators: create users, disable/enable, make admin, add to projects. */
export function usersPage(viewer: Viewer, users: User[], projects: Project[]): SafeHtml {
  const f = csrfField(viewer);
  return html`<h1>Users</h1><div class="panel"><table class="grid-table"><thead><tr><th>Email</th><th>Role</th><th>Status</th><th>Actions</th></tr></thead><tbody>
  ${users.map((u) => {
    const self = u.id === viewer.user.id;
    return html`<tr><td>${u.email}</td><td>${u.isAdmin ? 'administrator' : 'member'}</td><td>${u.disabledAt ? html`<span class="badge">disabled</span>` : 'active'}</td>
      <td class="actions">${
        self
          ? html`<span class="muted">you</span>`
          : html`
        <form method="post" action="/admin/users/${u.id}">${f}<input type="hidden" name="action" value="${u.disabledAt ? 'enable' : 'disable'}"><button type="submit">${u.disabledAt ? 'Enable' : 'Disable'}</button></form>
        <form method="post" action="/admin/users/${u.id}">${f}<input type="hidden" name="action" value="${u.isAdmin ? 'revoke-admin' : 'make-admin'}"><button type="submit">${u.isAdmin ? 'Remove admin' : 'Make admin'}</button></form>`
      }
        ${projects.length > 0 ? html`<form method="post" action="/admin/users/${u.id}/projects">${f}<select name="projectId" aria-label="project">${projects.map((p) => html`<option value="${p.id}">${p.name}</option>`)}</select><button type="submit">Add to project</button></form>` : null}</td></tr>`;
  })}</tbody></table></div>
  <h2>New user</h2><div class="panel"><form method="post" action="/admin/users">${f}
    <label for="email">Email</label><input type="email" id="email" name="email" required maxlength="200">
    <label for="password">Initial password (at least 8 characters)</label><input type="password" id="password" name="password" required minlength="8" autocomplete="new-password">
    <label><input type="checkbox" name="isAdmin" value="1"> Administrator</label>
    <p><button type="submit" class="primary">Create user</button></p></form></div>`;
}
