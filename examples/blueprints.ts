/**
 * Blueprint precedence and the routing 404 (Flask's documented limitation, kept on purpose): an
 * Express Router made a blueprint handles its own views' errors first, but a URL under its prefix
 * that matches no route is the application's 404, because no blueprint owns an unrouted request.
 *
 * Run: npx tsx --conditions=@faultline/source examples/blueprints.ts, then open /admin/secret,
 * /admin/users/7, /admin/nope and /secret.
 */
import { abort, Forbidden } from '@faultline/errors';
import { faultline } from '@faultline/errors/express';
import express from 'express';
import { isMain, serve } from './serve.js';

/** Builds the app with an `admin` blueprint mounted at /admin. */
export function createApp() {
  const app = express();
  const errors = faultline(app);
  errors.app.register(404, (_e, request) => [`app 404: nothing at ${request.path}`, 404]);

  const admin = express.Router();
  const adminScope = errors.blueprint(admin, 'admin');
  adminScope.register(403, () => ['admin 403: admins only', 403]);
  adminScope.register(404, () => ['admin 404: no such user', 404]);
  admin.get('/secret', () => {
    throw new Forbidden();
  });
  admin.get('/users/:id', () => abort(404));
  app.use('/admin', admin);

  app.get('/secret', () => {
    throw new Forbidden();
  });
  return app;
}

if (isMain(import.meta.url)) serve(createApp());
