// The web UI as one Fastify plugin: pages at /, CSS and JS at /static/. It parses its own form
// bodies, sets security headers on everything it serves, requires a session on every page except
// sign-in and set-up, and checks CSRF token and Origin on every POST.

import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../storage/types.js';
import { registerAlertRoutes } from './alerts-routes.js';
import type { WebConfig, WebContext, WebLogger } from './context.js';
import { checkCsrfToken, sameOrigin } from './csrf.js';
import { field, parseForm } from './form.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { FailureLimiter } from './rate-limit.js';
import { registerAccountRoutes } from './routes/account-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerIssueRoutes } from './routes/issue-routes.js';
import { registerProjectRoutes } from './routes/project-routes.js';
import { loadSecret } from './secret.js';
import { APP_JS, FAVICON_SVG } from './static/app-js.js';
import { STYLE_CSS } from './static/style-css.js';
import { loadViewer, preSessionOf, rememberViewer, viewerIfAny } from './viewer.js';
import { WebError } from './web-errors.js';

export interface WebPluginOptions {
  storage: Storage;
  config: WebConfig;
  logger?: WebLogger;
  /** Called after a DSN key is revoked or changed, so ingest's key cache can forget it at once. */
  onKeyChanged?: (publicKey: string) => void;
}

/** Content-Security-Policy of every UI response: no inline script or style, no framing. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** Login limits: failures per IP and per account within 15 minutes (documented in docs/ui.md). */
export const LOGIN_LIMITS = { perIp: 20, perAccount: 10, windowMs: 15 * 60_000 };

const silent: WebLogger = { info() {}, warn() {}, error() {} };

/**
 * Registers the UI.
 * @example await app.register(webPlugin, { storage, config, logger: app.log });
 */
export async function webPlugin(app: FastifyInstance, opts: WebPluginOptions): Promise<void> {
  const logger = opts.logger ?? silent;
  const ttlHours = opts.config.sessionTtlHours ?? 336;
  const ctx: WebContext = {
    storage: opts.storage,
    config: opts.config,
    logger,
    secret: await loadSecret(opts.config),
    loginLimitIp: new FailureLimiter({ max: LOGIN_LIMITS.perIp, windowMs: LOGIN_LIMITS.windowMs }),
    loginLimitAccount: new FailureLimiter({ max: LOGIN_LIMITS.perAccount, windowMs: LOGIN_LIMITS.windowMs }),
    setupToken: randomBytes(18).toString('base64url'),
    sessionTtlMs: ttlHours * 3600_000,
    onKeyChanged: opts.onKeyChanged ?? (() => {}),
    secureCookies: opts.config.secureCookies ?? (opts.config.publicUrl ?? '').startsWith('https:'),
  };
  if ((await opts.storage.countUsers()) === 0) {
    const base = (opts.config.publicUrl ?? '').replace(/\/+$/, '');
    logger.warn(
      { setupUrl: `${base}/setup?token=${ctx.setupToken}` },
      'no users yet: open the set-up page (from this machine, or with this token) to create the first administrator',
    );
  }

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 256 * 1024 },
    (_req, body, done) => {
      done(null, parseForm(body as string));
    },
  );

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
  });

  app.addHook('preHandler', async (req, reply) => {
    const config = req.routeOptions.config as { public?: boolean } | undefined;
    const isPost = req.method === 'POST';
    if (isPost && !sameOrigin(req.headers, originsOf(opts.config))) {
      throw new WebError('FL_UI_CSRF', 403, 'This form came from another site and was refused.');
    }
    if (config?.public) {
      const pre = preSessionOf(req);
      if (isPost && (!pre || !checkCsrfToken(ctx.secret, `pre:${pre}`, field(req.body, '_csrf')))) {
        throw new WebError('FL_UI_CSRF', 403, 'The form expired; reload the page and try again.');
      }
      return;
    }
    const viewer = await loadViewer(ctx, req);
    if (!viewer) {
      if (req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
      throw new WebError('FL_UI_FORBIDDEN', 401, 'Your session ended; sign in again.');
    }
    if (isPost && !checkCsrfToken(ctx.secret, viewer.session.sid, field(req.body, '_csrf'))) {
      throw new WebError('FL_UI_CSRF', 403, 'The form expired or was forged; reload the page and try again.');
    }
    rememberViewer(req, viewer);
  });

  app.setErrorHandler(async (error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const known = error instanceof WebError;
    const status = known ? error.status : ((error as { statusCode?: number }).statusCode ?? 500);
    if (!known && status >= 500) logger.error({ err: error, url: req.url }, 'web UI request failed');
    const message = known
      ? error.message
      : status < 500
        ? 'The request was not understood.'
        : 'Something went wrong on our side.';
    if (known && error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    const viewer = viewerIfAny(req);
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        layout(
          { title: 'Error', viewer },
          html`<div class="panel narrow"><h1>${status === 404 ? 'Not found' : 'Sorry'}</h1><p>${message}</p><p class="meta mono">${known ? error.code : `HTTP ${status}`}</p><p><a href="/">Back to Faultline</a></p></div>`,
        ),
      );
  });

  // No setNotFoundHandler: the server's root context owns the 404 for unknown URLs (the API answers
  // JSON there); our own missing things (issues, projects) answer FL_UI_NOT_FOUND pages above.

  app.get('/static/style.css', { config: { public: true } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return reply.type('text/css; charset=utf-8').send(STYLE_CSS);
  });
  app.get('/static/favicon.svg', { config: { public: true } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type('image/svg+xml').send(FAVICON_SVG);
  });
  app.get('/static/app.js', { config: { public: true } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return reply.type('text/javascript; charset=utf-8').send(APP_JS);
  });

  registerAuthRoutes(app, ctx);
  registerIssueRoutes(app, ctx);
  registerProjectRoutes(app, ctx);
  registerAccountRoutes(app, ctx);
  registerAlertRoutes(app, ctx);
}

function originsOf(config: WebConfig): string[] {
  if (!config.publicUrl) return [];
  try {
    return [new URL(config.publicUrl).origin];
  } catch {
    return [];
  }
}
