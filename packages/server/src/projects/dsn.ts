import { formatDsn } from '@faultline/protocol';
import type { ProjectKey } from '../storage/types.js';

/**
 * The DSN SDKs use for a key, built on the server's public URL (its path becomes the DSN prefix).
 * @example dsnForKey('http://127.0.0.1:8000', key) // 'http://<publicKey>@127.0.0.1:8000/1'
 */
export function dsnForKey(publicUrl: string, key: Pick<ProjectKey, 'publicKey' | 'projectId'>): string {
  const url = new URL(publicUrl);
  return formatDsn({
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    publicKey: key.publicKey,
    host: url.hostname,
    ...(url.port === '' ? {} : { port: url.port }),
    pathPrefix: url.pathname.replace(/\/+$/, ''),
    projectId: String(key.projectId),
  });
}
