// Sends one rendered message over one channel: SMTP mail or a webhook through the guarded poster.
import nodemailer, { type Transporter } from 'nodemailer';
import type { AlertChannel } from '../storage/alerts-types.js';
import type { Storage } from '../storage/types.js';
import { AlertError } from './alert-errors.js';
import type { AlertSettings } from './alert-settings.js';
import { renderEmail } from './email-format.js';
import type { AlertMessage } from './message.js';
import { renderDiscord, renderJson, renderSlack } from './webhook-format.js';
import { postJson } from './webhook-poster.js';

export interface Deliverer {
  deliver(channel: AlertChannel, message: AlertMessage, projectId: number): Promise<void>;
  close(): void;
}

/** Creates the deliverer; it keeps one SMTP transport (pooled connections) per SMTP URL. */
export function createDeliverer(storage: Storage, settings: AlertSettings): Deliverer {
  let transport: Transporter | undefined;

  function smtp(): Transporter {
    if (!settings.smtpUrl)
      throw new AlertError('FL_ALERT_SMTP_UNCONFIGURED', 'no SMTP server is configured (FAULTLINE_SMTP_URL)');
    // One connection per message (no pool): alerts are rare, and a dead server then costs one
    // refused connect per attempt rather than a stuck pooled socket.
    transport ??= nodemailer.createTransport({
      url: settings.smtpUrl,
      connectionTimeout: settings.webhookTimeoutMs,
      greetingTimeout: settings.webhookTimeoutMs,
      socketTimeout: settings.webhookTimeoutMs,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return transport;
  }

  async function recipients(channel: { to?: string[] }, projectId: number): Promise<string[]> {
    if (channel.to && channel.to.length > 0) return channel.to;
    const members = await storage.listProjectMembers(projectId);
    let to = members.filter((u) => u.disabledAt === null).map((u) => u.email);
    // A project made with `faultline project create` has no members yet: its administrators, who see
    // every project, get the mail rather than nobody.
    if (to.length === 0)
      to = (await storage.listUsers()).filter((u) => u.isAdmin && u.disabledAt === null).map((u) => u.email);
    if (to.length === 0)
      throw new AlertError(
        'FL_ALERT_NO_RECIPIENTS',
        `project ${projectId} has no members or administrators to mail and the rule lists no addresses`,
      );
    return to;
  }

  return {
    async deliver(channel, message, projectId) {
      if (channel.type === 'email') {
        const mail = renderEmail(message);
        const to = await recipients(channel, projectId);
        await smtp().sendMail({
          from: settings.smtpFrom,
          to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
        return;
      }
      const body =
        channel.format === 'slack'
          ? renderSlack(message)
          : channel.format === 'discord'
            ? renderDiscord(message)
            : renderJson(message, projectId);
      const res = await postJson(channel.url, body, {
        allowPrivate: settings.webhookAllowPrivate,
        timeoutMs: settings.webhookTimeoutMs,
        maxResponseBytes: settings.webhookMaxResponseBytes,
      });
      if (res.status < 200 || res.status >= 300)
        throw new AlertError(
          'FL_ALERT_WEBHOOK_FAILED',
          `webhook answered HTTP ${res.status}: ${res.body.slice(0, 200)}`,
        );
    },
    close() {
      transport?.close();
      transport = undefined;
    },
  };
}
