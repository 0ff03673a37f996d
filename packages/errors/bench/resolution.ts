// Part (a): Faultline's handler resolution against the instanceof chain a user would write by hand
// for the same dispatch: an error five classes deep, raised under three nested blueprints, handled by
// an application-level handler for its base class (the longest walk: every scope, every class).
import { createErrorApp, type ErrorHandler, findErrorHandler } from '../src/index.js';

class Level1 extends Error {}
class Level2 extends Level1 {}
class Level3 extends Level2 {}
class Level4 extends Level3 {}
class Level5 extends Level4 {}
// Unrelated handlers in every scope, so each scope's map is searched, not skipped as empty.
class OtherA extends Error {}
class OtherB extends Error {}

const handled: ErrorHandler = () => 'handled';
const other: ErrorHandler = () => 'other';

function setUp() {
  const app = createErrorApp();
  const outer = app.blueprint('outer');
  const middle = outer.blueprint('middle');
  const inner = middle.blueprint('inner');
  for (const scope of [inner, middle, outer, app]) scope.register(OtherA, other).register(OtherB, other);
  app.register(Level1, handled);
  return inner;
}

// The same decisions in the same order: innermost scope first, each scope's classes, then the app.
function byHand(error: unknown): ErrorHandler | undefined {
  if (error instanceof OtherA) return other; // inner
  if (error instanceof OtherB) return other;
  if (error instanceof OtherA) return other; // middle
  if (error instanceof OtherB) return other;
  if (error instanceof OtherA) return other; // outer
  if (error instanceof OtherB) return other;
  if (error instanceof OtherA) return other; // app
  if (error instanceof OtherB) return other;
  if (error instanceof Level1) return handled;
  return undefined;
}

function timeNs(fn: () => unknown, iterations: number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) if (fn() !== undefined) sink++;
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  if (sink !== iterations) throw new Error('dispatch lost the handler');
  return ns;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Result of part (a), in ns per dispatch (median of alternating rounds). */
export interface ResolutionResult {
  faultlineNs: number;
  byHandNs: number;
  ratio: number;
}

/** Measures part (a). */
export function benchResolution(iterations = 1_000_000, rounds = 7): ResolutionResult {
  const inner = setUp();
  const error = new Level5('deep');
  if (findErrorHandler(error, inner) !== handled || byHand(error) !== handled)
    throw new Error('setup is wrong');
  const faultline = () => findErrorHandler(error, inner);
  const hand = () => byHand(error);
  timeNs(faultline, iterations); // warm both paths up before measuring
  timeNs(hand, iterations);
  const f: number[] = [];
  const h: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always gets the warmer CPU.
    if (round % 2 === 0) {
      f.push(timeNs(faultline, iterations));
      h.push(timeNs(hand, iterations));
    } else {
      h.push(timeNs(hand, iterations));
      f.push(timeNs(faultline, iterations));
    }
  }
  const faultlineNs = median(f);
  const byHandNs = median(h);
  return { faultlineNs, byHandNs, ratio: faultlineNs / byHandNs };
}
