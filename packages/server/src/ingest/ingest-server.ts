import { createServer, type Server } from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import { isIngestRequest, type RawHandler } from './raw-ingest.js';

// Fastify hands its options over with these defaults filled in (72 s keep-alive, no timeouts).
interface ServerOptions {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number | null;
}

/**
 * Fastify's serverFactory: a node:http server that gives ingest requests to the raw handler and
 * everything else to Fastify, configured with the timeouts Fastify would have set on its own server.
 */
export function ingestServerFactory(serveIngest: RawHandler): FastifyServerFactory {
  return (fastifyHandler, fastifyOptions) => {
    const options = fastifyOptions as ServerOptions;
    const server: Server = createServer((req, res) => {
      // Once close() began, Fastify answers 503 with Connection: close, which moves keep-alive
      // clients off a server that is going away.
      if (server.listening && isIngestRequest(req)) serveIngest(req, res);
      else fastifyHandler(req, res);
    });
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout ?? 0);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}
