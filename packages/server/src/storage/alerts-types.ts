// Alert rules, their deliveries (the outbox) and the store that keeps them. Rules are decided inside
// the digest transaction (storage/alerts-decide.ts), so an alert and the events that caused it
// commit together or not at all; the sender (alerts/sender.ts) works the outbox afterwards.
import type { Level } from './types.js';

export type AlertTrigger = 'new_issue' | 'regression' | 'frequency' | 'users' | 'escalation';

/** Where an alert goes. `to` omitted: the project's members. */
export type AlertChannel =
  | { type: 'email'; to?: string[] }
  | { type: 'webhook'; url: string; format: 'json' | 'slack' | 'discord' };

export interface AlertFilters {
  environment?: string;
  /** The event's level must be at least this (debug < info < warning < error < fatal). */
  minLevel?: Level;
  release?: string;
  /** Every pair must be among the event's tags. */
  tags?: Array<[string, string]>;
}

export interface AlertRule {
  id: number;
  projectId: number;
  name: string;
  trigger: AlertTrigger;
  /** frequency: more than `threshold` events; users: more than `threshold` users; escalation: minimum events. */
  threshold: number;
  /** The counting window of frequency, users and escalation. */
  windowMinutes: number;
  /** escalation: the current window must be `factor`× the baseline's rate. */
  factor: number;
  /** escalation: the baseline period before the current window. */
  baselineMinutes: number;
  filters: AlertFilters;
  channels: AlertChannel[];
  /** One alert per (rule, issue) per this interval. */
  throttleMinutes: number;
  /** > 0: alerts of the rule in a window of this length go out as one message. */
  digestMinutes: number;
  enabled: boolean;
  createdAt: number;
}

export type AlertRuleInput = Omit<AlertRule, 'id' | 'createdAt'>;

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'capped' | 'summarized';

/** What an alert says, fixed when it is decided (the message adds the issue's current state). */
export interface AlertFacts {
  kind: AlertTrigger | 'overflow';
  ruleName: string;
  projectId: number;
  issueId: number;
  eventId: string;
  title: string;
  culprit: string;
  level: Level;
  environment: string | null;
  release: string | null;
  /** Events (or users) counted in the window that fired, for threshold triggers. */
  count?: number;
  windowMinutes?: number;
  /** overflow summaries: how many alerts the hourly cap held back, and a few of their titles. */
  suppressed?: number;
  examples?: string[];
}

export interface Delivery {
  id: number;
  ruleId: number | null;
  projectId: number;
  issueId: number | null;
  channel: AlertChannel;
  facts: AlertFacts;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  /** Rows with one group key go out as one message (digest mode). */
  groupKey: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** Rules, outbox and sender bookkeeping; one per Storage (storage.alerts). */
export interface AlertStore {
  createRule(input: AlertRuleInput): Promise<AlertRule>;
  updateRule(id: number, input: AlertRuleInput): Promise<void>;
  deleteRule(id: number): Promise<void>;
  getRule(id: number): Promise<AlertRule | undefined>;
  listRules(projectId: number): Promise<AlertRule[]>;

  /** Pending deliveries due by `now`, leased for `leaseMs` (other senders skip them meanwhile). */
  claimDue(now: number, limit: number, leaseMs: number): Promise<Delivery[]>;
  /** Pending rows sharing a digest group, due or not. */
  listGroup(groupKey: string): Promise<Delivery[]>;
  markSent(ids: number[], at: number): Promise<void>;
  markRetry(ids: number[], error: string, nextAttemptAt: number): Promise<void>;
  markFailed(ids: number[], error: string): Promise<void>;
  markCapped(ids: number[], at: number): Promise<void>;
  /** Messages sent since `since` (a digest group or a summary counts once). */
  countMessagesSince(since: number): Promise<number>;
  /** Capped rows held back before `before`, oldest first. */
  listCapped(before: number, limit: number): Promise<Delivery[]>;
  /** Adds an overflow summary row and marks the rows it covers summarized, in one transaction. */
  summarize(ids: number[], summary: { channel: AlertChannel; facts: AlertFacts; at: number }): Promise<void>;
  /** Newest deliveries of a project, for the UI and API. */
  listDeliveries(projectId: number, limit: number): Promise<Delivery[]>;
  /** Deletes window counters older than `before` (minutes since the epoch × 60 000). */
  pruneCounters(before: number): Promise<void>;
}
