// Sign-in and first-run set-up forms (anonymous pages; their CSRF token is bound to a pre-session cookie).

import { html, type SafeHtml } from '../html.js';

/** The sign-in form. */
export function loginPage(csrf: string, opts: { error?: string; email?: string; next?: string }): SafeHtml {
  return html`<div class="panel narrow"><h1>Sign in</h1>${opts.error ? html`<div class="flash error" role="alert">${opts.error}</div>` : null}
  <form method="post" action="/login"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${opts.next ?? ''}">
    <label for="email">Email</label><input type="email" id="email" name="email" required autofocus value="${opts.email ?? ''}" autocomplete="username">
    <label for="password">Password</label><input type="password" id="password" name="password" required autocomplete="current-password">
    <p><button type="submit" class="primary">Sign in</button></p></form></div>`;
}

/** The one-time set-up form that creates the first administrator. */
export function setupPage(csrf: string, token: string, error?: string): SafeHtml {
  return html`<div class="panel narrow"><h1>Welcome to Faultline</h1><p>Create the first administrator account.</p>${error ? html`<div class="flash error" role="alert">${error}</div>` : null}
  <form method="post" action="/setup"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="token" value="${token}">
    <label for="email">Email</label><input type="email" id="email" name="email" required autofocus autocomplete="username">
    <label for="password">Password (at least 8 characters)</label><input type="password" id="password" name="password" required minlength="8" autocomplete="new-password">
    <p><button type="submit" class="primary">Create administrator</button></p></form></div>`;
}
