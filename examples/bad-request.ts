/**
 * A handler for 400 that answers "bad request!" (Flask's first errorhandler example).
 *
 * Run: npx tsx --conditions=@faultline/source examples/bad-request.ts, then open /greet?name=Ada and /greet.
 */
import { abort, BadRequest } from '@faultline/errors';
import { faultline } from '@faultline/errors/express';
import express from 'express';
import { isMain, serve } from './serve.js';

/** Builds the app: /greet needs a `name` query parameter. */
export function createApp() {
  const app = express();
  const errors = faultline(app);
  errors.app.register(BadRequest, () => ['bad request!', 400]);
  app.get('/greet', (req, res) => {
    const name = req.query.name;
    if (typeof name !== 'string' || name === '') abort(400);
    res.send(`Hello, ${name}!`);
  });
  return app;
}

if (isMain(import.meta.url)) serve(createApp());
