// Alert rules and deliveries in the token-authenticated API under /api/0/ (docs/alerts.md § API).
// Any user who can see a project manages its alerts (members set up their own notifications).
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, currentUser, requireProject } from '../api/authenticate.js';
import { ServerError } from '../errors.js';
import type { AlertRule, Delivery } from '../storage/alerts-types.js';
import { StorageError } from '../storage/errors.js';
import type { Project, Storage } from '../storage/types.js';
import { AlertError } from './alert-errors.js';
import type { AlertSettings } from './alert-settings.js';
import { createDeliverer } from './deliver.js';
import { parseRuleInput } from './rule-input.js';
import { sendTestNotification } from './send-test-notification.js';

export interface AlertApiDeps {
  storage: Storage;
  settings: AlertSettings;
  logger: { error(obj: unknown, msg?: string): void };
}

const id = (raw: unknown, what: string): number => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new ServerError('FL_API_NOT_FOUND', 404, `${what} not found`);
  return n;
};

/** The delivery as the API shows it (the channel's URL included: readers may manage the rule). */
const deliveryJson = (d: Delivery) => ({
  id: d.id,
  ruleId: d.ruleId,
  issueId: d.issueId,
  kind: d.facts.kind,
  title: d.facts.title,
  channel: d.channel,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: new Date(d.nextAttemptAt).toISOString(),
  lastError: d.lastError,
  createdAt: new Date(d.createdAt).toISOString(),
  sentAt: d.sentAt === null ? null : new Date(d.sentAt).toISOString(),
});

const ruleJson = (r: AlertRule) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() });

/**
 * Registers /api/0/projects/:projectId/alert-rules… and …/alert-deliveries.
 * @example registerAlertApiRoutes(app, { storage, settings: loadAlertSettings(config.publicUrl), logger });
 */
export function registerAlertApiRoutes(app: FastifyInstance, deps: AlertApiDeps): void {
  const { storage } = deps;
  const deliverer = createDeliverer(storage, deps.settings);
  app.addHook('onClose', async () => deliverer.close());

  app.register(
    async (api) => {
      api.addHook('preHandler', (request) => authenticate(storage, request));
      api.setErrorHandler((error: FastifyError, request, reply) => {
        if (error instanceof ServerError)
          return reply.code(error.status).send({ detail: error.message, code: error.code });
        if (error instanceof AlertError && error.code === 'FL_ALERT_INVALID')
          return reply.code(400).send({ detail: error.message, code: error.code });
        if (error instanceof StorageError && error.code === 'FL_STORAGE_NOT_FOUND')
          return reply.code(404).send({ detail: error.message, code: 'FL_API_NOT_FOUND' });
        if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
          return reply.code(error.statusCode).send({ detail: error.message, code: 'FL_API_INVALID' });
        deps.logger.error({ err: error, url: request.url }, 'alert api request failed');
        return reply.code(500).send({ detail: 'internal error' });
      });

      const project = (req: FastifyRequest): Promise<Project> =>
        requireProject(
          storage,
          currentUser(req),
          id((req.params as { projectId: string }).projectId, 'project'),
        );
      const ownRule = async (req: FastifyRequest): Promise<AlertRule> => {
        const p = await project(req);
        const rule = await storage.alerts.getRule(id((req.params as { ruleId: string }).ruleId, 'rule'));
        if (!rule || rule.projectId !== p.id)
          throw new ServerError('FL_API_NOT_FOUND', 404, 'rule not found');
        return rule;
      };

      api.get('/projects/:projectId/alert-rules', async (req) => {
        const p = await project(req);
        return (await storage.alerts.listRules(p.id)).map(ruleJson);
      });
      api.post('/projects/:projectId/alert-rules', async (req, reply) => {
        const p = await project(req);
        const rule = await storage.alerts.createRule(parseRuleInput(p.id, req.body));
        return reply.code(201).send(ruleJson(rule));
      });
      api.get('/projects/:projectId/alert-rules/:ruleId', async (req) => ruleJson(await ownRule(req)));
      api.put('/projects/:projectId/alert-rules/:ruleId', async (req) => {
        const rule = await ownRule(req);
        await storage.alerts.updateRule(rule.id, parseRuleInput(rule.projectId, req.body));
        return ruleJson((await storage.alerts.getRule(rule.id))!);
      });
      api.delete('/projects/:projectId/alert-rules/:ruleId', async (req, reply) => {
        const rule = await ownRule(req);
        await storage.alerts.deleteRule(rule.id);
        return reply.code(204).send();
      });
      api.post('/projects/:projectId/alert-rules/:ruleId/test', async (req) => {
        const rule = await ownRule(req);
        const results = [];
        for (const channel of rule.channels) {
          try {
            await sendTestNotification(storage, deliverer, channel, rule.projectId);
            results.push({ channel, ok: true, error: null });
          } catch (err) {
            const code = (err as { code?: string }).code ?? 'error';
            results.push({ channel, ok: false, error: `${code}: ${(err as Error).message}` });
          }
        }
        return { results };
      });
      api.get('/projects/:projectId/alert-deliveries', async (req) => {
        const p = await project(req);
        const limit = Math.min(200, Math.max(1, Number((req.query as { limit?: string }).limit ?? 50) || 50));
        return (await storage.alerts.listDeliveries(p.id, limit)).map(deliveryJson);
      });
    },
    { prefix: '/api/0' },
  );
}
