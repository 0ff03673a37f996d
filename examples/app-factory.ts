/**
 * Flask's application-factory pattern: everything (config, blueprints, handlers) is set up inside
 * createApp(config), so tests build as many differently configured apps as they need.
 *
 * Run: npx tsx --conditions=@faultline/source examples/app-factory.ts, then open /api/items/1,
 * /api/items/2 and /api/boom; FAULTLINE_DEBUG=1 switches debug (propagation) on.
 */
import { createErrorApp, InternalServerError, NotFound } from '@faultline/errors';
import { faultline } from '@faultline/errors/express';
import express from 'express';
import { isMain, serve } from './serve.js';

const ITEMS = new Map([[1, { id: 1, name: 'anvil' }]]);

/** Builds a configured app. Only upper-case keys count, as in Flask's config.from_mapping. */
export function createApp(config: Record<string, unknown> = {}) {
  const errorApp = createErrorApp({ name: 'shop', config, env: process.env });
  const app = express();
  if (errorApp.settings.testing) app.set('env', 'test');
  const errors = faultline(app, { app: errorApp });

  const api = express.Router();
  const apiScope = errors.blueprint(api, 'api');
  apiScope.register(NotFound, (e) => [{ error: e.description }, 404]);
  apiScope.register(InternalServerError, () => [{ error: 'internal error' }, 500]);
  api.get('/items/:id', (req, res) => {
    const item = ITEMS.get(Number(req.params.id));
    if (item === undefined) throw new NotFound('No such item.');
    res.json(item);
  });
  api.get('/boom', () => {
    throw new Error('the database is on fire');
  });
  app.use('/api', api);
  return { app, errorApp };
}

if (isMain(import.meta.url)) serve(createApp().app);
