import type { FastifyError, FastifyInstance } from 'fastify';
import { ServerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { StorageError } from '../storage/errors.js';
import { authenticate } from './authenticate.js';
import { registerIssueRoutes } from './issues-routes.js';
import { type ApiDeps, registerProjectRoutes } from './projects-routes.js';

/** The read API under /api/0/, token-authenticated, answering JSON errors `{ detail, code }`. */
export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps & { logger: Logger }): void {
  app.register(
    async (api) => {
      api.addHook('preHandler', (request) => authenticate(deps.storage, request));
      api.setErrorHandler((error: FastifyError, request, reply) => {
        if (error instanceof ServerError) {
          const extra = (error as ServerError & { errors?: unknown }).errors;
          return reply
            .code(error.status)
            .send({ detail: error.message, code: error.code, ...(extra ? { errors: extra } : {}) });
        }
        if (error instanceof StorageError) {
          // A bad cursor is the caller's input; a conflict or a missing row is theirs to fix too.
          const status = { FL_STORAGE_BAD_CURSOR: 400, FL_STORAGE_NOT_FOUND: 404, FL_STORAGE_CONFLICT: 409 }[
            error.code as string
          ];
          if (status !== undefined)
            return reply.code(status).send({ detail: error.message, code: error.code });
        }
        if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
          return reply.code(error.statusCode).send({ detail: error.message, code: 'FL_API_INVALID' });
        }
        deps.logger.error({ err: error, url: request.url }, 'api request failed');
        return reply.code(500).send({ detail: 'internal error' });
      });
      api.setNotFoundHandler((_request, reply) => {
        reply.code(404).send({ detail: 'not found', code: 'FL_API_NOT_FOUND' });
      });
      registerProjectRoutes(api, deps);
      registerIssueRoutes(api, deps);
    },
    { prefix: '/api/0' },
  );
}
