// Alert pages of the UI: /alerts and /projects/:id/alerts (rules, test, enable, delete, deliveries).
// Any user who can see a project manages its alerts, as in the API.

import type { FastifyInstance } from 'fastify';
import { AlertError } from '../alerts/alert-errors.js';
import { loadAlertSettings } from '../alerts/alert-settings.js';
import { createDeliverer } from '../alerts/deliver.js';
import { parseRuleInput } from '../alerts/rule-input.js';
import { sendTestNotification } from '../alerts/send-test-notification.js';
import { loadConfig } from '../config/index.js';
import type { AlertRule } from '../storage/alerts-types.js';
import type { Project } from '../storage/types.js';
import type { Viewer, WebContext } from './context.js';
import { field, parseId } from './form.js';
import { layout } from './layout.js';
import { alertsIndexPage, projectAlertsPage } from './pages/alerts-page.js';
import { sendPage, viewerOf } from './viewer.js';
import { notFound } from './web-errors.js';

/** The rule body the API takes, built from the new-rule form's fields. */
export function ruleBodyFromForm(body: unknown): Record<string, unknown> {
  const f = (name: string) => field(body, name).trim();
  const tags = f('tags')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      return eq > 0 ? [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] : [p, ''];
    });
  const channels: unknown[] = [];
  if (f('email') === 'on') {
    const to = f('emailTo')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    channels.push({ type: 'email', ...(to.length > 0 ? { to } : {}) });
  }
  if (f('webhookUrl'))
    channels.push({ type: 'webhook', url: f('webhookUrl'), format: f('webhookFormat') || 'json' });
  return {
    name: f('name'),
    trigger: f('trigger'),
    threshold: f('threshold'),
    windowMinutes: f('windowMinutes'),
    factor: f('factor'),
    baselineMinutes: f('baselineMinutes'),
    throttleMinutes: f('throttleMinutes'),
    digestMinutes: f('digestMinutes'),
    filters: { environment: f('environment'), minLevel: f('minLevel'), release: f('release'), tags },
    channels,
  };
}

/** Registers the alert pages inside the UI plugin (so its session and CSRF guard apply). */
export function registerAlertRoutes(app: FastifyInstance, ctx: WebContext): void {
  // Under the server ctx.config is the full Config; a bare web plugin falls back to env and defaults.
  const deliverer = createDeliverer(
    ctx.storage,
    loadAlertSettings({ ...loadConfig({ flags: { dataDir: ctx.config.dataDir } }), ...ctx.config }),
  );
  app.addHook('onClose', async () => deliverer.close());

  const visibleProject = (viewer: Viewer, id: unknown): Project => {
    const pid = parseId(id);
    const project = viewer.projects.find((p) => p.id === pid);
    if (!project) throw notFound('Project');
    return project;
  };
  const ownRule = async (viewer: Viewer, params: unknown): Promise<AlertRule> => {
    const p = params as { id: string; ruleId: string };
    const project = visibleProject(viewer, p.id);
    const ruleId = parseId(p.ruleId);
    const rule = ruleId === undefined ? undefined : await ctx.storage.alerts.getRule(ruleId);
    if (!rule || rule.projectId !== project.id) throw notFound('Alert rule');
    return rule;
  };
  const show = async (viewer: Viewer, project: Project, flash?: { kind: 'ok' | 'error'; text: string }) => {
    const [rules, deliveries] = await Promise.all([
      ctx.storage.alerts.listRules(project.id),
      ctx.storage.alerts.listDeliveries(project.id, 50),
    ]);
    return layout(
      { title: `${project.name} alerts`, viewer, active: 'alerts', flash },
      projectAlertsPage({ viewer, project, rules, deliveries }),
    );
  };

  app.get('/alerts', async (req, reply) => {
    const viewer = viewerOf(req);
    const rows = await Promise.all(
      viewer.projects.map(async (project) => ({
        project,
        rules: (await ctx.storage.alerts.listRules(project.id)).length,
      })),
    );
    return sendPage(reply, layout({ title: 'Alerts', viewer, active: 'alerts' }, alertsIndexPage(rows)));
  });

  app.get('/projects/:id/alerts', async (req, reply) => {
    const viewer = viewerOf(req);
    return sendPage(reply, await show(viewer, visibleProject(viewer, (req.params as { id: string }).id)));
  });

  app.post('/projects/:id/alerts', async (req, reply) => {
    const viewer = viewerOf(req);
    const project = visibleProject(viewer, (req.params as { id: string }).id);
    try {
      await ctx.storage.alerts.createRule(parseRuleInput(project.id, ruleBodyFromForm(req.body)));
    } catch (err) {
      if (!(err instanceof AlertError)) throw err;
      return sendPage(
        reply,
        await show(viewer, project, { kind: 'error', text: `Not saved: ${err.message}.` }),
        400,
      );
    }
    return reply.redirect(`/projects/${project.id}/alerts`, 303);
  });

  app.post('/projects/:id/alerts/:ruleId/toggle', async (req, reply) => {
    const rule = await ownRule(viewerOf(req), req.params);
    const { id: _id, createdAt: _created, ...input } = rule;
    await ctx.storage.alerts.updateRule(rule.id, { ...input, enabled: !rule.enabled });
    return reply.redirect(`/projects/${rule.projectId}/alerts`, 303);
  });

  app.post('/projects/:id/alerts/:ruleId/delete', async (req, reply) => {
    const rule = await ownRule(viewerOf(req), req.params);
    await ctx.storage.alerts.deleteRule(rule.id);
    return reply.redirect(`/projects/${rule.projectId}/alerts`, 303);
  });

  app.post('/projects/:id/alerts/:ruleId/test', async (req, reply) => {
    const viewer = viewerOf(req);
    const rule = await ownRule(viewer, req.params);
    const project = visibleProject(viewer, (req.params as { id: string }).id);
    const failures: string[] = [];
    for (const channel of rule.channels) {
      try {
        await sendTestNotification(ctx.storage, deliverer, channel, rule.projectId);
      } catch (err) {
        const target = channel.type === 'email' ? 'email' : channel.url;
        failures.push(`${target}: ${(err as { code?: string }).code ?? 'error'} ${(err as Error).message}`);
      }
    }
    const flash =
      failures.length === 0
        ? { kind: 'ok' as const, text: `Test notification sent over ${rule.channels.length} channel(s).` }
        : { kind: 'error' as const, text: `Test failed for ${failures.join('; ')}` };
    return sendPage(reply, await show(viewer, project, flash), failures.length === 0 ? 200 : 502);
  });
}
