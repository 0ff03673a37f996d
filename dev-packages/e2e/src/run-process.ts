import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Hard limit; the process is killed with SIGKILL when it runs over. */
  timeoutMs: number;
}

/**
 * Runs a program to completion with a hard timeout and returns its output; rejects when it times
 * out or exits non-zero, with the output in the message so a failing client explains itself.
 */
export function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code, signal, stdout, stderr };
      const describe = `${command} ${args.join(' ')}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
      if (timedOut) reject(new Error(`timed out after ${options.timeoutMs} ms: ${describe}`));
      else if (code !== 0) reject(new Error(`exited with ${code ?? signal}: ${describe}`));
      else resolve(result);
    });
  });
}

/** Event ids a client script printed, one `event_id=<hex>` line each (in the order sent). */
export function printedEventIds(stdout: string): string[] {
  return [...stdout.matchAll(/^event_id=([0-9a-f-]{32,36})$/gm)].map((m) => m[1]!.replaceAll('-', ''));
}
