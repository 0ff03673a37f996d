import { defaultExceptions } from './default-exceptions.js';
import { HandlerSlot } from './handler-slot.js';
import { HTTPException } from './http-exception.js';
import { FaultlineTypeError, SetupFinishedError, ValueError } from './typed-errors.js';
import type { ErrorHandler } from './types.js';

/** Any class of Error (including abstract ones) a handler can be registered for. */
// biome-ignore lint/suspicious/noExplicitAny: constructor parameters are irrelevant for registration
export type ErrorClass<E extends Error = Error> = abstract new (...args: any[]) => E;

/**
 * A handler registered by code receives an HTTPException; the parameter may be annotated with the
 * code's class (`register(500, (e: InternalServerError) => …)`).
 */
export type CodeHandler = ErrorHandler<HTTPException>;

/**
 * A scope of error handlers (Flask's blueprint). The application is the root scope; `blueprint()`
 * makes nested scopes. Lookup goes innermost scope first, by code through every scope, then by class
 * through every scope (see findErrorHandler).
 *
 * @example
 * const api = app.blueprint('api');
 * api.register(404, () => [{ error: 'not found' }, 404]);
 * api.register(ValidationError, (e) => [{ error: e.message }, 422]);
 */
export class ErrorScope {
  readonly name: string;
  readonly parent: ErrorScope | null;
  /** @internal Flask's `error_handler_spec[scope]`: code (or null) → handlers by class. */
  readonly slots = new Map<number | null, HandlerSlot>();
  readonly #children = new Map<string, ErrorScope>();

  constructor(name: string, parent: ErrorScope | null = null) {
    this.name = name;
    this.parent = parent;
  }

  /** The dotted name through the blueprints ("api.v1"); the app's own name for the root. */
  get fullName(): string {
    if (this.parent === null) return this.name;
    return this.parent.parent === null ? this.name : `${this.parent.fullName}.${this.name}`;
  }

  /** The application scope at the root of this chain. */
  get root(): ErrorScope {
    let scope: ErrorScope = this;
    while (scope.parent !== null) scope = scope.parent;
    return scope;
  }

  /** The nested scopes made with `blueprint()`, by name. */
  get children(): ReadonlyMap<string, ErrorScope> {
    return this.#children;
  }

  /**
   * Registers a handler for a status code or an Error class in this scope. `404` and `NotFound` are
   * the same key; a later registration replaces an earlier one.
   */
  register<C extends ErrorClass>(key: C, handler: ErrorHandler<InstanceType<C>>): this;
  register<E extends HTTPException = HTTPException>(key: number, handler: ErrorHandler<E>): this;
  register(key: number | ErrorClass, handler: ErrorHandler): this {
    this.checkSetup('register');
    storeHandler(this, key, handler);
    return this;
  }

  /** Registers a handler on the application from a blueprint (Flask's `app_errorhandler`). */
  registerApp<C extends ErrorClass>(key: C, handler: ErrorHandler<InstanceType<C>>): this;
  registerApp<E extends HTTPException = HTTPException>(key: number, handler: ErrorHandler<E>): this;
  registerApp(key: number | ErrorClass, handler: ErrorHandler): this {
    this.checkSetup('registerApp');
    storeHandler(this.root, key, handler);
    return this;
  }

  /** Creates a nested scope (a blueprint) named `name` under this one. */
  blueprint(name: string): ErrorScope {
    this.checkSetup('blueprint');
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new ValueError(
        'FL_ERRORS_BLUEPRINT_NAME',
        `Blueprint name ${JSON.stringify(name)} must be a non-empty string without dots.`,
      );
    }
    if (this.#children.has(name)) {
      throw new ValueError(
        'FL_ERRORS_BLUEPRINT_NAME',
        `The name '${name}' is already registered for a blueprint in '${this.fullName}'.`,
      );
    }
    const child = new ErrorScope(name, this);
    this.#children.set(name, child);
    return child;
  }

  /** Whether the application has served a request, after which setup methods throw. */
  protected setupFinished(): boolean {
    return false;
  }

  /** Throws SetupFinishedError once the application has served its first request (checklist 5). */
  protected checkSetup(method: string): void {
    if (this.root.setupFinished()) throw new SetupFinishedError(method);
  }
}

function storeHandler(scope: ErrorScope, key: unknown, handler: unknown): void {
  const [proto, code] = handlerKey(key);
  if (typeof handler !== 'function') {
    throw new FaultlineTypeError(
      'FL_ERRORS_HANDLER_NOT_FUNCTION',
      `The error handler for ${describe(key)} must be a function, got ${typeof handler}.`,
    );
  }
  let slot = scope.slots.get(code);
  if (slot === undefined) {
    slot = new HandlerSlot();
    scope.slots.set(code, slot);
  }
  slot.set(proto, handler as ErrorHandler);
}

/**
 * Normalises a registration key to (class prototype, code), validating it eagerly as Flask's
 * `_get_exc_class_and_code` does: unknown codes, instances and non-Error classes are rejected.
 */
export function handlerKey(key: unknown): [object, number | null] {
  if (typeof key === 'number') {
    const cls = defaultExceptions.get(key);
    if (cls === undefined) {
      throw new ValueError(
        'FL_ERRORS_UNKNOWN_STATUS_CODE',
        `'${key}' is not a recognized HTTP error code. Use a subclass of HTTPException with that code instead.`,
      );
    }
    return [cls.prototype, key];
  }
  if (key instanceof Error) {
    throw new FaultlineTypeError(
      'FL_ERRORS_HANDLER_KEY_INSTANCE',
      `${describe(key)} is an instance, not a class. Handlers can only be registered for Error classes or HTTP error codes.`,
    );
  }
  if (typeof key !== 'function' || !(key === Error || key.prototype instanceof Error)) {
    throw new ValueError(
      'FL_ERRORS_HANDLER_KEY_NOT_ERROR_CLASS',
      `'${describe(key)}' is not a subclass of Error. Handlers can only be registered for Error classes or HTTP error codes.`,
    );
  }
  const code =
    key === HTTPException || key.prototype instanceof HTTPException
      ? (key as typeof HTTPException).code
      : null;
  return [key.prototype as object, code];
}

function describe(value: unknown): string {
  if (typeof value === 'function') return value.name || '<anonymous class>';
  if (value instanceof Error) return `<${value.constructor.name} instance>`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
