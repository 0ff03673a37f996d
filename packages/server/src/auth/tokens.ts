import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, Storage, User } from '../storage/types.js';

const PREFIX = 'flt_';

/** sha256 hex of a token: what storage keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates an API token for a user; the token itself is returned once and never stored.
 * @example const { token } = await createApiToken(storage, user, 'ci'); // 'flt_…'
 */
export async function createApiToken(
  storage: Storage,
  user: User,
  label: string,
): Promise<{ token: string; record: ApiToken }> {
  const token = PREFIX + randomBytes(24).toString('base64url');
  const record = await storage.createApiToken({
    userId: user.id,
    label,
    tokenHash: hashToken(token),
    prefix: token.slice(0, 8),
  });
  return { token, record };
}

/** The active user a bearer token belongs to, or undefined (unknown, revoked, user disabled). */
export async function userForToken(
  storage: Storage,
  token: string,
): Promise<{ user: User; token: ApiToken } | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const record = await storage.findApiTokenByHash(hashToken(token));
  if (record === undefined || record.revokedAt !== null) return undefined;
  const user = await storage.getUser(record.userId);
  if (user === undefined || user.disabledAt !== null) return undefined;
  return { user, token: record };
}
