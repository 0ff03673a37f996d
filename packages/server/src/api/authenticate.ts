import type { FastifyRequest } from 'fastify';
import { userForToken } from '../auth/tokens.js';
import { ServerError } from '../errors.js';
import type { Project, Storage, User } from '../storage/types.js';

const users = new WeakMap<FastifyRequest, User>();

/** preHandler: `Authorization: Bearer <token>` must name an active token of an active user. */
export async function authenticate(storage: Storage, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match === null)
    throw new ServerError('FL_API_UNAUTHORIZED', 401, 'missing bearer token (Authorization: Bearer <token>)');
  const found = await userForToken(storage, match[1]!);
  if (found === undefined) throw new ServerError('FL_API_UNAUTHORIZED', 401, 'invalid or revoked token');
  users.set(request, found.user);
  // Last-used is informational: its write must not slow or fail the request.
  storage.touchApiToken(found.token.id, Date.now()).catch(() => {});
}

/** The user authenticate() attached to the request. */
export function currentUser(request: FastifyRequest): User {
  const user = users.get(request);
  if (user === undefined) throw new ServerError('FL_API_UNAUTHORIZED', 401, 'not authenticated');
  return user;
}

/** Project ids a user may read; undefined means every project (administrators). */
export async function visibleProjectIds(storage: Storage, user: User): Promise<number[] | undefined> {
  if (user.isAdmin) return undefined;
  return (await storage.listProjectsForUser(user.id)).map((p) => p.id);
}

/** The project if the user may see it; a 404 otherwise, so ids of others' projects do not leak. */
export async function requireProject(storage: Storage, user: User, projectId: number): Promise<Project> {
  const project = await storage.getProject(projectId);
  const visible = await visibleProjectIds(storage, user);
  if (project === undefined || (visible !== undefined && !visible.includes(projectId))) {
    throw new ServerError('FL_API_NOT_FOUND', 404, `project ${projectId} not found`);
  }
  return project;
}
