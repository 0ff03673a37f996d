// The page shell: head, top bar with navigation and the sign-out form, flash message, content.

import type { Viewer } from './context.js';
import { html, type SafeHtml } from './html.js';

export interface LayoutOptions {
  title: string;
  viewer?: Viewer;
  active?: 'issues' | 'projects' | 'alerts' | 'account' | 'users';
  flash?: { kind: 'ok' | 'error'; text: string };
}

/** Renders a full HTML document around a page body. */
export function layout(opts: LayoutOptions, body: SafeHtml): string {
  const v = opts.viewer;
  const nav = v
    ? html`<nav>
        <a href="/issues" class="${opts.active === 'issues' ? 'active' : ''}">Issues</a>
        <a href="/projects" class="${opts.active === 'projects' ? 'active' : ''}">Projects</a>
        <a href="/alerts" class="${opts.active === 'alerts' ? 'active' : ''}">Alerts</a>
        ${v.user.isAdmin ? html`<a href="/admin/users" class="${opts.active === 'users' ? 'active' : ''}">Users</a>` : null}
        <a href="/account" class="${opts.active === 'account' ? 'active' : ''}">Account</a>
      </nav>
      <span class="muted hide-sm">${v.user.email}</span>
      <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${v.csrf}"><button type="submit">Sign out</button></form>`
    : html`<nav></nav>`;
  const flash = opts.flash
    ? html`<div class="flash ${opts.flash.kind}" role="status">${opts.flash.text}</div>`
    : null;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${opts.title} · Faultline</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="topbar"><a class="brand" href="/">Faultline</a>${nav}</header>
<main>${flash}${body}</main>
</body>
</html>`}`;
}

/** A hidden CSRF field for forms. */
export function csrfField(viewer: Viewer): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${viewer.csrf}">`;
}
