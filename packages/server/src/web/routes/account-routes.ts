// The viewer's account (password, API tokens) and administrators' user management.

import type { FastifyInstance } from 'fastify';
import { createApiToken, hashPassword, verifyPassword } from '../../auth/index.js';
import type { Viewer, WebContext } from '../context.js';
import { field, parseId } from '../form.js';
import { layout } from '../layout.js';
import { accountPage, usersPage } from '../pages/account-page.js';
import { sendPage, startSession, viewerOf } from '../viewer.js';
import { forbidden, invalid, notFound } from '../web-errors.js';
import { validEmail } from './auth-routes.js';

function requireAdmin(viewer: Viewer): void {
  if (!viewer.user.isAdmin) throw forbidden();
}

export function registerAccountRoutes(app: FastifyInstance, ctx: WebContext): void {
  const showAccount = async (
    viewer: Viewer,
    newToken?: string,
    flash?: { kind: 'ok' | 'error'; text: string },
  ) =>
    layout(
      { title: 'Account', viewer, active: 'account', flash },
      accountPage(viewer, await ctx.storage.listApiTokens(viewer.user.id), newToken),
    );

  app.get('/account', async (req, reply) => sendPage(reply, await showAccount(viewerOf(req))));

  app.post('/account/password', async (req, reply) => {
    const viewer = viewerOf(req);
    const current = field(req.body, 'current');
    const next = field(req.body, 'password');
    if (!(await verifyPassword(current, viewer.user.passwordHash))) {
      return sendPage(
        reply,
        await showAccount(viewer, undefined, { kind: 'error', text: 'The current password is wrong.' }),
        400,
      );
    }
    if (next.length < 8) {
      return sendPage(
        reply,
        await showAccount(viewer, undefined, {
          kind: 'error',
          text: 'The new password needs at least 8 characters.',
        }),
        400,
      );
    }
    const passwordHash = await hashPassword(next);
    await ctx.storage.updateUser(viewer.user.id, { passwordHash });
    // The password fingerprint in every older session no longer matches; keep this browser signed in.
    startSession(ctx, reply, { ...viewer.user, passwordHash });
    return sendPage(
      reply,
      await showAccount({ ...viewer, user: { ...viewer.user, passwordHash } }, undefined, {
        kind: 'ok',
        text: 'Password changed; other sessions were signed out.',
      }),
    );
  });

  app.post('/account/tokens', async (req, reply) => {
    const viewer = viewerOf(req);
    const label = field(req.body, 'label').trim().slice(0, 100);
    if (!label) throw invalid('Give the token a label.');
    const { token } = await createApiToken(ctx.storage, viewer.user, label);
    return sendPage(reply, await showAccount(viewer, token));
  });

  app.post('/account/tokens/:id/revoke', async (req, reply) => {
    const viewer = viewerOf(req);
    const id = parseId((req.params as { id: string }).id);
    const token = (await ctx.storage.listApiTokens(viewer.user.id)).find((t) => t.id === id);
    if (!token) throw notFound('Token');
    await ctx.storage.revokeApiToken(token.id);
    return reply.redirect('/account', 303);
  });

  app.get('/admin/users', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const users = await ctx.storage.listUsers();
    return sendPage(
      reply,
      layout({ title: 'Users', viewer, active: 'users' }, usersPage(viewer, users, viewer.projects)),
    );
  });

  app.post('/admin/users', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const email = field(req.body, 'email').trim().toLowerCase();
    const password = field(req.body, 'password');
    if (!validEmail(email) || password.length < 8)
      throw invalid('Enter an email address and a password of at least 8 characters.');
    if (await ctx.storage.findUserByEmail(email)) throw invalid('A user with this email exists already.');
    await ctx.storage.createUser({
      email,
      passwordHash: await hashPassword(password),
      isAdmin: field(req.body, 'isAdmin') === '1',
    });
    return reply.redirect('/admin/users', 303);
  });

  app.post('/admin/users/:id', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const user = await ctx.storage.getUser(parseId((req.params as { id: string }).id) ?? 0);
    if (!user) throw notFound('User');
    // Administrators cannot lock themselves out (and so cannot leave the server without one).
    if (user.id === viewer.user.id) throw invalid('You cannot change your own role or status here.');
    const action = field(req.body, 'action');
    const changes: Record<string, { isAdmin?: boolean; disabledAt?: number | null }> = {
      disable: { disabledAt: Date.now() },
      enable: { disabledAt: null },
      'make-admin': { isAdmin: true },
      'revoke-admin': { isAdmin: false },
    };
    const change = changes[action];
    if (!change) throw invalid('Unknown action.');
    await ctx.storage.updateUser(user.id, change);
    return reply.redirect('/admin/users', 303);
  });

  app.post('/admin/users/:id/projects', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const user = await ctx.storage.getUser(parseId((req.params as { id: string }).id) ?? 0);
    const projectId = parseId(field(req.body, 'projectId'));
    if (!user || !viewer.projects.some((p) => p.id === projectId)) throw notFound('User or project');
    await ctx.storage.addProjectMember(projectId!, user.id);
    return reply.redirect('/admin/users', 303);
  });
}
