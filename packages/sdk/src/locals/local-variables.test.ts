import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { framesFromStack } from '../stack/frames.js';
import { LocalVariables } from './local-variables.js';

class Order {
  constructor(
    readonly id: string,
    readonly lines: number[],
  ) {}
}

function level3(amount: number, code: string) {
  const ratio = amount / 0;
  const longText = 'x'.repeat(1000);
  const nested = {
    a: { b: { c: { d: 1 } } },
    when: new Date(0),
    fn: () => 1,
    nothing: null,
    missing: undefined,
  };
  if (amount > 0) {
    const inBlock = 'block-scoped';
    throw new Error(`failed ${code} ${ratio} ${longText.length} ${nested.a.b.c.d} ${inBlock}`);
  }
}

function level2(order: Order) {
  const discount = 'SUMMER';
  level3(
    order.lines.reduce((a, b) => a + b, 0),
    discount,
  );
}

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('LocalVariables', () => {
  const locals = new LocalVariables({ maxStringLength: 20, maxDepth: 2, maxProperties: 10 });
  beforeAll(() => {
    expect(locals.start()).toBe(true);
  });
  afterAll(() => locals.stop());

  it('captures variables of each in-app frame at the throw, within the limits', () => {
    const error = thrown(() => level2(new Order('o-1', [40, 2.5])));
    const captured = locals.take(error)!;
    expect(captured[0]).toMatchObject({ function: 'level3' });
    expect(captured[0]!.vars).toEqual({
      inBlock: 'block-scoped',
      amount: 42.5,
      code: 'SUMMER',
      ratio: '<Infinity>',
      longText: `${'x'.repeat(20)}…`,
      nested: {
        a: { b: '<Object>' },
        when: expect.stringMatching(/^<Thu Jan 01 1970/),
        nothing: null,
        missing: '<undefined>',
      },
    });
    expect(captured[1]).toMatchObject({
      function: 'level2',
      vars: { order: { id: 'o-1', lines: [40, 2.5] }, discount: 'SUMMER' },
    });
  });

  it('puts the variables on the matching frames of the event', () => {
    const error = thrown(() => level2(new Order('o-2', [1])));
    const frames = framesFromStack((error as Error).stack, {}, locals.take(error));
    const byName = Object.fromEntries(frames.map((f) => [f.function, f.vars]));
    expect(byName.level3).toMatchObject({ amount: 1, code: 'SUMMER' });
    expect(byName.level2).toMatchObject({ discount: 'SUMMER' });
  });

  it('keeps the variables of the first throw when an error is rethrown', () => {
    const error = thrown(() => {
      try {
        level2(new Order('first', [3]));
      } catch (e) {
        const rethrowing = 'yes';
        throw rethrowing ? e : e;
      }
    });
    expect(locals.take(error)![0]!.vars).toMatchObject({ amount: 3 });
  });

  it('captures the variables of a frame that throws inside a catch block', () => {
    function wrapping(orderId: string) {
      const attempt = 2;
      try {
        JSON.parse('{');
      } catch (cause) {
        const reason = 'unparsable';
        throw new Error(`order ${orderId}: ${reason} (${attempt})`, { cause });
      }
    }
    const error = thrown(() => wrapping('o-7'));
    expect(locals.take(error)![0]).toMatchObject({
      function: 'wrapping',
      vars: { reason: 'unparsable', orderId: 'o-7', attempt: 2 },
    });
  });

  it('captures promise rejections inside async functions', async () => {
    async function asyncLevel(user: string) {
      await Promise.resolve();
      const step = 'charge';
      throw new Error(`${user} ${step}`);
    }
    const error = await asyncLevel('u-9').catch((e: unknown) => e);
    expect(locals.take(error)![0]).toMatchObject({
      function: 'asyncLevel',
      vars: { user: 'u-9', step: 'charge' },
    });
  });

  it('ignores thrown primitives', () => {
    expect(
      locals.take(
        thrown(() => {
          throw 'just a string';
        }),
      ),
    ).toBeUndefined();
  });
});

describe('LocalVariables rate limit', () => {
  it('stops pausing on caught exceptions when throws exceed maxPausesPerSecond', async () => {
    const locals = new LocalVariables({ maxPausesPerSecond: 5 });
    expect(locals.start()).toBe(true);
    try {
      const early = thrown(() => level2(new Order('early', [1])));
      expect(locals.take(early)).toBeDefined();
      for (let i = 0; i < 20; i++) thrown(() => level2(new Order(`storm-${i}`, [i + 1])));
      // The limiter looks once a second; after that, caught throws are no longer paused on.
      await new Promise((r) => setTimeout(r, 1100));
      const late = thrown(() => level2(new Order('late', [2])));
      expect(locals.take(late)).toBeUndefined();
    } finally {
      locals.stop();
    }
  });
});
