// The ceiling: a bare node:http server that reads the same bodies and answers 200 with an id, doing
// none of Faultline's work. Faultline's figures are printed as ratios to this one, run side by side.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"id":"${randomBytes(16).toString('hex')}"}`);
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') process.send?.({ port: addr.port });
});
