// Row types of the alert tables (migration 0002). Kept apart from schema.ts so the alert feature
// stays in its own files; the storage casts its handle to Database & AlertTables where needed.
import type { Generated } from 'kysely';

export interface AlertRulesTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  trigger: string;
  threshold: number;
  window_minutes: number;
  factor: number;
  baseline_minutes: number;
  filters: string;
  channels: string;
  throttle_minutes: number;
  digest_minutes: number;
  enabled: number;
  created_at: number;
}

/** Fixed-window counts per scope and issue (storage/alerts-counters.ts explains the columns). */
export interface AlertWindowsTable {
  /** `<kind>|<width>|<filters>`; kind n (events), u (users) or e<baseline> (escalation). */
  scope: string;
  issue_id: number;
  /** Window length in minutes. */
  width: number;
  /** Weight of the newest window in the moving average (escalation baselines). */
  alpha: number;
  /** Start minute (minutes since the epoch) of the current window. */
  bucket: number;
  cur: number;
  prev: number;
  /** Moving average of completed windows' counts. */
  avg: number;
  /** Completed windows seen. */
  seen: number;
}

/** Distinct users by scope, issue and window, for the users trigger. */
export interface AlertUsersTable {
  scope: string;
  issue_id: number;
  bucket: number;
  user_key: string;
}

/** When a rule last alerted about an issue (the throttle). */
export interface AlertStateTable {
  rule_id: number;
  issue_id: number;
  last_alert_at: number;
}

export interface AlertOutboxTable {
  id: Generated<number>;
  rule_id: number | null;
  project_id: number;
  issue_id: number | null;
  channel: string;
  facts: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  group_key: string | null;
  /** 1 when this row's send was a message of its own (the cap counts these). */
  lead: Generated<number>;
  created_at: number;
  sent_at: number | null;
  capped_at: number | null;
}

export interface AlertTables {
  alert_rules: AlertRulesTable;
  alert_windows: AlertWindowsTable;
  alert_users: AlertUsersTable;
  alert_state: AlertStateTable;
  alert_outbox: AlertOutboxTable;
}
