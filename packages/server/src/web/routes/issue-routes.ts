// The issue list, the issue page, status changes (single and bulk), deletion, raw event download.

import type { FastifyInstance } from 'fastify';
import { dsnForKey } from '../../projects/dsn.js';
import type { Issue, IssueQuery, IssueSort, IssueStatus, Level, StoredEvent } from '../../storage/types.js';
import type { Viewer, WebContext } from '../context.js';
import { field, fields, parseId, safeNext } from '../form.js';
import { visibleText } from '../format.js';
import { layout } from '../layout.js';
import { issuePage } from '../pages/issue-page.js';
import { issueListPage } from '../pages/issues-page.js';
import { parseSearch } from '../search-query.js';
import { buckets, type ChartPeriod, periodStart } from '../sparkline.js';
import { sendPage, viewerOf } from '../viewer.js';
import { forbidden, invalid, notFound } from '../web-errors.js';
import { publicUrlOf } from './project-routes.js';

const PAGE_SIZE = 25;
const SORTS: readonly string[] = ['lastSeen', 'firstSeen', 'events', 'users'];
const LEVELS: readonly string[] = ['fatal', 'error', 'warning', 'info', 'debug'];
const LIST_PARAMS = [
  'project',
  'query',
  'status',
  'level',
  'environment',
  'release',
  'sort',
  'cursor',
  'period',
];

/** The issue if the viewer may see it; 404 for both missing and foreign issues (no probing). */
async function visibleIssue(ctx: WebContext, viewer: Viewer, id: number | undefined): Promise<Issue> {
  const issue = id === undefined ? undefined : await ctx.storage.getIssue(id);
  if (!issue || !viewer.projects.some((p) => p.id === issue.projectId)) throw notFound('Issue');
  return issue;
}

/** Turns list parameters (form fields and the search box) into a storage query. */
export function issueQuery(
  params: Record<string, string>,
  projectIds: number[],
): { query: IssueQuery; problems: string[] } {
  const search = parseSearch(params.query ?? '');
  const status = params.status === 'all' ? undefined : ((params.status || 'unresolved') as IssueStatus);
  const query: IssueQuery = {
    projectIds,
    status:
      search.status ?? (['unresolved', 'resolved', 'ignored'].includes(status ?? '') ? status : undefined),
    level: search.level ?? (LEVELS.includes(params.level ?? '') ? (params.level as Level) : undefined),
    environment: search.environment ?? (params.environment || undefined),
    release: search.release ?? (params.release || undefined),
    tags: search.tags.length > 0 ? search.tags : undefined,
    text: search.text || undefined,
    sort: SORTS.includes(params.sort ?? '') ? (params.sort as IssueSort) : 'lastSeen',
    limit: PAGE_SIZE,
    cursor: params.cursor || undefined,
  };
  return { query, problems: search.problems };
}

/** Status change for an action name from the issue page or the bulk form. */
function statusFor(
  action: string,
  form: unknown,
  release: string | null,
  now: number,
): { status: IssueStatus; details: Record<string, unknown> | null } {
  switch (action) {
    case 'resolve':
      return { status: 'resolved', details: null };
    case 'resolve-next-release':
      return { status: 'resolved', details: { inNextRelease: true, release } };
    case 'ignore':
      return { status: 'ignored', details: null };
    case 'ignore-for': {
      const minutes = Number(field(form, 'minutes'));
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 525_600)
        throw invalid('Choose how long to ignore the issue for.');
      return { status: 'ignored', details: { ignoreUntil: now + minutes * 60_000 } };
    }
    case 'ignore-count': {
      const count = Number(field(form, 'count'));
      if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
        throw invalid('Enter a number of events between 1 and 1,000,000.');
      // Storage adds ignoreBaseCount (each issue's event count now): digest reopens at base + count.
      return { status: 'ignored', details: { ignoreUntilCount: count } };
    }
    case 'reopen':
      return { status: 'unresolved', details: null };
    default:
      throw invalid('Unknown action.');
  }
}

async function pickEvent(ctx: WebContext, issue: Issue, which: string): Promise<StoredEvent | undefined> {
  const id = parseId(which);
  if (id !== undefined) {
    const ev = await ctx.storage.getEventById(id);
    if (!ev || ev.issueId !== issue.id) throw notFound('Event');
    return ev;
  }
  const order = which === 'oldest' ? 'oldest' : 'newest';
  return (await ctx.storage.listEvents(issue.id, { limit: 1, order })).items[0];
}

export function registerIssueRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/issues', async (req, reply) => {
    const viewer = viewerOf(req);
    const raw = req.query as Record<string, unknown>;
    const params: Record<string, string> = {};
    for (const k of LIST_PARAMS)
      if (typeof raw[k] === 'string' && raw[k]) params[k] = (raw[k] as string).slice(0, 1000);
    const projectId = parseId(params.project);
    const project = projectId === undefined ? undefined : viewer.projects.find((p) => p.id === projectId);
    if (params.project && !project) throw notFound('Project');
    const period: ChartPeriod = params.period === '14d' ? '14d' : '24h';
    const now = Date.now();
    const ids = project ? [project.id] : viewer.projects.map((p) => p.id);
    const { query, problems } = issueQuery(params, ids);
    // With no visible projects there is nothing to list (an empty id list must not mean "all").
    const page = ids.length === 0 ? { items: [], nextCursor: null } : await ctx.storage.listIssues(query);
    const since = periodStart(period, now);
    const counts = await ctx.storage.hourlyCountsForIssues(
      page.items.map((i) => i.id),
      since,
    );
    const charts = new Map(page.items.map((i) => [i.id, buckets(counts[i.id] ?? [], period, now)]));
    // An empty first page of an unfiltered list shows how to send the first event, with the DSN.
    const target = project ?? viewer.projects[0];
    let dsn: string | undefined;
    if (page.items.length === 0 && !params.cursor && target) {
      const key = (await ctx.storage.listProjectKeys(target.id)).find((k) => !k.revokedAt);
      if (key) dsn = dsnForKey(publicUrlOf(ctx, req), key);
    }
    const body = issueListPage({
      dsn,
      viewer,
      project,
      params,
      issues: page.items,
      charts,
      period,
      nextCursor: page.nextCursor,
      problems,
      projectNames: new Map(viewer.projects.map((p) => [p.id, p.name])),
      now,
    });
    return sendPage(
      reply,
      layout({ title: project ? `${project.name} issues` : 'Issues', viewer, active: 'issues' }, body),
    );
  });

  app.post('/issues/bulk', async (req, reply) => {
    const viewer = viewerOf(req);
    const ids = fields(req.body, 'ids')
      .map(parseId)
      .filter((x): x is number => x !== undefined)
      .slice(0, 500);
    const action = field(req.body, 'action');
    if (!['resolve', 'ignore', 'reopen'].includes(action)) throw invalid('Unknown action.');
    const allowed: number[] = [];
    for (const id of ids) allowed.push((await visibleIssue(ctx, viewer, id)).id);
    if (allowed.length > 0) {
      const { status, details } = statusFor(action, req.body, null, Date.now());
      await ctx.storage.setIssueStatus(allowed, status, details);
    }
    return reply.redirect(safeNext(field(req.body, 'back')), 303);
  });

  app.get('/issues/:id', async (req, reply) => {
    const viewer = viewerOf(req);
    const issue = await visibleIssue(ctx, viewer, parseId((req.params as { id: string }).id));
    const project = viewer.projects.find((p) => p.id === issue.projectId)!;
    const which = String((req.query as Record<string, unknown>).event ?? 'newest');
    const now = Date.now();
    const [event, newest, oldest, hourly, tags] = await Promise.all([
      pickEvent(ctx, issue, which),
      ctx.storage.listEvents(issue.id, { limit: 1, order: 'newest' }),
      ctx.storage.listEvents(issue.id, { limit: 1, order: 'oldest' }),
      ctx.storage.hourlyCounts(issue.id, periodStart('14d', now)),
      ctx.storage.tagDistribution(issue.id, 5),
    ]);
    const adjacent = event
      ? await ctx.storage.adjacentEvents(issue.id, event.id)
      : { previous: null, next: null };
    const body = issuePage({
      viewer,
      issue,
      project,
      event,
      nav: { ...adjacent, newest: newest.items[0]?.id ?? null, oldest: oldest.items[0]?.id ?? null },
      bars24h: buckets(hourly, '24h', now),
      bars14d: buckets(hourly, '14d', now),
      tags,
      now,
    });
    return sendPage(
      reply,
      layout({ title: visibleText(issue.title.slice(0, 80)), viewer, active: 'issues' }, body),
    );
  });

  app.post('/issues/:id/status', async (req, reply) => {
    const viewer = viewerOf(req);
    const issue = await visibleIssue(ctx, viewer, parseId((req.params as { id: string }).id));
    const latest = (await ctx.storage.listEvents(issue.id, { limit: 1, order: 'newest' })).items[0];
    const { status, details } = statusFor(
      field(req.body, 'action'),
      req.body,
      latest?.release ?? null,
      Date.now(),
    );
    await ctx.storage.setIssueStatus([issue.id], status, details);
    return reply.redirect(`/issues/${issue.id}`, 303);
  });

  app.post('/issues/:id/delete', async (req, reply) => {
    const viewer = viewerOf(req);
    const issue = await visibleIssue(ctx, viewer, parseId((req.params as { id: string }).id));
    await ctx.storage.deleteIssue(issue.id);
    return reply.redirect(`/issues?project=${issue.projectId}`, 303);
  });

  app.get('/issues/:id/events/:eventId/raw.json', async (req, reply) => {
    const viewer = viewerOf(req);
    const params = req.params as { id: string; eventId: string };
    const issue = await visibleIssue(ctx, viewer, parseId(params.id));
    const eventRowId = parseId(params.eventId);
    const event = eventRowId === undefined ? undefined : await ctx.storage.getEventById(eventRowId);
    if (!event || event.issueId !== issue.id) throw notFound('Event');
    if (!viewer.projects.some((p) => p.id === event.projectId)) throw forbidden();
    reply.header('content-disposition', `attachment; filename="event-${event.eventId}.json"`);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(event.data, null, 2));
  });
}
