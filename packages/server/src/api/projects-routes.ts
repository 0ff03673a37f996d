import type { FastifyInstance } from 'fastify';
import { ServerError } from '../errors.js';
import type { KeyCache } from '../ingest/key-cache.js';
import { createProjectWithKey } from '../projects/create-project.js';
import { dsnForKey } from '../projects/dsn.js';
import type { ProjectKey, Storage } from '../storage/types.js';
import { currentUser, requireProject, visibleProjectIds } from './authenticate.js';
import {
  CreateKeyBody,
  CreateProjectBody,
  KeyParams,
  ProjectParams,
  parse,
  UpdateKeyBody,
} from './schemas.js';

export interface ApiDeps {
  storage: Storage;
  keys: KeyCache;
  publicUrl: string;
}

/** Projects and their DSN keys: list, create, revoke, rate limit. */
export function registerProjectRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { storage } = deps;
  const withDsn = (key: ProjectKey) => ({ ...key, dsn: dsnForKey(deps.publicUrl, key) });
  const findKey = async (projectId: number, keyId: number): Promise<ProjectKey> => {
    const key = (await storage.listProjectKeys(projectId)).find((k) => k.id === keyId);
    if (key === undefined)
      throw new ServerError('FL_API_NOT_FOUND', 404, `key ${keyId} not found in project ${projectId}`);
    return key;
  };

  api.get('/projects/', async (request) => {
    const visible = await visibleProjectIds(storage, currentUser(request));
    const projects = await storage.listProjects();
    return { data: visible === undefined ? projects : projects.filter((p) => visible.includes(p.id)) };
  });

  api.post('/projects/', async (request, reply) => {
    const body = parse(CreateProjectBody, request.body, 'body');
    const user = currentUser(request);
    const { project, key, dsn } = await createProjectWithKey(storage, body.name, deps.publicUrl);
    if (!user.isAdmin) await storage.addProjectMember(project.id, user.id);
    return reply.code(201).send({ project, key: { ...key, dsn }, dsn });
  });

  api.get('/projects/:projectId/', async (request) => {
    const { projectId } = parse(ProjectParams, request.params, 'path');
    return requireProject(storage, currentUser(request), projectId);
  });

  api.get('/projects/:projectId/keys/', async (request) => {
    const { projectId } = parse(ProjectParams, request.params, 'path');
    await requireProject(storage, currentUser(request), projectId);
    return { data: (await storage.listProjectKeys(projectId)).map(withDsn) };
  });

  api.post('/projects/:projectId/keys/', async (request, reply) => {
    const { projectId } = parse(ProjectParams, request.params, 'path');
    const body = parse(CreateKeyBody, request.body, 'body');
    await requireProject(storage, currentUser(request), projectId);
    const input: { label?: string; rateLimitPerMinute?: number | null } = {};
    if (body.label !== undefined) input.label = body.label;
    if (body.rateLimitPerMinute !== undefined) input.rateLimitPerMinute = body.rateLimitPerMinute;
    return reply.code(201).send(withDsn(await storage.createProjectKey(projectId, input)));
  });

  api.put('/projects/:projectId/keys/:keyId/', async (request) => {
    const { projectId, keyId } = parse(KeyParams, request.params, 'path');
    const body = parse(UpdateKeyBody, request.body, 'body');
    await requireProject(storage, currentUser(request), projectId);
    const key = await findKey(projectId, keyId);
    const input: { label?: string; rateLimitPerMinute?: number | null } = {};
    if (body.label !== undefined) input.label = body.label;
    if (body.rateLimitPerMinute !== undefined) input.rateLimitPerMinute = body.rateLimitPerMinute;
    await storage.updateProjectKey(keyId, input);
    deps.keys.invalidate(key.publicKey);
    return withDsn(await findKey(projectId, keyId));
  });

  api.delete('/projects/:projectId/keys/:keyId/', async (request, reply) => {
    const { projectId, keyId } = parse(KeyParams, request.params, 'path');
    await requireProject(storage, currentUser(request), projectId);
    const key = await findKey(projectId, keyId);
    await storage.revokeProjectKey(keyId);
    // Revocation applies to the very next ingest request of this process.
    deps.keys.invalidate(key.publicKey);
    return reply.code(204).send();
  });
}
