import os from 'node:os';

let cached: Record<string, Record<string, unknown>> | undefined;
const appStart = new Date(Date.now() - process.uptime() * 1000).toISOString();

/** Runtime, OS, device, app and culture contexts; the static parts are computed once. */
export function defaultContexts(): Record<string, Record<string, unknown>> {
  cached ??= {
    runtime: { name: 'node', version: process.version },
    os: { name: os.type(), version: os.release(), kernel_version: os.version() },
    device: { arch: process.arch, memory_size: os.totalmem(), processor_count: os.cpus().length },
    culture: (() => {
      const o = Intl.DateTimeFormat().resolvedOptions();
      return { locale: o.locale, timezone: o.timeZone };
    })(),
  };
  return {
    ...cached,
    app: { app_start_time: appStart, app_memory: process.memoryUsage.rss() },
  };
}
