import { type Dsn, envelopeUrl, generateEventId, parseDsn, serializeEnvelope } from '@faultline/protocol';
import { debugLogger, SdkError, type SdkLogger } from '../errors.js';
import { defaultContexts } from '../event/contexts.js';
import { exceptionsFromThrown } from '../event/exception.js';
import { type RequestLike, requestData } from '../event/request-data.js';
import { LocalVariables } from '../locals/local-variables.js';
import { Scrubber } from '../scrub/scrubber.js';
import { SourceContext } from '../source/source-context.js';
import { SourceMaps } from '../source/source-maps.js';
import type { FrameTools } from '../stack/frames.js';
import { createHttpSender, type Sender } from '../transport/http-sender.js';
import { DiskSpool, type EnvelopeStore } from '../transport/spool.js';
import { createTransport, type Transport } from '../transport/transport.js';
import type { Event, EventHint, Level } from '../types.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { type Options, type ResolvedOptions, resolveOptions } from './options.js';
import type { Scope } from './scope.js';

/** Holds options, transport and the event pipeline; one per `init`/`createReporter`. */
export class Client {
  readonly options: ResolvedOptions;
  readonly transport: Transport | undefined;
  readonly locals: LocalVariables | undefined;
  readonly #tools: FrameTools;
  readonly #scrubber: Scrubber;
  readonly #log: SdkLogger;
  readonly #sender: (Sender & { close(): void }) | undefined;
  readonly #captured = new WeakSet<object>();
  readonly #closers: (() => void)[] = [];
  #dsn: Dsn | undefined;

  constructor(options: Options, deps: { send?: Sender } = {}) {
    this.options = resolveOptions(options);
    this.#log = debugLogger(this.options.debug);
    this.#tools = {
      sourceMaps: new SourceMaps(),
      sourceContext: new SourceContext(100, this.options.contextLines),
    };
    this.#scrubber = new Scrubber(this.options.scrubFields);
    if (this.options.dsn) {
      try {
        this.#dsn = parseDsn(this.options.dsn);
      } catch (cause) {
        this.#log(new SdkError('FL_SDK_INVALID_DSN', 'the DSN cannot be parsed; sending is off', { cause }));
      }
    }
    if (this.#dsn || deps.send) {
      if (!deps.send) {
        this.#sender = createHttpSender({
          url: envelopeUrl(this.#dsn!, { client: `${SDK_NAME}/${SDK_VERSION}` }),
          maxSockets: this.options.concurrency,
          userAgent: `${SDK_NAME}/${SDK_VERSION}`,
        });
      }
      this.transport = createTransport({
        send: deps.send ?? this.#sender!,
        maxQueueSize: this.options.maxQueueSize,
        concurrency: this.options.concurrency,
        store: this.#spool(),
        log: (message, cause) => this.#log(new SdkError('FL_SDK_SEND_FAILED', message, { cause })),
      });
    }
    const lv = this.options.includeLocalVariables;
    if (lv && this.transport) {
      const locals = new LocalVariables(typeof lv === 'object' ? lv : {});
      if (locals.start()) this.locals = locals;
    }
  }

  /** True when events are sent somewhere (a DSN was given and parsed). */
  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Builds and sends an event for a thrown value; returns its id ('' when nothing was captured). */
  captureException(thrown: unknown, hint: EventHint = {}, scope?: Scope): string {
    try {
      if (typeof thrown === 'object' && thrown !== null) {
        // The same error seen twice (a framework hook, then the process handler) is one event.
        if (this.#captured.has(thrown)) return '';
        this.#captured.add(thrown);
      }
      const { values, extra } = exceptionsFromThrown(
        thrown,
        hint.mechanism ?? { type: 'generic', handled: true },
        this.#tools,
        this.locals,
      );
      const event = this.#baseEvent('error', hint);
      event.exception = { values };
      if (extra) event.extra = { ...extra, ...event.extra };
      return this.#process(event, { ...hint, originalException: thrown }, scope);
    } catch (cause) {
      this.#log(new SdkError('FL_SDK_INTERNAL', 'capturing an exception failed', { cause }));
      return '';
    }
  }

  /** Builds and sends a message event. */
  captureMessage(message: string, level: Level = 'info', hint: EventHint = {}, scope?: Scope): string {
    try {
      const event = this.#baseEvent(level, hint);
      event.message = message;
      return this.#process(event, hint, scope);
    } catch (cause) {
      this.#log(new SdkError('FL_SDK_INTERNAL', 'capturing a message failed', { cause }));
      return '';
    }
  }

  /** Waits until queued events are sent (or spooled); false when the timeout came first. */
  async flush(timeoutMs = 2000): Promise<boolean> {
    if (!this.transport) return true;
    this.#sendClientReport();
    return this.transport.flush(timeoutMs);
  }

  /** Registers something to undo on close (process handlers, instrumentation). */
  onClose(fn: () => void): void {
    this.#closers.push(fn);
  }

  /** Flushes, then stops capture of local variables, undoes instrumentation and closes connections. */
  async close(timeoutMs = 2000): Promise<boolean> {
    this.locals?.stop();
    for (const undo of this.#closers.splice(0)) undo();
    if (!this.transport) return true;
    this.#sendClientReport();
    const ok = await this.transport.close(timeoutMs);
    this.#sender?.close();
    return ok;
  }

  #baseEvent(level: Level, hint: EventHint): Event {
    const o = this.options;
    const event: Event = {
      event_id: generateEventId(),
      timestamp: Date.now() / 1000,
      platform: 'node',
      level,
      contexts: defaultContexts(),
      sdk: {
        name: SDK_NAME,
        version: SDK_VERSION,
        packages: [{ name: 'npm:@faultline/sdk', version: SDK_VERSION }],
      },
      ...hint.event,
    };
    if (o.release) event.release = o.release;
    if (o.environment) event.environment = o.environment;
    event.server_name = o.serverName ?? process.env.HOSTNAME;
    if (!event.server_name) delete event.server_name;
    if (hint.request && typeof hint.request === 'object') {
      const req = hint.request as RequestLike;
      event.request = requestData(req, {
        maxBodyBytes: o.maxRequestBodyBytes,
        sendDefaultPii: o.sendDefaultPii,
      });
      if (req.method && req.path) event.transaction ??= `${req.method} ${req.path.split('?')[0]}`;
      if (o.sendDefaultPii && req.remoteAddress)
        event.user = { ip_address: req.remoteAddress, ...event.user };
    }
    return event;
  }

  #process(event: Event, hint: EventHint, scope?: Scope): string {
    if (!this.transport) return '';
    scope?.applyTo(event);
    if (event.exception && this.#ignored(event)) return '';
    if (event.exception && Math.random() >= this.options.sampleRate) {
      this.transport.outcomes.record('sample_rate', 'error');
      return '';
    }
    this.#scrubber.scrubEvent(event);
    const before = this.options.beforeSend;
    if (!before) {
      this.#send(event);
      return event.event_id;
    }
    const result = before(event, hint);
    if (result instanceof Promise) {
      result.then(
        (e) => (e ? this.#send(e) : this.transport?.outcomes.record('before_send', 'error')),
        (cause) =>
          this.#log(new SdkError('FL_SDK_EVENT_DROPPED', 'beforeSend threw; event dropped', { cause })),
      );
    } else if (result) this.#send(result);
    else this.transport.outcomes.record('before_send', 'error');
    return event.event_id;
  }

  #ignored(event: Event): boolean {
    const patterns = this.options.ignoreErrors;
    if (!patterns?.length) return false;
    const main = event.exception?.values.at(-1);
    const texts = [main?.value ?? '', `${main?.type ?? ''}: ${main?.value ?? ''}`];
    return patterns.some((p) => texts.some((t) => (typeof p === 'string' ? t.includes(p) : p.test(t))));
  }

  #send(event: Event): void {
    const body = serializeEnvelope({
      headers: {
        event_id: event.event_id,
        sent_at: new Date().toISOString(),
        sdk: { name: SDK_NAME, version: SDK_VERSION },
      },
      items: [{ headers: { type: 'event' }, payload: event }],
    });
    this.transport!.send({ body, category: 'error' });
  }

  #sendClientReport(): void {
    const t = this.transport;
    if (!t || t.outcomes.total === 0) return;
    const discarded = t.outcomes
      .drain()
      .map((o) => ({ reason: o.reason, category: o.category, quantity: o.quantity }));
    const body = serializeEnvelope({
      headers: { sent_at: new Date().toISOString(), sdk: { name: SDK_NAME, version: SDK_VERSION } },
      items: [
        {
          headers: { type: 'client_report' },
          payload: { timestamp: Date.now() / 1000, discarded_events: discarded },
        },
      ],
    });
    t.send({ body, category: 'internal' });
  }

  #spool(): EnvelopeStore | undefined {
    const dir = this.options.spoolDir;
    if (!dir) return undefined;
    try {
      return new DiskSpool(dir, {
        maxFiles: this.options.maxSpoolFiles,
        maxBytes: this.options.maxSpoolBytes,
      });
    } catch (cause) {
      this.#log(
        new SdkError('FL_SDK_SPOOL_UNAVAILABLE', `cannot use spool directory ${dir}; holding in memory`, {
          cause,
        }),
      );
      return undefined;
    }
  }
}
