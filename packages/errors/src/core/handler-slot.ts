import type { ErrorHandler } from './types.js';

/**
 * The handlers one scope holds for one code key (Flask's `error_handler_spec[scope][code]`), keyed
 * by class prototype, with the lookup results cached per prototype. The cache only remembers what
 * the class-chain walk returned, so registration order never matters; registering clears it.
 */
export class HandlerSlot {
  readonly handlers = new Map<object, ErrorHandler>();
  /** prototype → the handler the chain walk found there, or null for "none". */
  readonly cache = new Map<object, ErrorHandler | null>();
  /** For errno-classified errors of a user class: prototype → errno prototype → result. */
  readonly errnoCache = new Map<object, Map<object, ErrorHandler | null>>();

  set(proto: object, handler: ErrorHandler): void {
    this.handlers.set(proto, handler);
    this.cache.clear();
    this.errnoCache.clear();
  }
}
