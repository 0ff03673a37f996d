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

/** The counting windows of one issue, JSON by scope (storage/alerts-counters.ts). */
export interface AlertWindowsTable {
  issue_id: number;
  state: string;
  /** Minute of the last update, for pruning. */
  updated_minute: number;
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
  alert_state: AlertStateTable;
  alert_outbox: AlertOutboxTable;
}
