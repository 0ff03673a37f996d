/**
 * Handlers chosen by class specificity: ConnectionRefusedError is a ConnectionError, and the nearest
 * class in the error's chain wins. A real ECONNREFUSED from node:net is classified by its errno code.
 *
 * Run: npx tsx --conditions=@faultline/source examples/connection-errors.ts, then open /refused and /reset.
 */
/// <reference types="node" />
import { connect } from 'node:net';
import { ConnectionError, ConnectionRefusedError, ConnectionResetError } from '@faultline/errors';
import { faultline } from '@faultline/errors/express';
import express from 'express';
import { isMain, serve } from './serve.js';

/** Connects to 127.0.0.1:port and resolves once connected (rejects with Node's own error). */
function connectTo(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve();
    });
    socket.on('error', reject);
  });
}

/** Builds the app; `upstreamPort` is where /refused tries to connect (nothing should listen there). */
export function createApp(upstreamPort: number) {
  const app = express();
  const errors = faultline(app);
  errors.app.register(ConnectionError, (e: Error) => [`connection trouble: ${e.name}`, 502]);
  errors.app.register(ConnectionRefusedError, (e: Error & { code?: string }) => [
    `upstream refused (${e.code})`,
    503,
  ]);
  app.get('/refused', async (_req, res) => {
    await connectTo(upstreamPort);
    res.send('connected');
  });
  app.get('/reset', () => {
    throw new ConnectionResetError('peer reset the connection');
  });
  return app;
}

if (isMain(import.meta.url)) serve(createApp(Number(process.env.UPSTREAM_PORT ?? 9)));
