import { normalizeEventId } from '@faultline/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.js';
import type { Issue, IssueQuery, Storage } from '../storage/types.js';
import { currentUser, requireProject, visibleProjectIds } from './authenticate.js';
import {
  BulkStatusBody,
  EventListQuery,
  EventParams,
  IssueListQuery,
  IssueParams,
  ProjectEventParams,
  parse,
  StatusBody,
} from './schemas.js';

/** Issues (filter, sort, paginate), one issue, its events, and status changes. */
export function registerIssueRoutes(api: FastifyInstance, deps: { storage: Storage }): void {
  const { storage } = deps;

  const loadIssue = async (request: FastifyRequest, issueId: number): Promise<Issue> => {
    const issue = await storage.getIssue(issueId);
    const visible = await visibleProjectIds(storage, currentUser(request));
    if (issue === undefined || (visible !== undefined && !visible.includes(issue.projectId))) {
      throw new ServerError('FL_API_NOT_FOUND', 404, `issue ${issueId} not found`);
    }
    return issue;
  };

  api.get('/issues/', async (request) => {
    const q = parse(IssueListQuery, request.query, 'query');
    const user = currentUser(request);
    const visible = await visibleProjectIds(storage, user);
    const query: IssueQuery = { sort: q.sort ?? 'lastSeen', limit: q.limit ?? 25 };
    if (q.project !== undefined) {
      await requireProject(storage, user, q.project);
      query.projectIds = [q.project];
    } else if (visible !== undefined) {
      query.projectIds = visible;
    }
    if (q.status !== undefined) query.status = q.status;
    if (q.level !== undefined) query.level = q.level;
    if (q.environment !== undefined) query.environment = q.environment;
    if (q.release !== undefined) query.release = q.release;
    if (q.query !== undefined && q.query.trim() !== '') query.text = q.query.trim();
    if (q.cursor !== undefined) query.cursor = q.cursor;
    if (q.tag !== undefined)
      query.tags = q.tag.map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]);
    if (query.projectIds?.length === 0) return { data: [], nextCursor: null };
    const page = await storage.listIssues(query);
    return { data: page.items, nextCursor: page.nextCursor };
  });

  api.put('/issues/', async (request) => {
    const body = parse(BulkStatusBody, request.body, 'body');
    const ids = [...new Set(body.ids)];
    // Every id must be visible: a bulk change never half-applies to ids the caller cannot see.
    for (const id of ids) await loadIssue(request, id);
    await storage.setIssueStatus(ids, body.status);
    return { updated: ids.length, status: body.status };
  });

  api.get('/issues/:issueId/', async (request) => {
    const { issueId } = parse(IssueParams, request.params, 'path');
    return loadIssue(request, issueId);
  });

  api.put('/issues/:issueId/', async (request) => {
    const { issueId } = parse(IssueParams, request.params, 'path');
    const body = parse(StatusBody, request.body, 'body');
    await loadIssue(request, issueId);
    await storage.setIssueStatus([issueId], body.status);
    return loadIssue(request, issueId);
  });

  api.delete('/issues/:issueId/', async (request, reply) => {
    const { issueId } = parse(IssueParams, request.params, 'path');
    await loadIssue(request, issueId);
    await storage.deleteIssue(issueId);
    return reply.code(204).send();
  });

  api.get('/issues/:issueId/events/', async (request) => {
    const { issueId } = parse(IssueParams, request.params, 'path');
    const q = parse(EventListQuery, request.query, 'query');
    await loadIssue(request, issueId);
    const opts: { limit: number; order: 'newest' | 'oldest'; cursor?: string } = {
      limit: q.limit ?? 25,
      order: q.order ?? 'newest',
    };
    if (q.cursor !== undefined) opts.cursor = q.cursor;
    const page = await storage.listEvents(issueId, opts);
    return { data: page.items, nextCursor: page.nextCursor };
  });

  api.get('/issues/:issueId/events/:eventId/', async (request) => {
    const params = request.params as { issueId: string; eventId: string };
    const { issueId } = parse(IssueParams, { issueId: params.issueId }, 'path');
    const issue = await loadIssue(request, issueId);
    if (params.eventId === 'latest' || params.eventId === 'oldest') {
      const page = await storage.listEvents(issueId, {
        limit: 1,
        order: params.eventId === 'latest' ? 'newest' : 'oldest',
      });
      const event = page.items[0];
      if (event === undefined)
        throw new ServerError('FL_API_NOT_FOUND', 404, `issue ${issueId} has no events`);
      return event;
    }
    const { eventId } = parse(EventParams, params, 'path');
    const event = await storage.getEvent(issue.projectId, normalizeEventId(eventId) ?? eventId);
    if (event === undefined || event.issueId !== issueId)
      throw new ServerError('FL_API_NOT_FOUND', 404, `event ${eventId} not found`);
    return event;
  });

  api.get('/projects/:projectId/events/:eventId/', async (request) => {
    const { projectId, eventId } = parse(ProjectEventParams, request.params, 'path');
    await requireProject(storage, currentUser(request), projectId);
    const event = await storage.getEvent(projectId, normalizeEventId(eventId) ?? eventId);
    if (event === undefined) throw new ServerError('FL_API_NOT_FOUND', 404, `event ${eventId} not found`);
    return event;
  });
}
