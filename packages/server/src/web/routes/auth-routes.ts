// Sign-in, sign-out and the one-time set-up of the first administrator.
//
// Set-up is open only while there are no users, and only to a browser on the server's own machine
// (loopback address) or one that brings the token the server logged at start. That keeps a freshly
// started server on a public address from being claimed by whoever finds it first.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashPassword, verifyPassword } from '../../auth/index.js';
import type { WebContext } from '../context.js';
import { csrfToken } from '../csrf.js';
import { field, safeNext } from '../form.js';
import { layout } from '../layout.js';
import { loginPage, setupPage } from '../pages/login-page.js';
import { clearSession, loadViewer, preSession, sendPage, startSession } from '../viewer.js';
import { WebError } from '../web-errors.js';

const PUBLIC = { config: { public: true } };
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

let dummyHash: Promise<string> | undefined;

/** Minimal shape check; the address is an identifier here, not a mailbox we write to. */
export function validEmail(email: string): boolean {
  return email.length <= 200 && /^[^\s@]+@[^\s@]+$/.test(email);
}

function setupAllowed(ctx: WebContext, req: FastifyRequest, token: string): boolean {
  return LOOPBACK.has(req.ip) || (token.length > 0 && token === ctx.setupToken);
}

export function registerAuthRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/', async (_req, reply) => reply.redirect('/issues'));

  app.get('/login', PUBLIC, async (req, reply) => {
    if ((await ctx.storage.countUsers()) === 0) return reply.redirect('/setup');
    if (await loadViewer(ctx, req)) return reply.redirect('/issues');
    const pre = preSession(ctx, req, reply);
    const next = safeNext(String((req.query as Record<string, unknown>).next ?? ''));
    return sendPage(
      reply,
      layout({ title: 'Sign in' }, loginPage(csrfToken(ctx.secret, `pre:${pre}`), { next })),
    );
  });

  app.post('/login', PUBLIC, async (req, reply) => {
    const email = field(req.body, 'email').trim().toLowerCase();
    const password = field(req.body, 'password');
    const next = safeNext(field(req.body, 'next'));
    const ipKey = `ip:${req.ip}`;
    const accountKey = `account:${email}`;
    const wait = Math.max(ctx.loginLimitIp.retryAfter(ipKey), ctx.loginLimitAccount.retryAfter(accountKey));
    const pre = preSession(ctx, req, reply);
    const again = (error: string, status: number) =>
      sendPage(
        reply,
        layout({ title: 'Sign in' }, loginPage(csrfToken(ctx.secret, `pre:${pre}`), { error, email, next })),
        status,
      );
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      reply.header('retry-after', String(seconds));
      ctx.logger.warn({ ip: req.ip, email, code: 'FL_UI_LOGIN_RATE_LIMITED' }, 'login attempts rate-limited');
      return again(
        `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s). (FL_UI_LOGIN_RATE_LIMITED)`,
        429,
      );
    }
    const user = email ? await ctx.storage.findUserByEmail(email) : undefined;
    // Verify against a throwaway hash when the account does not exist, so timing does not tell.
    dummyHash ??= hashPassword(ctx.setupToken);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !ok || user.disabledAt !== null) {
      ctx.loginLimitIp.fail(ipKey);
      ctx.loginLimitAccount.fail(accountKey);
      return again('Wrong email or password, or the account is disabled.', 401);
    }
    ctx.loginLimitAccount.reset(accountKey);
    startSession(ctx, reply, user);
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (_req, reply) => {
    clearSession(ctx, reply);
    return reply.redirect('/login', 303);
  });

  app.get('/setup', PUBLIC, async (req, reply) => {
    if ((await ctx.storage.countUsers()) > 0) return reply.redirect('/login');
    const token = String((req.query as Record<string, unknown>).token ?? '');
    if (!setupAllowed(ctx, req, token)) {
      throw new WebError(
        'FL_UI_SETUP_CLOSED',
        403,
        'Set-up is open only from the server machine, or with the token printed in the server log.',
      );
    }
    const pre = preSession(ctx, req, reply);
    return sendPage(
      reply,
      layout({ title: 'Set up' }, setupPage(csrfToken(ctx.secret, `pre:${pre}`), token)),
    );
  });

  app.post('/setup', PUBLIC, async (req, reply) => {
    const token = field(req.body, 'token');
    if ((await ctx.storage.countUsers()) > 0 || !setupAllowed(ctx, req, token)) {
      throw new WebError('FL_UI_SETUP_CLOSED', 403, 'Set-up is closed.');
    }
    const email = field(req.body, 'email').trim().toLowerCase();
    const password = field(req.body, 'password');
    if (!validEmail(email) || password.length < 8) {
      const pre = preSession(ctx, req, reply);
      return sendPage(
        reply,
        layout(
          { title: 'Set up' },
          setupPage(
            csrfToken(ctx.secret, `pre:${pre}`),
            token,
            'Enter an email address and a password of at least 8 characters.',
          ),
        ),
        400,
      );
    }
    const user = await ctx.storage.createUser({
      email,
      passwordHash: await hashPassword(password),
      isAdmin: true,
    });
    ctx.logger.info({ userId: user.id }, 'first administrator created through the set-up page');
    startSession(ctx, reply, user);
    return reply.redirect('/projects', 303);
  });
}
