import type { ProjectKey, Storage } from '../storage/types.js';

/**
 * DSN key lookups cached in memory, misses included, so ingest does not query the database per
 * request. Revocations and limit changes made through this process invalidate the entry at once;
 * those made by another process apply within `ttlMs`.
 */
export class KeyCache {
  private readonly entries = new Map<string, { key: ProjectKey | undefined; at: number }>();
  private readonly inflight = new Map<string, Promise<ProjectKey | undefined>>();

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The key when its lookup is cached and fresh (`{ key: undefined }` for a cached miss), without
   * a promise: almost every ingest request hits, and then continues synchronously.
   */
  cached(publicKey: string): { readonly key: ProjectKey | undefined } | undefined {
    const hit = this.entries.get(publicKey);
    return hit !== undefined && this.now() - hit.at < this.ttlMs ? hit : undefined;
  }

  async get(publicKey: string): Promise<ProjectKey | undefined> {
    const hit = this.cached(publicKey);
    if (hit !== undefined) return hit.key;
    let lookup = this.inflight.get(publicKey);
    if (lookup === undefined) {
      lookup = this.storage.findProjectKey(publicKey).finally(() => this.inflight.delete(publicKey));
      this.inflight.set(publicKey, lookup);
    }
    const key = await lookup;
    // A flood of random keys must not grow the map without bound.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(publicKey, { key, at: this.now() });
    return key;
  }

  invalidate(publicKey?: string): void {
    if (publicKey === undefined) this.entries.clear();
    else this.entries.delete(publicKey);
  }
}
