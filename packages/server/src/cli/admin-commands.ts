import { hashPassword } from '../auth/password.js';
import { createApiToken } from '../auth/tokens.js';
import type { Config } from '../config/index.js';
import { ServerError } from '../errors.js';
import { createProjectWithKey } from '../projects/create-project.js';
import { openStorage } from '../storage/index.js';
import type { Storage } from '../storage/types.js';
import { promptSecret } from './prompt.js';

type Print = (line: string) => void;

/** Opens and migrates the configured storage for one command, closing it afterwards. */
export async function withStorage<T>(config: Config, fn: (storage: Storage) => Promise<T>): Promise<T> {
  if (config.databaseUrl.startsWith('sqlite:')) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(config.dataDir, { recursive: true });
  }
  const storage = await openStorage(config.databaseUrl);
  try {
    await storage.migrate();
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

/** `faultline migrate`: applies pending migrations. */
export async function migrateCommand(config: Config, print: Print): Promise<void> {
  await withStorage(config, async (storage) => print(`database migrated (${storage.dialect})`));
}

/** `faultline createuser --email E [--password P] [--admin]`. */
export async function createUserCommand(
  config: Config,
  opts: { email?: string; password?: string; admin: boolean },
  print: Print,
): Promise<void> {
  const email = opts.email?.trim().toLowerCase();
  if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email))
    throw new ServerError('FL_CLI_USAGE', 2, 'createuser needs --email ADDRESS');
  const password = opts.password ?? (await promptSecret(`Password for ${email}: `));
  if (password.length < 8)
    throw new ServerError('FL_CLI_USAGE', 2, 'the password must have at least 8 characters');
  await withStorage(config, async (storage) => {
    if (await storage.findUserByEmail(email))
      throw new ServerError('FL_CLI_USAGE', 2, `a user ${email} already exists`);
    const user = await storage.createUser({
      email,
      passwordHash: await hashPassword(password),
      isAdmin: opts.admin,
    });
    print(`created ${user.isAdmin ? 'administrator' : 'user'} ${user.email} (id ${user.id})`);
  });
}

/** `faultline project create NAME`: prints the new project's DSN. */
export async function createProjectCommand(
  config: Config,
  name: string | undefined,
  print: Print,
): Promise<void> {
  if (name === undefined || name.trim() === '')
    throw new ServerError('FL_CLI_USAGE', 2, 'usage: faultline project create NAME');
  await withStorage(config, async (storage) => {
    const { project, dsn } = await createProjectWithKey(storage, name.trim(), config.publicUrl);
    print(`created project ${project.name} (id ${project.id})`);
    print(`DSN: ${dsn}`);
  });
}

/** `faultline token create --user EMAIL [--label L]`: prints the token once. */
export async function createTokenCommand(
  config: Config,
  opts: { user?: string; label?: string },
  print: Print,
): Promise<void> {
  const email = opts.user?.trim().toLowerCase();
  if (email === undefined || email === '')
    throw new ServerError('FL_CLI_USAGE', 2, 'usage: faultline token create --user EMAIL');
  await withStorage(config, async (storage) => {
    const user = await storage.findUserByEmail(email);
    if (user === undefined)
      throw new ServerError(
        'FL_CLI_USAGE',
        2,
        `no user ${email}; create it with faultline createuser --email ${email}`,
      );
    const { token } = await createApiToken(storage, user, opts.label ?? 'cli');
    print(token);
    print('(shown once: store it now; requests send it as "Authorization: Bearer <token>")');
  });
}
