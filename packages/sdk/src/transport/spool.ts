import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An envelope waiting to be sent, with the data category it counts against. */
export interface QueuedEnvelope {
  body: Uint8Array;
  category: string;
}

/** Where envelopes wait while the tracker cannot take them: memory, or a directory on disk. */
export interface EnvelopeStore {
  /** Adds at the end; false when full (the caller counts the drop). */
  push(item: QueuedEnvelope): boolean;
  /** The oldest entry without removing it. */
  peek(): QueuedEnvelope | undefined;
  /** Removes the oldest entry (after it was delivered or dropped). */
  shift(): void;
  readonly size: number;
  readonly durable: boolean;
}

/** A bounded FIFO in memory. */
export class MemoryStore implements EnvelopeStore {
  readonly #items: QueuedEnvelope[] = [];
  readonly durable = false;
  constructor(private readonly max: number) {}
  push(item: QueuedEnvelope): boolean {
    if (this.#items.length >= this.max) return false;
    this.#items.push(item);
    return true;
  }
  peek(): QueuedEnvelope | undefined {
    return this.#items[0];
  }
  shift(): void {
    this.#items.shift();
  }
  get size(): number {
    return this.#items.length;
  }
}

/** Limits of the disk spool. */
export interface SpoolLimits {
  maxFiles: number;
  maxBytes: number;
}

const SUFFIX = '.envelope';

/**
 * A directory of envelope files, oldest first by name, bounded by count and bytes. Writes are
 * synchronous so an event captured just before the process exits (an uncaught exception) is on
 * disk when it does; a later start finds the files and sends them.
 */
export class DiskSpool implements EnvelopeStore {
  readonly durable = true;
  readonly #files: { name: string; bytes: number; category: string }[] = [];
  #bytes = 0;
  #seq = 0;

  constructor(
    private readonly dir: string,
    private readonly limits: SpoolLimits,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith(SUFFIX))
      .sort()) {
      const bytes = statSync(join(dir, name)).size;
      this.#files.push({ name, bytes, category: name.split('.')[1] ?? 'error' });
      this.#bytes += bytes;
    }
  }

  push(item: QueuedEnvelope): boolean {
    if (
      this.#files.length >= this.limits.maxFiles ||
      this.#bytes + item.body.byteLength > this.limits.maxBytes
    ) {
      return false;
    }
    // Time, then process id and a counter, so names sort in capture order and never collide.
    const stamp = Date.now().toString().padStart(15, '0');
    const name = `${stamp}-${process.pid}-${(this.#seq++).toString().padStart(8, '0')}.${item.category}${SUFFIX}`;
    writeFileSync(join(this.dir, name), item.body);
    this.#files.push({ name, bytes: item.body.byteLength, category: item.category });
    this.#bytes += item.body.byteLength;
    return true;
  }

  peek(): QueuedEnvelope | undefined {
    while (this.#files.length > 0) {
      const file = this.#files[0]!;
      try {
        return { body: readFileSync(join(this.dir, file.name)), category: file.category };
      } catch {
        // Gone (another process sent it): forget it and look at the next.
        this.#forget();
      }
    }
    return undefined;
  }

  shift(): void {
    const file = this.#files[0];
    if (!file) return;
    try {
      unlinkSync(join(this.dir, file.name));
    } catch {
      // already removed
    }
    this.#forget();
  }

  #forget(): void {
    const file = this.#files.shift();
    if (file) this.#bytes -= file.bytes;
  }

  get size(): number {
    return this.#files.length;
  }

  get bytes(): number {
    return this.#bytes;
  }
}
