// Projects: list, create, settings with DSN keys and members. Creating projects and changing keys
// or members is for administrators; members may read their projects' settings (to get the DSN).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Project } from '../../storage/types.js';
import type { Viewer, WebContext } from '../context.js';
import { field, parseId } from '../form.js';
import { layout } from '../layout.js';
import { newProjectPage, projectSettingsPage, projectsPage } from '../pages/projects-page.js';
import { sendPage, viewerOf } from '../viewer.js';
import { forbidden, invalid, notFound } from '../web-errors.js';

function requireAdmin(viewer: Viewer): void {
  if (!viewer.user.isAdmin) throw forbidden();
}

function visibleProject(viewer: Viewer, id: unknown): Project {
  const pid = parseId(id);
  const project = viewer.projects.find((p) => p.id === pid);
  if (!project) throw notFound('Project');
  return project;
}

/** The base URL for DSNs: configured, else the origin the browser used to reach us. */
export function publicUrlOf(ctx: WebContext, req: FastifyRequest): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  const host = /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host ?? '') ? req.headers.host : '127.0.0.1';
  return `${req.protocol}://${host}`;
}

export function registerProjectRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/projects', async (req, reply) => {
    const viewer = viewerOf(req);
    return sendPage(
      reply,
      layout({ title: 'Projects', viewer, active: 'projects' }, projectsPage(viewer, viewer.projects)),
    );
  });

  app.get('/projects/new', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    return sendPage(
      reply,
      layout({ title: 'New project', viewer, active: 'projects' }, newProjectPage(viewer)),
    );
  });

  app.post('/projects', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const name = field(req.body, 'name').trim();
    if (name.length < 1 || name.length > 100) {
      return sendPage(
        reply,
        layout(
          { title: 'New project', viewer, active: 'projects' },
          newProjectPage(viewer, 'Give the project a name of 1 to 100 characters.'),
        ),
        400,
      );
    }
    const project = await ctx.storage.createProject({ name });
    await ctx.storage.createProjectKey(project.id, { label: 'Default' });
    // The creator joins the project: alert rules that mail "the project's members" (the default
    // email channel) would otherwise have nobody to mail until someone adds members by hand.
    await ctx.storage.addProjectMember(project.id, viewer.user.id);
    return reply.redirect(`/projects/${project.id}/settings`, 303);
  });

  app.get('/projects/:id/settings', async (req, reply) => {
    const viewer = viewerOf(req);
    const project = visibleProject(viewer, (req.params as { id: string }).id);
    const [keys, members, allUsers] = await Promise.all([
      ctx.storage.listProjectKeys(project.id),
      ctx.storage.listProjectMembers(project.id),
      viewer.user.isAdmin ? ctx.storage.listUsers() : Promise.resolve([]),
    ]);
    const view = { viewer, project, keys, members, allUsers, publicUrl: publicUrlOf(ctx, req) };
    return sendPage(
      reply,
      layout({ title: `${project.name} settings`, viewer, active: 'projects' }, projectSettingsPage(view)),
    );
  });

  app.post('/projects/:id/rename', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const project = visibleProject(viewer, (req.params as { id: string }).id);
    const name = field(req.body, 'name').trim();
    if (name.length < 1 || name.length > 100)
      throw invalid('Give the project a name of 1 to 100 characters.');
    await ctx.storage.updateProject(project.id, { name });
    return reply.redirect(`/projects/${project.id}/settings`, 303);
  });

  app.post('/projects/:id/keys', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const project = visibleProject(viewer, (req.params as { id: string }).id);
    await ctx.storage.createProjectKey(project.id, {
      label: field(req.body, 'label').trim().slice(0, 100) || 'Key',
    });
    return reply.redirect(`/projects/${project.id}/settings`, 303);
  });

  const ownKey = async (viewer: Viewer, params: unknown) => {
    const p = params as { id: string; keyId: string };
    const project = visibleProject(viewer, p.id);
    const keyId = parseId(p.keyId);
    const key = (await ctx.storage.listProjectKeys(project.id)).find((k) => k.id === keyId);
    if (!key) throw notFound('Key');
    return { project, key };
  };

  app.post('/projects/:id/keys/:keyId/revoke', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const { project, key } = await ownKey(viewer, req.params);
    await ctx.storage.revokeProjectKey(key.id);
    ctx.onKeyChanged(key.publicKey);
    return reply.redirect(`/projects/${project.id}/settings`, 303);
  });

  app.post('/projects/:id/keys/:keyId/limit', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const { project, key } = await ownKey(viewer, req.params);
    const rawLimit = field(req.body, 'rateLimitPerMinute').trim();
    const limit = rawLimit === '' || rawLimit === '0' ? null : Number(rawLimit);
    if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000))
      throw invalid('The rate limit is a whole number of events per minute (empty for no limit).');
    await ctx.storage.updateProjectKey(key.id, { rateLimitPerMinute: limit });
    ctx.onKeyChanged(key.publicKey);
    return reply.redirect(`/projects/${project.id}/settings`, 303);
  });

  app.post('/projects/:id/members', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const project = visibleProject(viewer, (req.params as { id: string }).id);
    const user = await ctx.storage.getUser(parseId(field(req.body, 'userId')) ?? 0);
    if (!user) throw notFound('User');
    await ctx.storage.addProjectMember(project.id, user.id);
    return reply.redirect(`/projects/${project.id}/settings`, 303);
  });

  app.post('/projects/:id/members/:userId/remove', async (req, reply) => {
    const viewer = viewerOf(req);
    requireAdmin(viewer);
    const p = req.params as { id: string; userId: string };
    const project = visibleProject(viewer, p.id);
    const userId = parseId(p.userId);
    if (userId === undefined) throw notFound('User');
    await ctx.storage.removeProjectMember(project.id, userId);
    return reply.redirect(`/projects/${project.id}/settings`, 303);
  });
}
