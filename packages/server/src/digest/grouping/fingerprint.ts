// Client fingerprints (spec §5.3): `{{ variable }}` parts resolved against the event; the
// `{{ default }}` marker stands for the default grouping values (salting).
import type { SentryEvent } from '@faultline/protocol';
import { crashFrame } from './title.js';

const VARIABLE = /^\{\{\s*(\S+)\s*\}\}$/;

/** The marker a resolved fingerprint keeps where the default grouping goes. */
export const DEFAULT_MARKER = Symbol('default');

export type ResolvedPart = string | typeof DEFAULT_MARKER;

/** Resolves every `{{ … }}` part; unknown or missing values become `<no-…>` placeholders. */
export function resolveFingerprint(fingerprint: string[], event: SentryEvent): ResolvedPart[] {
  return fingerprint.map((part) => {
    const m = VARIABLE.exec(part.trim());
    if (!m) return part;
    const name = m[1]!.toLowerCase();
    if (name === 'default') return DEFAULT_MARKER;
    return resolveVariable(name, m[1]!, event);
  });
}

function resolveVariable(name: string, raw: string, event: SentryEvent): string {
  const exceptions = event.exception?.values ?? [];
  const frame = crashFrame(event);
  switch (name) {
    case 'transaction':
      return event.transaction ?? '<no-transaction>';
    case 'type':
    case 'error.type':
      return exceptions[exceptions.length - 1]?.type ?? '<no-type>';
    case 'function':
      return frame?.function ?? '<no-function>';
    case 'module':
      return frame?.module ?? '<no-module>';
    case 'package': {
      const pkg = frame?.package;
      return pkg ? (pkg.split(/[\\/]/).pop() ?? pkg) : '<no-package>';
    }
    case 'level':
      return event.level;
    case 'logger':
      return event.logger ?? '<no-logger>';
    default:
      if (name.startsWith('tags.')) {
        const tag = raw.slice(5);
        return event.tags?.[tag] ?? `<no-value-for-tag-${tag}>`;
      }
      return `<unknown-variable-${raw}>`;
  }
}

/** True when a fingerprint changes nothing (absent, or only `{{ default }}`, the SDKs' default). */
export function isDefaultFingerprint(parts: ResolvedPart[]): boolean {
  return parts.length === 0 || parts.every((p) => p === DEFAULT_MARKER);
}
