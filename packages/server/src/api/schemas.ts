import * as v from 'valibot';
import { ServerError } from '../errors.js';

const id = v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be a positive integer'), v.transform(Number));
const limit = v.pipe(
  v.string(),
  v.regex(/^\d{1,4}$/, 'must be an integer'),
  v.transform(Number),
  v.minValue(1),
  v.maxValue(100),
);
const status = v.picklist(['unresolved', 'resolved', 'ignored'], 'must be unresolved, resolved or ignored');
const rateLimit = v.nullable(
  v.pipe(
    v.number('must be a number or null'),
    v.integer('must be an integer'),
    v.minValue(1),
    v.maxValue(10_000_000),
  ),
);

export const ProjectParams = v.object({ projectId: id });
export const KeyParams = v.object({ projectId: id, keyId: id });
export const IssueParams = v.object({ issueId: id });
export const EventParams = v.object({
  issueId: id,
  eventId: v.pipe(v.string(), v.regex(/^[0-9a-fA-F-]{32,36}$/, 'must be an event id')),
});
export const ProjectEventParams = v.object({
  projectId: id,
  eventId: v.pipe(v.string(), v.regex(/^[0-9a-fA-F-]{32,36}$/, 'must be an event id')),
});

export const CreateProjectBody = v.object({
  name: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100)),
});
export const CreateKeyBody = v.object({
  label: v.optional(v.pipe(v.string(), v.maxLength(100))),
  rateLimitPerMinute: v.optional(rateLimit),
});
export const UpdateKeyBody = v.strictObject({
  label: v.optional(v.pipe(v.string(), v.maxLength(100))),
  rateLimitPerMinute: v.optional(rateLimit),
});

export const IssueListQuery = v.object({
  project: v.optional(id),
  status: v.optional(status),
  level: v.optional(v.picklist(['fatal', 'error', 'warning', 'info', 'debug'], 'must be a level')),
  environment: v.optional(v.pipe(v.string(), v.maxLength(200))),
  release: v.optional(v.pipe(v.string(), v.maxLength(200))),
  query: v.optional(v.pipe(v.string(), v.maxLength(200))),
  tag: v.optional(
    v.pipe(
      v.union([v.string(), v.array(v.string())], 'must be key:value'),
      v.transform((t) => (Array.isArray(t) ? t : [t])),
      v.maxLength(10, 'at most 10 tag filters'),
      v.check((tags) => tags.every((t) => /^[^:]{1,200}:.{1,200}$/.test(t)), 'must be key:value'),
    ),
  ),
  sort: v.optional(
    v.picklist(['lastSeen', 'firstSeen', 'events', 'users'], 'must be lastSeen, firstSeen, events or users'),
  ),
  limit: v.optional(limit),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

export const EventListQuery = v.object({
  order: v.optional(v.picklist(['newest', 'oldest'], 'must be newest or oldest')),
  limit: v.optional(limit),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

export const StatusBody = v.strictObject({ status });
export const BulkStatusBody = v.strictObject({
  ids: v.pipe(
    v.array(v.pipe(v.number(), v.integer(), v.minValue(1)), 'must be an array of issue ids'),
    v.minLength(1),
    v.maxLength(1000),
  ),
  status,
});

/** Validates `input` against `schema`, throwing a 400 that names every offending field. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown, where: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input ?? {});
  if (result.success) return result.output;
  const errors = result.issues.map((issue) => {
    const path = v.getDotPath(issue);
    return { field: path === null ? where : `${where}.${path}`, message: issue.message };
  });
  const error = new ServerError(
    'FL_API_INVALID',
    400,
    `invalid ${where}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
  );
  (error as ServerError & { errors?: unknown }).errors = errors;
  throw error;
}
