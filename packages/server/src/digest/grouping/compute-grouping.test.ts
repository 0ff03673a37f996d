import { normalizeEvent, type SentryEvent } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { computeGrouping, GROUPING_VERSION } from './compute-grouping.js';
import { clone, fixtureEvents } from './test-events.js';

const events = fixtureEvents();
const get = (name: string): SentryEvent => {
  const e = events.get(name);
  if (!e) throw new Error(`no fixture ${name}`);
  return clone(e);
};
const hash = (name: string) => computeGrouping(get(name)).hash;
const make = (raw: Record<string, unknown>) => normalizeEvent(raw, { receivedAt: Date.now() });

describe('grouping the captured events', () => {
  it('puts the same error from the same code together across SDK configurations', () => {
    expect(hash('sentry-node/02')).toBe(hash('sentry-node-localvars/02'));
    expect(hash('sentry-node/02')).toBe(hash('sentry-node-tracing/02'));
    expect(hash('sentry-node/09')).toBe(hash('sentry-node-localvars/09'));
    expect(hash('python-sentry-sdk/01')).toBe(hash('python-sentry-sdk/02'));
    expect(hash('python-sentry-sdk/01')).toBe(hash('python-sentry-sdk-tracing/03'));
    expect(hash('sentry-node/03')).toBe(hash('sentry-node-tracing/03'));
  });

  it('separates different errors and different call paths', () => {
    const distinct = [
      'sentry-node/02', // captureException through main()
      'sentry-node/03', // captureMessage
      'sentry-node/06', // same throw, reached from an Express route
      'sentry-node/07', // unhandled rejection
      'python-sentry-sdk/01', // Flask route
      'python-sentry-sdk/03', // capture_message
      'python-sentry-sdk/04', // same ZeroDivisionError from module level
      'raven-node/01',
      'raven-node/02',
      'sentry-browser/03',
      'sentry-browser/04',
      'sentry-browser/07',
    ];
    const hashes = distinct.map(hash);
    expect(new Set(hashes).size).toBe(distinct.length);
  });

  it('groups Python on in-app frames only (Flask frames in dist-packages do not count)', () => {
    const g = computeGrouping(get('python-sentry-sdk/01'));
    expect(g.components.strategy).toBe('exception');
    expect(g.components.variant).toBe('app');
    expect(g.components.exceptions?.[0]?.type).toBe('ZeroDivisionError');
    expect(g.components.exceptions?.[0]?.frames).toEqual([
      '__main__ checkout «return str(level1(f"flask-user-{order_id}"))»',
      '__main__ level1 «return level2(cart)»',
      '__main__ level2 «return level3(cart["total"], cart["items"] - 3)»',
      '__main__ level3 «ratio = amount / divisor»',
    ]);
    expect(g.title).toBe('ZeroDivisionError: float division by zero');
    expect(g.culprit).toBe('checkout');
    expect(g.version).toBe(GROUPING_VERSION);
    expect(g.key).toBe(g.components.values.join(' ⋄ '));
    expect(g.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats @sentry/node and browser captureMessage as message events', () => {
    for (const name of ['sentry-node/03', 'sentry-browser/04']) {
      const g = computeGrouping(get(name));
      expect(g.components.strategy, name).toBe('message');
      expect(g.components.values).toEqual([`message: ${get(name).logentry?.formatted}`]);
    }
    expect(computeGrouping(get('sentry-node/03')).title).toBe('Something noteworthy happened');
    // The named function, not the anonymous withScope callback below it.
    expect(computeGrouping(get('sentry-node/03')).culprit).toBe('main(/srv/depcheck/sentry/sentry-node.js)');
  });

  it('falls back to type + normalized value when minified browser frames carry nothing', () => {
    const a = computeGrouping(get('sentry-browser/06'));
    const b = computeGrouping(get('sentry-browser/08'));
    expect(a.components.exceptions).toEqual([
      { type: 'TypeError', value: 'Cannot checkout order ord-<int> (total <int>)' },
    ]);
    expect(a.hash).toBe(b.hash);
  });

  it('ignores line and column changes (code moved within the file)', () => {
    const moved = get('sentry-node/02');
    for (const frame of moved.exception!.values[0]!.stacktrace!.frames) {
      frame.lineno = (frame.lineno ?? 0) + 40;
      frame.colno = (frame.colno ?? 0) + 3;
      for (const key of ['pre_context', 'post_context'] as const) delete frame[key];
    }
    expect(computeGrouping(moved).hash).toBe(hash('sentry-node/02'));
  });

  it('ignores the exception value when frames contribute', () => {
    const other = get('sentry-node/02');
    other.exception!.values[0]!.value = 'a completely different message';
    expect(computeGrouping(other).hash).toBe(hash('sentry-node/02'));
  });

  it('ignores system frames while in-app frames contribute', () => {
    const more = get('sentry-node/02');
    more.exception!.values[0]!.stacktrace!.frames.unshift({
      filename: '/app/node_modules/express/lib/router.js',
      module: 'express.lib:router',
      function: 'handle',
      in_app: false,
    });
    expect(computeGrouping(more).hash).toBe(hash('sentry-node/02'));
  });
});

describe('grouping strategies on hand-made events', () => {
  it('groups message templates with different values together', () => {
    const a = make({ logentry: { message: 'Could not connect to %s after %d tries', params: ['db1', 3] } });
    const b = make({ logentry: { message: 'Could not connect to %s after %d tries', params: ['db2', 5] } });
    const c = make({ message: 'Could not connect to 10.0.0.1 after 3 tries' });
    const d = make({ message: 'Could not connect to 10.0.0.2 after 12 tries' });
    expect(computeGrouping(a).hash).toBe(computeGrouping(b).hash);
    expect(computeGrouping(c).hash).toBe(computeGrouping(d).hash);
    expect(computeGrouping(a).title).toBe('Could not connect to db1 after 3 tries');
    expect(computeGrouping(c).hash).not.toBe(
      computeGrouping(make({ message: 'Disk full on 10.0.0.1' })).hash,
    );
  });

  it('groups exceptions without frames on type + normalized value', () => {
    const a = make({ exception: [{ type: 'KeyError', value: "'user_123'" }] });
    const b = make({ exception: [{ type: 'KeyError', value: "'user_456'" }] });
    const c = make({ exception: [{ type: 'ValueError', value: "'user_123'" }] });
    expect(computeGrouping(a).components.exceptions).toEqual([{ type: 'KeyError', value: "'user_<int>'" }]);
    expect(computeGrouping(a).hash).toBe(computeGrouping(b).hash);
    expect(computeGrouping(a).hash).not.toBe(computeGrouping(c).hash);
  });

  it('includes every chained exception', () => {
    const frames = [{ function: 'handler', module: 'app', in_app: true }];
    const cause = { type: 'TypeError', value: 'x', stacktrace: { frames } };
    const top = { type: 'Error', value: 'y', stacktrace: { frames } };
    const chained = computeGrouping(make({ platform: 'node', exception: { values: [cause, top] } }));
    expect(chained.components.exceptions?.map((e) => e.type)).toEqual(['TypeError', 'Error']);
    expect(chained.hash).not.toBe(
      computeGrouping(make({ platform: 'node', exception: { values: [top] } })).hash,
    );
    expect(chained.title).toBe('Error: y');
  });

  it('filters exception groups: identical members count once, different ones each plus the group', () => {
    const frames = [{ function: 'task', module: 'jobs', in_app: true }];
    const member = (id: number, type: string, value: string) => ({
      type,
      value,
      stacktrace: { frames },
      mechanism: { type: 'chained', exception_id: id, parent_id: 0 },
    });
    const group = {
      type: 'ExceptionGroup',
      value: 'several',
      mechanism: { type: 'generic', exception_id: 0, is_exception_group: true },
    };
    const sameTwice = computeGrouping(make({ exception: [member(1, 'E', 'x'), member(2, 'E', 'x'), group] }));
    const sameThrice = computeGrouping(
      make({ exception: [member(1, 'E', 'x'), member(2, 'E', 'x'), member(3, 'E', 'x'), group] }),
    );
    const single = computeGrouping(make({ exception: [member(1, 'E', 'x'), group] }));
    expect(sameTwice.components.exceptions?.map((e) => e.type)).toEqual(['E']);
    expect(sameTwice.hash).toBe(sameThrice.hash);
    expect(sameTwice.hash).toBe(single.hash);
    expect(sameTwice.title).toBe('ExceptionGroup: several');
    const mixed = computeGrouping(
      make({ exception: [member(1, 'E', 'x'), member(2, 'F', 'y'), member(3, 'E', 'x'), group] }),
    );
    expect(mixed.components.exceptions?.map((e) => e.type)).toEqual(['E', 'F', 'ExceptionGroup']);
    expect(mixed.title).toBe('ExceptionGroup: several');
  });

  it('uses the crashed thread, then the legacy stack trace, before the message', () => {
    const stack = { frames: [{ module: 'worker', function: 'run' }] };
    const threaded = computeGrouping(
      make({ threads: [{ id: 1, crashed: true, stacktrace: stack }, { id: 2 }] }),
    );
    expect(threaded.components.strategy).toBe('threads');
    expect(threaded.components.frames).toEqual(['worker run']);
    const legacy = computeGrouping(make({ message: 'x 1', stacktrace: stack }));
    expect(legacy.components.strategy).toBe('stacktrace');
    expect(legacy.components.variant).toBe('system');
    expect(legacy.title).toBe('x 1');
  });

  it('applies the recursion rule', () => {
    const frame = { module: 'm', function: 'walk', lineno: 3, in_app: true };
    const once = make({ exception: [{ type: 'RangeError', stacktrace: { frames: [frame] } }] });
    const deep = make({ exception: [{ type: 'RangeError', stacktrace: { frames: [frame, frame, frame] } }] });
    expect(computeGrouping(deep).hash).toBe(computeGrouping(once).hash);
  });

  it('titles with the first non-blank line of the value or message', () => {
    const title = (value: string) => computeGrouping(make({ exception: [{ type: 'E', value }] })).title;
    expect(title('\n  \n  first line  \nsecond')).toBe('E: first line');
    expect(title('only')).toBe('E: only');
    expect(title('  \n\t\n')).toBe('E');
    expect(computeGrouping(make({ message: '\n\n  hello\nworld' })).title).toBe('hello');
  });

  it('falls back to one constant key per project for empty events', () => {
    const a = computeGrouping(make({}));
    const b = computeGrouping(make({ level: 'info', tags: { x: '1' } }));
    expect(a.components.strategy).toBe('fallback');
    expect(a.hash).toBe(b.hash);
    expect(a.title).toBe('<untitled>');
  });

  it('honours a custom fingerprint and resolves its variables', () => {
    const base = {
      exception: [{ type: 'DbError', value: 'timeout' }],
      transaction: '/checkout',
      tags: { shard: '7' },
    };
    const g = computeGrouping(
      make({ ...base, fingerprint: ['database', '{{ transaction }}', '{{tags.shard}}', '{{ level }}'] }),
    );
    expect(g.components.fingerprint).toEqual({
      values: ['database', '/checkout', '7', 'error'],
      salted: false,
    });
    expect(g.key).toBe('fingerprint ⋄ database ⋄ /checkout ⋄ 7 ⋄ error');
    const other = computeGrouping(
      make({ exception: [{ type: 'Other' }], fingerprint: ['database', '/checkout', '7', 'error'] }),
    );
    expect(other.hash).toBe(g.hash);
    const missing = computeGrouping(
      make({ fingerprint: ['{{ transaction }}', '{{ type }}', '{{ function }}'] }),
    );
    expect(missing.components.fingerprint?.values).toEqual([
      '<no-transaction>',
      '<no-type>',
      '<no-function>',
    ]);
  });

  it('salts the default grouping with {{ default }}', () => {
    const raw = { exception: [{ type: 'DbError', value: 'timeout' }] };
    const plain = computeGrouping(make(raw));
    expect(computeGrouping(make({ ...raw, fingerprint: ['{{ default }}'] })).hash).toBe(plain.hash);
    expect(computeGrouping(make({ ...raw, fingerprint: ['{{default}}'] })).hash).toBe(plain.hash);
    const salted = computeGrouping(make({ ...raw, fingerprint: ['{{ default }}', 'eu-west'] }));
    expect(salted.hash).not.toBe(plain.hash);
    expect(salted.components.fingerprint).toEqual({ values: ['{{ default }}', 'eu-west'], salted: true });
    expect(salted.components.values).toEqual([...plain.components.values, 'fingerprint: eu-west']);
    const otherSalt = computeGrouping(make({ ...raw, fingerprint: ['{{ default }}', 'us-east'] }));
    expect(otherSalt.hash).not.toBe(salted.hash);
  });

  it('titles synthetic exceptions with the crash function and keeps culprit rules', () => {
    const g = computeGrouping(
      make({
        platform: 'node',
        exception: [
          {
            type: 'Error',
            value: 'Object captured as exception with keys: foo',
            mechanism: { type: 'generic', synthetic: true },
            stacktrace: { frames: [{ filename: '/app/a.js', function: 'Object.doWork', in_app: true }] },
          },
        ],
      }),
    );
    expect(g.title).toBe('doWork: Object captured as exception with keys: foo');
    expect(g.culprit).toBe('doWork(/app/a.js)');
    expect(g.components.exceptions?.[0]?.type).toBeUndefined();
    const py = computeGrouping(
      make({
        platform: 'python',
        exception: [
          { type: 'E', stacktrace: { frames: [{ module: 'app.views', function: 'index', in_app: true }] } },
        ],
      }),
    );
    expect(py.culprit).toBe('app.views in index');
    expect(py.title).toBe('E');
    expect(computeGrouping(make({ request: { url: 'http://x/y' } })).culprit).toBe('http://x/y');
  });
});
