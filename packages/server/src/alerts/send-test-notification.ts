// "Send a test notification": one message straight over a channel (no outbox), so the UI can show
// at once whether the SMTP server or the webhook accepts it.
import type { AlertChannel, AlertFacts } from '../storage/alerts-types.js';
import type { Storage } from '../storage/types.js';
import type { Deliverer } from './deliver.js';

/** Sends a test message over the channel; throws what the channel threw. */
export async function sendTestNotification(
  storage: Storage,
  deliverer: Deliverer,
  channel: AlertChannel,
  projectId: number,
): Promise<void> {
  const project = await storage.getProject(projectId);
  const facts: AlertFacts = {
    kind: 'new_issue',
    ruleName: 'test',
    projectId,
    issueId: 0,
    eventId: '',
    title: 'Test notification from Faultline',
    culprit: 'this is only a test',
    level: 'info',
    environment: null,
    release: null,
  };
  const projectName = project?.name ?? `project ${projectId}`;
  await deliverer.deliver(channel, { kind: 'test', projectName, items: [{ facts }] }, projectId);
}
