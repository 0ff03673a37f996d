import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyServerOptions } from 'fastify';

type TrustFn = (address: string, hop: number) => boolean;

/**
 * The client address ingest records, as Fastify's `request.ip` computes it for the same trustProxy
 * option (its getTrustProxyFn and proxy-addr): requests served without Fastify must record the
 * same address as those it serves.
 */
export function clientIpResolver(
  trustProxy: FastifyServerOptions['trustProxy'],
): (req: IncomingMessage) => string | undefined {
  if (!trustProxy) return (req) => req.socket?.remoteAddress;
  const trust = trustFunction(trustProxy);
  return (req) => proxyAddr(req, trust);
}

function trustFunction(trustProxy: NonNullable<FastifyServerOptions['trustProxy']>): TrustFn {
  if (typeof trustProxy === 'function') return trustProxy;
  if (trustProxy === true) return () => true;
  // Fastify fails closed on a bare hop count: the immediate peer cannot be validated.
  if (typeof trustProxy === 'number') return () => false;
  if (typeof trustProxy === 'string') return proxyAddr.compile(trustProxy.split(',').map((v) => v.trim()));
  if (Array.isArray(trustProxy)) return proxyAddr.compile(trustProxy);
  return () => false;
}
