import { fileURLToPath } from 'node:url';
import { printedEventIds, runProcess } from './run-process.js';

/** Absolute path of a client script in dev-packages/e2e/clients/. */
export function clientScript(file: string): string {
  return fileURLToPath(new URL(`../clients/${file}`, import.meta.url));
}

/** How each out-of-process client is started; Debian's interpreters, never a pyenv or rbenv shim. */
export const CLIENT_COMMANDS = {
  sentryNode: [process.execPath, clientScript('sentry-node.mjs')],
  ravenNode: [process.execPath, clientScript('raven-node.mjs')],
  pythonFlask: ['/usr/bin/python3', clientScript('python_flask_app.py')],
  sentryRuby: ['/usr/bin/ruby', clientScript('sentry_ruby.rb')],
  sentryRaven: ['/usr/bin/ruby', clientScript('sentry_raven.rb')],
} as const;

/**
 * Runs one client process against a DSN (bounded; it must flush and exit 0) and returns the event
 * ids it printed, in the order A, B, A.
 */
export async function runClient(
  client: keyof typeof CLIENT_COMMANDS,
  dsn: string,
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<string[]> {
  const [command, ...args] = CLIENT_COMMANDS[client];
  const env = { ...options.env, E2E_DSN: dsn };
  const result = await runProcess(command, args, { env, timeoutMs: options.timeoutMs ?? 30_000 });
  return printedEventIds(result.stdout);
}
