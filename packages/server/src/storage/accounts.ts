// Projects, DSN keys, users, membership and API tokens: small tables, plain Kysely.
import { randomBytes } from 'node:crypto';
import { toApiToken, toProject, toProjectKey, toUser } from './codec.js';
import { conflictAs, StorageError } from './errors.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';
import type { ApiToken, Project, ProjectKey, User } from './types.js';

type C = Ctx<Database>;

function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return s || 'project';
}

/** Renames a project; its slug stays, so links and scripts that use it keep working. */
export async function updateProject(c: C, id: number, input: { name?: string }): Promise<void> {
  if (input.name === undefined) return;
  await c.db.updateTable('projects').set({ name: input.name }).where('id', '=', id).execute();
}

/** Creates a project; a taken slug gets a numeric suffix (-2, -3, …). */
export async function createProject(c: C, input: { name: string; slug?: string }): Promise<Project> {
  const base = slugify(input.slug ?? input.name);
  const taken = new Set(
    (
      await c.db
        .selectFrom('projects')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  const row = await c.db
    .insertInto('projects')
    .values({ name: input.name, slug, created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProject(row);
}

export async function getProject(c: C, id: number): Promise<Project | undefined> {
  const row = await c.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toProject(row);
}

export async function listProjects(c: C): Promise<Project[]> {
  return (await c.db.selectFrom('projects').selectAll().orderBy('id').execute()).map(toProject);
}

export async function createProjectKey(
  c: C,
  projectId: number,
  input?: { label?: string; rateLimitPerMinute?: number | null },
): Promise<ProjectKey> {
  if (!(await getProject(c, projectId))) {
    throw new StorageError('FL_STORAGE_NOT_FOUND', `project ${projectId} does not exist`);
  }
  const row = await c.db
    .insertInto('project_keys')
    .values({
      project_id: projectId,
      public_key: randomBytes(16).toString('hex'),
      label: input?.label ?? 'Default',
      rate_limit_per_minute: input?.rateLimitPerMinute ?? null,
      revoked_at: null,
      created_at: Date.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProjectKey(row);
}

export async function listProjectKeys(c: C, projectId: number): Promise<ProjectKey[]> {
  const rows = await c.db
    .selectFrom('project_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  return rows.map(toProjectKey);
}

export async function findProjectKey(c: C, publicKey: string): Promise<ProjectKey | undefined> {
  const row = await c.db
    .selectFrom('project_keys')
    .selectAll()
    .where('public_key', '=', publicKey)
    .executeTakeFirst();
  return row && toProjectKey(row);
}

export async function revokeProjectKey(c: C, keyId: number): Promise<void> {
  // coalesce keeps the first revocation time when revoked twice.
  await c.db
    .updateTable('project_keys')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(Date.now())) }))
    .where('id', '=', keyId)
    .execute();
}

export async function updateProjectKey(
  c: C,
  keyId: number,
  input: { label?: string; rateLimitPerMinute?: number | null },
): Promise<void> {
  const set: { label?: string; rate_limit_per_minute?: number | null } = {};
  if (input.label !== undefined) set.label = input.label;
  if (input.rateLimitPerMinute !== undefined) set.rate_limit_per_minute = input.rateLimitPerMinute;
  if (Object.keys(set).length === 0) return;
  await c.db.updateTable('project_keys').set(set).where('id', '=', keyId).execute();
}

export async function createUser(
  c: C,
  input: { email: string; passwordHash: string; isAdmin: boolean },
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  // The unique index decides: two concurrent sign-ups cannot both pass a read-then-insert check.
  const row = await conflictAs('a user with this email exists', () =>
    c.db
      .insertInto('users')
      .values({
        email,
        password_hash: input.passwordHash,
        is_admin: input.isAdmin ? 1 : 0,
        created_at: Date.now(),
        disabled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return toUser(row);
}

export async function getUser(c: C, id: number): Promise<User | undefined> {
  const row = await c.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** Emails are stored lower-cased, so lookups ignore case. */
export async function findUserByEmail(c: C, email: string): Promise<User | undefined> {
  const row = await c.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(c: C): Promise<User[]> {
  return (await c.db.selectFrom('users').selectAll().orderBy('id').execute()).map(toUser);
}

export async function countUsers(c: C): Promise<number> {
  const row = await c.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUser(
  c: C,
  id: number,
  input: { passwordHash?: string; isAdmin?: boolean; disabledAt?: number | null },
): Promise<void> {
  const set: { password_hash?: string; is_admin?: number; disabled_at?: number | null } = {};
  if (input.passwordHash !== undefined) set.password_hash = input.passwordHash;
  if (input.isAdmin !== undefined) set.is_admin = input.isAdmin ? 1 : 0;
  if (input.disabledAt !== undefined) set.disabled_at = input.disabledAt;
  if (Object.keys(set).length === 0) return;
  await c.db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Idempotent: adding a member twice keeps one membership. */
export async function addProjectMember(c: C, projectId: number, userId: number): Promise<void> {
  await c.db
    .insertInto('project_members')
    .values({ project_id: projectId, user_id: userId, created_at: Date.now() })
    .onConflict((oc) => oc.columns(['project_id', 'user_id']).doNothing())
    .execute();
}

export async function removeProjectMember(c: C, projectId: number, userId: number): Promise<void> {
  await c.db
    .deleteFrom('project_members')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .execute();
}

export async function listProjectMembers(c: C, projectId: number): Promise<User[]> {
  const rows = await c.db
    .selectFrom('project_members as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .selectAll('users')
    .where('m.project_id', '=', projectId)
    .orderBy('users.id')
    .execute();
  return rows.map(toUser);
}

export async function listProjectsForUser(c: C, userId: number): Promise<Project[]> {
  const rows = await c.db
    .selectFrom('project_members as m')
    .innerJoin('projects', 'projects.id', 'm.project_id')
    .selectAll('projects')
    .where('m.user_id', '=', userId)
    .orderBy('projects.id')
    .execute();
  return rows.map(toProject);
}

export async function createApiToken(
  c: C,
  input: { userId: number; label: string; tokenHash: string; prefix: string },
): Promise<ApiToken> {
  const row = await conflictAs('an API token with this hash exists', () =>
    c.db
      .insertInto('api_tokens')
      .values({
        user_id: input.userId,
        label: input.label,
        token_hash: input.tokenHash,
        prefix: input.prefix,
        created_at: Date.now(),
        last_used_at: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return toApiToken(row);
}

export async function findApiTokenByHash(c: C, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await c.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && toApiToken(row);
}

export async function listApiTokens(c: C, userId: number): Promise<ApiToken[]> {
  const rows = await c.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map(toApiToken);
}

export async function revokeApiToken(c: C, id: number): Promise<void> {
  await c.db
    .updateTable('api_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(Date.now())) }))
    .where('id', '=', id)
    .execute();
}

export async function touchApiToken(c: C, id: number, at: number): Promise<void> {
  await c.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
