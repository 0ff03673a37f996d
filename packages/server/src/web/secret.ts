// The session signing secret: from config when given, else generated once into the data dir (mode
// 0600) so sessions survive restarts. Several processes sharing a data dir share the file.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebConfig } from './context.js';

const FILE = 'session-secret';

/** Loads (or creates) the secret used to sign sessions and CSRF tokens. */
export async function loadSecret(config: WebConfig): Promise<Buffer> {
  if (config.sessionSecret) {
    if (config.sessionSecret.length < 32) throw new Error('sessionSecret must be at least 32 characters');
    return Buffer.from(config.sessionSecret);
  }
  const path = join(config.dataDir, FILE);
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (existing.length >= 43) return Buffer.from(existing, 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(32);
  try {
    // 'wx' fails if another process wrote the file first; then we read theirs.
    await writeFile(path, `${secret.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  }
}
