import { describe, expect, it } from 'vitest';
import { trustProxyOption } from './app.js';

describe('trustProxyOption', () => {
  it('maps the setting onto Fastify: none, all, a hop count, or addresses', () => {
    expect(trustProxyOption('')).toBe(false);
    expect(trustProxyOption('false')).toBe(false);
    expect(trustProxyOption('true')).toBe(true);
    expect(trustProxyOption('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8, 127.0.0.1');
    const hops = trustProxyOption('2') as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => hops('10.0.0.1', hop))).toEqual([true, true, false]);
  });
});
