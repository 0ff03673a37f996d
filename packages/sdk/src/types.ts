import type { Mechanism, SentryEvent, SentryException, StackFrame } from '@faultline/protocol';

export type {
  Breadcrumb,
  Level,
  RequestData,
  SentryEvent as Event,
  SentryException as ExceptionValue,
  StackFrame as Frame,
  User,
} from '@faultline/protocol';

/** What a capture call knows beyond the event itself. */
export interface EventHint {
  /** The thrown value, for integrations that read it (local variables, cause chains). */
  originalException?: unknown;
  mechanism?: Mechanism;
  /** The request the error happened in (an @faultline/errors ErrorRequest). */
  request?: unknown;
  /** Capture extras for this event only. */
  event?: Partial<SentryEvent>;
}

export type { Mechanism, SentryException, StackFrame };
