// The Express app of the throughput benchmark: one JSON route on the no-error path, with
// @faultline/errors, and the SDK attached when WITH_SDK=1.
import { faultline } from '@faultline/errors/express';
import { createReporter } from '@faultline/sdk';
import express from 'express';

const app = express();
faultline(app);
app.get('/hello', (_req, res) => {
  res.json({ hello: 'world', at: 1 });
});
// CPU time of this process, read before and after a load run: on a shared machine CPU per request
// is a steadier measure than requests/s.
app.get('/__cpu', (_req, res) => {
  const { user, system } = process.cpuUsage();
  res.json({ us: user + system });
});
if (process.env.WITH_SDK === '1') {
  createReporter({
    // Everything on by default, as an application would run it; the switches are for experiments.
    includeLocalVariables: process.env.LOCALS !== '0',
    requestScopes: process.env.SCOPES !== '0',
    dsn: 'http://k@127.0.0.1:9/1',
    send: async () => ({ status: 200, retryAfter: null, rateLimits: null }),
  }).attach(app);
}
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`);
});
