// Webhook bodies: our JSON (schema version 1, documented in docs/alerts.md), Slack-compatible
// `{ text, blocks }` and Discord `{ content, embeds }`.
import { type AlertMessage, type MessageItem, reasonOf, subjectOf } from './message.js';

/** Version of the JSON webhook schema; bumped on any incompatible change. */
export const WEBHOOK_SCHEMA_VERSION = 1;

function jsonItem(item: MessageItem) {
  const f = item.facts;
  return {
    trigger: f.kind,
    rule: f.ruleName,
    reason: reasonOf(f),
    count: f.count ?? null,
    windowMinutes: f.windowMinutes ?? null,
    issue: {
      id: f.issueId,
      title: f.title,
      culprit: f.culprit,
      level: item.issue?.level ?? f.level,
      status: item.issue?.status ?? null,
      eventCount: item.issue?.eventCount ?? null,
      userCount: item.issue?.userCount ?? null,
      firstSeen: item.issue ? new Date(item.issue.firstSeen).toISOString() : null,
      lastSeen: item.issue ? new Date(item.issue.lastSeen).toISOString() : null,
      url: item.url ?? null,
    },
    event: { id: f.eventId, environment: f.environment, release: f.release, topFrame: item.topFrame ?? null },
  };
}

/** The JSON webhook body. */
export function renderJson(m: AlertMessage, projectId: number) {
  return {
    version: WEBHOOK_SCHEMA_VERSION,
    kind: m.kind,
    project: { id: projectId, name: m.projectName },
    subject: subjectOf(m),
    suppressed: m.suppressed ?? 0,
    alerts: m.items.map(jsonItem),
  };
}

// Slack mrkdwn treats &, < and > as control characters.
const slackEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function itemText(
  item: MessageItem,
  escapeText: (s: string) => string,
  link: (url: string, label: string) => string,
) {
  const f = item.facts;
  const lines = [`*${escapeText(reasonOf(f))}*`, item.url ? link(item.url, f.title) : escapeText(f.title)];
  if (f.culprit) lines.push(escapeText(f.culprit));
  if (item.issue) lines.push(`${item.issue.eventCount} events · ${item.issue.userCount} users`);
  if (item.topFrame) lines.push(`\`${escapeText(item.topFrame)}\``);
  return lines.join('\n');
}

/** Slack-compatible incoming-webhook body. */
export function renderSlack(m: AlertMessage) {
  const link = (url: string, label: string) => `<${url}|${slackEsc(label)}>`;
  const head = slackEsc(subjectOf(m));
  const texts = m.items.slice(0, 20).map((i) => itemText(i, slackEsc, link));
  return {
    text: head,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${head}*` } },
      ...texts.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 2900) } })),
    ],
  };
}

/** Discord webhook body (at most 10 embeds, Discord's limit). */
export function renderDiscord(m: AlertMessage) {
  return {
    content: subjectOf(m).slice(0, 2000),
    embeds: m.items.slice(0, 10).map((item) => ({
      title: item.facts.title.slice(0, 256),
      url: item.url,
      description: [reasonOf(item.facts), item.facts.culprit, item.topFrame]
        .filter(Boolean)
        .join('\n')
        .slice(0, 4000),
      color: item.facts.kind === 'regression' || item.facts.kind === 'escalation' ? 0xd9480f : 0xc92a2a,
    })),
  };
}
