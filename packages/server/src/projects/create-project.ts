import type { Project, ProjectKey, Storage } from '../storage/types.js';
import { dsnForKey } from './dsn.js';

/**
 * Creates a project with its first DSN key and returns the DSN to paste into an SDK.
 * @example const { dsn } = await createProjectWithKey(storage, 'backend', 'http://127.0.0.1:8000');
 */
export async function createProjectWithKey(
  storage: Storage,
  name: string,
  publicUrl: string,
): Promise<{ project: Project; key: ProjectKey; dsn: string }> {
  const project = await storage.createProject({ name });
  const key = await storage.createProjectKey(project.id, { label: 'Default' });
  return { project, key, dsn: dsnForKey(publicUrl, key) };
}
