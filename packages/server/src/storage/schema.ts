// Row types of the tables as Kysely sees them. Timestamps are epoch ms in integer columns
// (INTEGER / bigint) on both backends; booleans are 0/1 integers so one query text serves both;
// JSON is text (both backends read it back as a string we parse, nothing queries inside it).
import type { Generated } from 'kysely';

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  slug: string;
  created_at: number;
}

export interface ProjectKeysTable {
  id: Generated<number>;
  project_id: number;
  public_key: string;
  label: string;
  rate_limit_per_minute: number | null;
  revoked_at: number | null;
  created_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  is_admin: number;
  created_at: number;
  disabled_at: number | null;
}

export interface ProjectMembersTable {
  project_id: number;
  user_id: number;
  created_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  label: string;
  token_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/**
 * SQLite files only, one row, created by sqlite/file-queue.ts: every row of the queue file with an
 * id up to last_id is digested.
 */
export interface QueueWatermarkTable {
  id: number;
  last_id: number;
}

export interface QueueTable {
  id: Generated<number>;
  project_id: number;
  event_id: string;
  received_at: number;
  payload: Uint8Array;
  meta: string | null;
  attempts: Generated<number>;
  /** Epoch ms until which a digest process holds the row; 0 when unclaimed. */
  lease_until: Generated<number>;
}

export interface IssuesTable {
  id: Generated<number>;
  project_id: number;
  grouping_version: number;
  grouping_hash: string;
  grouping_key: string;
  grouping_components: string;
  title: string;
  culprit: string;
  level: string;
  status: string;
  is_regression: number;
  first_seen: number;
  last_seen: number;
  event_count: number;
  user_count: number;
  status_details: string | null;
  resolved_at: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  project_id: number;
  issue_id: number;
  event_id: string;
  timestamp: number;
  received_at: number;
  level: string;
  title: string;
  environment: string | null;
  release: string | null;
  /** The normalized event JSON, brotli (quality 0 since 2026-11; any quality reads alike). */
  payload: Uint8Array;
}

export interface IssueTagValuesTable {
  issue_id: number;
  key: string;
  value: string;
  count: number;
  first_seen: number;
  last_seen: number;
}

export interface IssueUsersTable {
  issue_id: number;
  user_key: string;
}

export interface IssueHourlyCountsTable {
  issue_id: number;
  hour: number;
  count: number;
}

export interface Database {
  projects: ProjectsTable;
  project_keys: ProjectKeysTable;
  users: UsersTable;
  project_members: ProjectMembersTable;
  api_tokens: ApiTokensTable;
  queue: QueueTable;
  queue_watermark: QueueWatermarkTable;
  issues: IssuesTable;
  events: EventsTable;
  issue_tag_values: IssueTagValuesTable;
  issue_users: IssueUsersTable;
  issue_hourly_counts: IssueHourlyCountsTable;
}
