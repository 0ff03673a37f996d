/**
 * A status Werkzeug has no class for by default, as Flask's docs show it: subclass HTTPException with
 * the code, register a handler for the class, raise it.
 *
 * Run: npx tsx --conditions=@faultline/source examples/insufficient-storage.ts, then POST /upload.
 */
import { HTTPException } from '@faultline/errors';
import { faultline } from '@faultline/errors/express';
import express from 'express';
import { isMain, serve } from './serve.js';

/** 507: the server cannot store what the request needs stored. */
export class InsufficientStorage extends HTTPException {
  static override code = 507;
  static override title = 'Insufficient Storage';
  static override description = 'Not enough storage space.';
}

/** Builds the app; `freeBytes` stands in for the disk's free space. */
export function createApp(freeBytes = 0) {
  const app = express();
  const errors = faultline(app);
  errors.app.register(InsufficientStorage, (e) => [{ error: e.title, detail: e.description }, 507]);
  app.post('/upload', (req, res) => {
    const size = Number(req.get('content-length') ?? 0);
    if (size > freeBytes) throw new InsufficientStorage();
    res.status(201).send('stored');
  });
  return app;
}

if (isMain(import.meta.url)) serve(createApp());
