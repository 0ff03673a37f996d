import { resolve } from 'node:path';
import { type Config, loadConfig, redactConfig } from '../config/index.js';
import { ServerError } from '../errors.js';
import {
  createProjectCommand,
  createTokenCommand,
  createUserCommand,
  migrateCommand,
} from './admin-commands.js';
import { configFlags, parseCommand, str } from './args.js';
import { sendTestEvent } from './send-test-event.js';

export const USAGE = `usage: faultline <command> [options]

commands:
  serve [--port N] [--host H] [--data-dir D]   run the tracker (ingest, digest, API)
  migrate                                      apply database migrations
  createuser --email E [--password P] [--admin] create a user (prompts for the password)
  project create NAME                          create a project and print its DSN
  token create --user EMAIL [--label L]        create an API token (shown once)
  send-test-event DSN                          send a test error to a DSN
  config                                       print the effective settings

options for every command: --config FILE, --data-dir DIR, --database-url URL`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/** Runs one CLI invocation; resolves to the exit code (serve resolves when the server stops). */
export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    return await dispatch(command, rest, io);
  } catch (error) {
    if (error instanceof ServerError) {
      io.err(`faultline: ${error.message}`);
      return error.code === 'FL_CLI_USAGE' || error.code === 'FL_CONFIG_INVALID' ? 2 : 1;
    }
    io.err(`faultline: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

function configFor(values: Record<string, unknown>): Config {
  return loadConfig({
    flags: configFlags(values),
    ...(typeof values.config === 'string' ? { configPath: values.config } : {}),
  });
}

async function dispatch(command: string | undefined, argv: string[], io: Io): Promise<number> {
  switch (command) {
    case 'serve': {
      const { values } = parseCommand(argv, {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'log-level': { type: 'string' },
      });
      return serve(configFor(values), io);
    }
    case 'migrate': {
      const { values } = parseCommand(argv, {});
      await migrateCommand(configFor(values), io.out);
      return 0;
    }
    case 'createuser': {
      const { values } = parseCommand(argv, {
        email: { type: 'string' },
        password: { type: 'string' },
        admin: { type: 'boolean' },
      });
      await createUserCommand(
        configFor(values),
        { email: str(values.email), password: str(values.password), admin: values.admin === true },
        io.out,
      );
      return 0;
    }
    case 'project': {
      const { values, positionals } = parseCommand(argv, { 'public-url': { type: 'string' } });
      if (positionals[0] !== 'create')
        throw new ServerError('FL_CLI_USAGE', 2, 'usage: faultline project create NAME');
      await createProjectCommand(configFor(values), positionals.slice(1).join(' ') || undefined, io.out);
      return 0;
    }
    case 'token': {
      const { values, positionals } = parseCommand(argv, {
        user: { type: 'string' },
        label: { type: 'string' },
      });
      if (positionals[0] !== 'create')
        throw new ServerError('FL_CLI_USAGE', 2, 'usage: faultline token create --user EMAIL');
      await createTokenCommand(
        configFor(values),
        { user: str(values.user), label: str(values.label) },
        io.out,
      );
      return 0;
    }
    case 'send-test-event': {
      const { positionals } = parseCommand(argv, {});
      return (await sendTestEvent(positionals[0], io.out)) ? 0 : 1;
    }
    case 'config': {
      const { values } = parseCommand(argv, {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
      });
      for (const [name, value] of Object.entries(redactConfig(configFor(values))))
        io.out(`${name} = ${value}`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new ServerError('FL_CLI_USAGE', 2, `unknown command "${command}"\n${USAGE}`);
  }
}

async function serve(config: Config, io: Io): Promise<number> {
  // Loaded on demand: admin commands need neither Fastify nor the digest worker.
  const { startServer } = await import('../server.js');
  const server = await startServer({ config });
  io.out(`faultline listening on ${server.url} (database: ${server.storage.dialect})`);
  if ((await server.storage.countUsers()) === 0) {
    // The flag is only needed when the data dir is not the default one the commands would use.
    const where = config.dataDir === resolve('data') ? '' : ` --data-dir ${config.dataDir}`;
    io.out('');
    io.out('No users yet. Create the first administrator, a project (it prints the DSN) and an API token:');
    io.out(`  faultline createuser --email you@example.com --admin${where}`);
    io.out(`  faultline project create my-app${where}`);
    io.out(`  faultline token create --user you@example.com${where}`);
    io.out('(from this repository: node packages/server/dist/cli/main.js instead of faultline)');
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.out('faultline: shutting down');
      server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
