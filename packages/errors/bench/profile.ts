/// <reference types="node" />
/**
 * Profiles one benchmark server under load: runs servers.ts with --cpu-prof in a child, drives it with
 * autocannon for 4 s, and leaves the .cpuprofile in the given directory (open it in Chrome DevTools).
 *
 * @example
 * npx tsx --conditions=@faultline/source packages/errors/bench/profile.ts hono faultline /tmp/prof
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const [framework, variant, dir] = process.argv.slice(2);
const child = fork(fileURLToPath(new URL('./servers.ts', import.meta.url)), [framework!, variant!], {
  execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${dir}`],
});
const port = await new Promise<number>((r) => child.once('message', (m) => r((m as { port: number }).port)));
await autocannon({ url: `http://127.0.0.1:${port}/missing`, connections: 10, duration: 4 });
child.send('exit');
await new Promise((r) => child.once('exit', r));
