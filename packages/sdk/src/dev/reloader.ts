import { type ChildProcess, spawn } from 'node:child_process';

/** Set in the process that actually serves, so `run()` there serves instead of spawning again. */
export const RUN_MAIN_ENV = 'FAULTLINE_RUN_MAIN';

/*
 * Why `node --watch` and not our own fs.watch supervisor. Node's watch mode already knows the exact
 * module graph (it tracks every file the child requires or imports, including files loaded through a
 * loader such as tsx), restarts the child on change, and works with every loader flag because we pass
 * execArgv through unchanged. A hand-written supervisor would have to guess which files to watch
 * (Werkzeug polls sys.modules for this) and would miss that graph. The cost: the port is released
 * and bound again on each restart (Werkzeug passes the socket down), a gap of a few milliseconds in
 * development.
 */

/** Whether this process is the one that should serve (not the reloader's parent). */
export function isServingProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  // Node's watch mode strips --watch from its child's execArgv and sets WATCH_REPORT_DEPENDENCIES
  // there instead: that is how a script started with `node --watch` by hand is recognised.
  return env[RUN_MAIN_ENV] === 'true' || env.WATCH_REPORT_DEPENDENCIES === '1';
}

/** The arguments that re-run this script under `node --watch`, keeping loader flags (tsx, --import). */
export function watchArgs(
  execArgv: readonly string[] = process.execArgv,
  argv: readonly string[] = process.argv,
): string[] {
  const script = argv[1];
  if (script === undefined) throw new Error('The reloader needs an entry script (process.argv[1]).');
  return [...execArgv, '--watch', script, ...argv.slice(2)];
}

/**
 * Spawns this script again under `node --watch` with RUN_MAIN set; that child serves and restarts
 * whenever a file it loaded changes. The parent only supervises: when it exits, the child goes too.
 */
export function spawnReloader(): ChildProcess {
  const child = spawn(process.execPath, watchArgs(), {
    env: { ...process.env, [RUN_MAIN_ENV]: 'true' },
    stdio: 'inherit',
  });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  child.once('exit', (code) => {
    process.off('exit', stop);
    process.exitCode = code ?? 0;
  });
  return child;
}
