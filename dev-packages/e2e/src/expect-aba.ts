import { expect } from 'vitest';
import { framesOf, functionNames } from './event-shape.js';
import type { Harness } from './harness.js';

/** What a client's A, B, A run should leave in the tracker. */
export interface AbaExpectation {
  /** Exception types of A and B as the client reports them. */
  types: [string, string];
  /** A function of A's and of B's stack that must survive into the stored frames. */
  functions: [string, string];
}

/**
 * Checks the tracker state after a client sent errors A, B, A (their event ids in that order):
 * every event stored with its stack trace, A's two events in one issue counted twice, B alone in
 * a second issue, titles naming the exception types, and nothing else in the project.
 */
export async function expectAbaStored(
  harness: Harness,
  ids: string[],
  expected: AbaExpectation,
): Promise<void> {
  expect(ids).toHaveLength(3);
  const [a1, b, a2] = await harness.waitForEvents(ids);
  for (const [event, type, fn] of [
    [a1!, expected.types[0], expected.functions[0]],
    [b!, expected.types[1], expected.functions[1]],
    [a2!, expected.types[0], expected.functions[0]],
  ] as const) {
    expect(framesOf(event.data).length, `frames of ${event.eventId}`).toBeGreaterThan(0);
    expect(functionNames(event.data).join(' ')).toContain(fn);
    expect(JSON.stringify(event.data.exception)).toContain(type);
  }
  expect(a1!.issueId).toBe(a2!.issueId);
  expect(b!.issueId).not.toBe(a1!.issueId);
  const issues = await harness.waitForIssues(2);
  expect(issues).toHaveLength(2);
  const counts = Object.fromEntries(issues.map((issue) => [issue.id, issue.eventCount]));
  expect(counts).toEqual({ [a1!.issueId]: 2, [b!.issueId]: 1 });
  // Titles name the exception type, as a reader of the issue list expects.
  const titles = Object.fromEntries(issues.map((issue) => [issue.id, issue.title]));
  expect(titles[a1!.issueId]).toContain(expected.types[0]);
  expect(titles[b!.issueId]).toContain(expected.types[1]);
}
