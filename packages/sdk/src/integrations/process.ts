import { inspect } from 'node:util';
import type { Client } from '../client/client.js';
import { getCurrentScope } from '../client/hub.js';

type RejectionMode = 'throw' | 'strict' | 'warn' | 'none' | 'warn-with-error-code';

/** Node's --unhandled-rejections mode, from the command line or NODE_OPTIONS (default `throw`). */
export function unhandledRejectionMode(
  execArgv: string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): RejectionMode {
  // NODE_OPTIONS is read first and the command line after it, so the last flag wins.
  const all = [...nodeOptions.split(/\s+/), ...execArgv];
  for (const arg of all.reverse()) {
    const m = /^--unhandled-rejections=(\S+)$/.exec(arg);
    if (m) return m[1] as RejectionMode;
  }
  return 'throw';
}

/**
 * Reports uncaught exceptions and unhandled rejections, then behaves as Node would have without
 * the SDK's listeners: an uncaught exception (or, in `throw`/`strict` mode, a rejection) prints the
 * error and exits with code 1 after the event is flushed, unless the application has listeners
 * of its own, in which case the decision is theirs. Returns the uninstall function.
 */
export function installProcessHandlers(
  client: Client,
  exit: (code: number) => void = (c) => process.exit(c),
): () => void {
  const timeout = client.options.shutdownTimeoutMs;
  let exiting = false;

  const die = (error: unknown) => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`${inspect(error)}\n\nNode.js ${process.version}\n`);
    client.flush(timeout).finally(() => exit(1));
  };

  const onUncaught = (error: unknown) => {
    client.captureException(
      error,
      { mechanism: { type: 'onuncaughtexception', handled: false }, event: { level: 'fatal' } },
      getCurrentScope(),
    );
    if (process.listenerCount('uncaughtException') === 1) die(error);
  };

  const onRejection = (reason: unknown) => {
    client.captureException(
      reason,
      { mechanism: { type: 'onunhandledrejection', handled: false } },
      getCurrentScope(),
    );
    const mode = unhandledRejectionMode();
    const othersListen = process.listenerCount('unhandledRejection') > 1;
    if (mode === 'strict' || (mode === 'throw' && !othersListen)) die(reason);
    else if (mode === 'warn' || mode === 'warn-with-error-code') {
      process.stderr.write(`(node:${process.pid}) UnhandledPromiseRejectionWarning: ${inspect(reason)}\n`);
      if (mode === 'warn-with-error-code') process.exitCode = 1;
    }
  };

  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onRejection);
  };
}
