// What one alert message says, whatever the channel: the facts decided in digest plus the issue's
// state and top in-app frame at send time. Channels render it (email-format.ts, webhook-format.ts).
import type { AlertFacts } from '../storage/alerts-types.js';
import type { Issue } from '../storage/types.js';

export interface MessageItem {
  facts: AlertFacts;
  /** The issue now (undefined when it was deleted since). */
  issue?: Issue;
  /** `function (file:line)` of the innermost in-app frame of the triggering event. */
  topFrame?: string;
  /** Link to the issue in the web UI. */
  url?: string;
}

export interface AlertMessage {
  /** alert: one item; digest: several of one rule; overflow: the hourly cap's summary; test: a test. */
  kind: 'alert' | 'digest' | 'overflow' | 'test';
  projectName: string;
  items: MessageItem[];
  /** overflow: alerts held back by the hourly cap. */
  suppressed?: number;
}

const TRIGGER_TEXT: Record<AlertFacts['kind'], string> = {
  new_issue: 'New issue',
  regression: 'Regression',
  frequency: 'Frequent issue',
  users: 'Issue affecting many users',
  escalation: 'Escalating issue',
  overflow: 'Alerts held back',
};

/** One line saying why an item alerted. */
export function reasonOf(facts: AlertFacts): string {
  const base = TRIGGER_TEXT[facts.kind];
  if (facts.count === undefined) return base;
  const what = facts.kind === 'users' ? 'users' : 'events';
  return `${base}: ${facts.count} ${what} in ${facts.windowMinutes} min`;
}

/** The mail subject / chat headline. */
export function subjectOf(m: AlertMessage): string {
  if (m.kind === 'test') return `[${m.projectName}] Test notification from Faultline`;
  if (m.kind === 'overflow')
    return `[${m.projectName}] ${m.suppressed ?? 0} alerts held back by the hourly limit`;
  if (m.kind === 'digest')
    return `[${m.projectName}] ${m.items.length} alerts: ${m.items[0]?.facts.ruleName ?? ''}`;
  const f = m.items[0]!.facts;
  return `[${m.projectName}] ${TRIGGER_TEXT[f.kind]}: ${f.title}`;
}

/** The innermost in-app frame of the event's last exception, as `function (file:line)`. */
export function topInAppFrame(data: Record<string, unknown> | undefined): string | undefined {
  const values = (data?.exception as { values?: unknown[] } | undefined)?.values;
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const frames = (values[values.length - 1] as { stacktrace?: { frames?: unknown[] } })?.stacktrace?.frames;
  if (!Array.isArray(frames)) return undefined;
  type Frame = { in_app?: boolean; function?: string; filename?: string; abs_path?: string; lineno?: number };
  const list = frames as Frame[];
  const frame = [...list].reverse().find((f) => f?.in_app === true) ?? list[list.length - 1];
  if (!frame) return undefined;
  const where = `${frame.filename ?? frame.abs_path ?? '?'}${frame.lineno ? `:${frame.lineno}` : ''}`;
  return `${frame.function || '<anonymous>'} (${where})`;
}
