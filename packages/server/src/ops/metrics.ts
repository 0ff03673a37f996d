import type { RejectReason } from '../ingest/ingest-errors.js';

/** In-memory counters behind GET /metrics; gauges are read from storage at scrape time. */
export class Metrics {
  eventsAccepted = 0;
  eventsDigested = 0;
  issuesCreated = 0;
  queueCommits = 0;
  readonly rejected = new Map<RejectReason, number>();

  reject(reason: RejectReason): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }

  /** Prometheus text exposition format, version 0.0.4. */
  render(gauges: { queueDepth: number; digestLagSeconds: number }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: Array<[string, number]>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('faultline_events_accepted_total', 'counter', 'Events accepted durably by ingest.', [
      ['', this.eventsAccepted],
    ]);
    metric(
      'faultline_events_rejected_total',
      'counter',
      'Requests rejected by ingest, by reason.',
      [...this.rejected].map(([reason, n]) => [`{reason="${reason}"}`, n]),
    );
    metric('faultline_queue_commits_total', 'counter', 'Group commits of the ingest queue.', [
      ['', this.queueCommits],
    ]);
    metric('faultline_queue_depth', 'gauge', 'Events waiting for digest.', [['', gauges.queueDepth]]);
    metric('faultline_digest_lag_seconds', 'gauge', 'Age of the oldest queued event.', [
      ['', gauges.digestLagSeconds],
    ]);
    metric('faultline_events_digested_total', 'counter', 'Events digested into issues.', [
      ['', this.eventsDigested],
    ]);
    metric('faultline_issues_created_total', 'counter', 'Issues created by digest.', [
      ['', this.issuesCreated],
    ]);
    return `${lines.join('\n')}\n`;
  }
}
