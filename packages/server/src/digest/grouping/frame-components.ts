// What one stack frame contributes to grouping (spec §5.1, "frame components"): a qualifier
// (module, else lower-cased basename), a function name cleaned of what varies between builds and
// runtimes, and for five platforms the source line. Line and column numbers never contribute, so
// moving code around a file does not split an issue.
import type { StackFrame } from '@faultline/protocol';

/** The grouping-relevant parts of a frame; `function` or `context` is always set. */
export interface FrameComponent {
  /** Module, else lower-cased file basename; a qualifier only (never enough on its own). */
  module?: string;
  function?: string;
  context?: string;
}

const JS_PLATFORMS = new Set(['javascript', 'node']);
const CONTEXT_PLATFORMS = new Set(['javascript', 'node', 'python', 'php', 'ruby']);
const URL_PATH = /^(?:https?|blob|applewebdata|file):/i;
const NATIVE_PATHS = new Set(['[native code]', 'native code', 'eval code', '<anonymous>']);
const JS_ANONYMOUS = new Set([
  '',
  '?',
  '<anonymous>',
  '<anonymous function>',
  'anonymous function',
  'anonymous',
]);
const MAX_CONTEXT_LINE = 120;
/** Whitespace that `replace(/\s+/g, ' ')` would change: a run of two, or anything but a space. */
const UNCOLLAPSED = /\s\s|[^\S ]/;

// Sentry's default enhancement rules mark these out-of-app whatever the SDK said (sentry-python 1.9
// flags Flask's own frames in_app, for one).
const OUT_OF_APP = new RegExp(
  [
    /(?:^|[\\/])node_modules[\\/]/.source,
    /(?:^|[\\/])(?:site|dist)-packages[\\/]/.source,
    /(?:^|[\\/])vendor[\\/]/.source,
    /^node:/.source,
    /^internal[\\/]/.source,
    /\/\/(?:unpkg\.com|cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net|esm\.run)\//.source,
    /(?:^|[\\/])(?:@babel|core-js|regenerator-runtime|tslib)[\\/]/.source,
  ].join('|'),
);

/** In-app for grouping: the SDK said so and no out-of-app path rule overrides it. */
export function isInApp(frame: StackFrame): boolean {
  if (frame.in_app !== true) return false;
  const path = frame.abs_path ?? frame.filename ?? '';
  // One regex pass: a substring pre-check for each rule's literal (ten includes()) measured about
  // twice as slow as the regex alone, on app paths and vendored ones alike.
  return !OUT_OF_APP.test(path);
}

/**
 * A frame's grouping component, or undefined when it contributes nothing (no usable function and
 * no usable source line, or a JS eval/native frame).
 */
export function frameComponent(frame: StackFrame, eventPlatform: string): FrameComponent | undefined {
  const platform = frame.platform ?? eventPlatform;
  const isJs = JS_PLATFORMS.has(platform);
  const path = frame.abs_path ?? frame.filename;
  if (isJs && (frame.function === 'eval' || (path !== undefined && NATIVE_PATHS.has(path)))) return undefined;
  const fn = cleanFunction(frame.function ?? frame.raw_function, platform);
  const context = contextLine(frame, platform, fn);
  if (fn === undefined && context === undefined) return undefined;
  const component: FrameComponent = {};
  const module = frameModule(frame, isJs);
  if (module !== undefined) component.module = module;
  if (fn !== undefined) component.function = fn;
  if (context !== undefined) component.context = context;
  return component;
}

function frameModule(frame: StackFrame, isJs: boolean): string | undefined {
  const path = frame.abs_path ?? frame.filename;
  if (frame.module) {
    // A JS "module" that is just the path repeated says nothing the basename would not.
    if (!(isJs && frame.module.includes('/') && path?.endsWith(frame.module))) return frame.module;
  }
  const file = frame.filename ?? frame.abs_path;
  if (!file || NATIVE_PATHS.has(file)) return undefined;
  if (URL_PATH.test(file) || (frame.abs_path && URL_PATH.test(frame.abs_path))) {
    return isJs ? moduleFromUrl(file) : undefined;
  }
  const base = file.split(/[\\/]/).pop();
  return base ? base.toLowerCase() : undefined;
}

/**
 * A stable module name from a script URL, like Sentry's generate_module: the path without query,
 * extension, `.min`, hash or version segments and `static`/`js`/`build` prefixes.
 */
export function moduleFromUrl(url: string): string | undefined {
  let path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  path = path.replace(/\.(?:min\.)?[cm]?[jt]sx?$/i, '').replace(/\.min$/i, '');
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/[.-][0-9a-f]{8,}$/i, ''))
    .filter((p) => !/^v?\d+(?:\.\d+)*$/.test(p) && !/^[0-9a-f]{8,}$/i.test(p));
  while (parts.length > 1 && /^(?:static|js|build|assets|dist|_next|chunks)$/i.test(parts[0]!)) parts.shift();
  return parts.length > 0 ? parts.join('/') : undefined;
}

/** The function name as it contributes, or undefined when it must not (anonymous, minified…). */
export function cleanFunction(raw: string | undefined, platform: string): string | undefined {
  if (raw === undefined) return undefined;
  let fn = raw.trim();
  if (JS_PLATFORMS.has(platform)) return cleanJsFunction(fn);
  if (platform === 'ruby')
    fn = fn.replace(/^block (?:\(\d+ levels\) )?in .*$/, 'block').replace(/_\d+_\d+$/, '');
  if (platform === 'php' && (fn.startsWith('[Anonymous') || fn.startsWith('class@anonymous')))
    return undefined;
  if (platform === 'php' && fn.includes('class@anonymous')) fn = fn.slice(fn.lastIndexOf('::') + 2);
  if (platform === 'java' && fn.startsWith('lambda$')) return undefined;
  if (fn === '<redacted>' || fn === '<unknown>' || fn === '') return undefined;
  return fn;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function cleanJsFunction(raw: string): string | undefined {
  // Most names are plain identifiers: skip the rewriting below for them.
  if (PLAIN_IDENTIFIER.test(raw)) return raw.length <= 2 || raw === 'anonymous' ? undefined : raw;
  // Each rewrite needs whitespace to match, and dotted names (`Layer.handle`) rarely have any.
  let fn = !/\s/.test(raw)
    ? raw
    : raw
        .replace(/^at\s+/, '') // a V8 stack line pasted as a name
        .replace(/\s+\[as [^\]]*\]$/, '') // Object.Xn [as withScope]
        .replace(/\s+\(index \d+\)$/, '') // Promise.all (index 0)
        .replace(/^(?:async|new)\s+/, '')
        .replace(/^(?:async|new)\s+/, '');
  if (fn.endsWith('/<') || JS_ANONYMOUS.has(fn.toLowerCase())) return undefined;
  // Keep the part after the last dot: `Object.foo`, `Timeout._onTimeout`, `Server.<anonymous>`.
  const dot = fn.lastIndexOf('.');
  if (dot !== -1) fn = fn.slice(dot + 1);
  if (JS_ANONYMOUS.has(fn.toLowerCase())) return undefined;
  // One- or two-letter names are what minifiers produce; they change with every build.
  if (/^[A-Za-z_$][\w$]?$/.test(fn)) return undefined;
  return fn;
}

function contextLine(frame: StackFrame, platform: string, fn: string | undefined): string | undefined {
  if (!CONTEXT_PLATFORMS.has(platform)) return undefined;
  const raw = frame.context_line;
  if (typeof raw !== 'string' || raw.length > MAX_CONTEXT_LINE) return undefined;
  // Trimming first is the same as trimming last (trim and \s share one set of whitespace), and
  // most lines hold single spaces only, which the collapsing replace would rebuild for nothing.
  const trimmed = raw.trim();
  const line = UNCOLLAPSED.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  if (line === '') return undefined;
  const path = frame.abs_path ?? frame.filename ?? '';
  if (JS_PLATFORMS.has(platform) && fn === undefined && URL_PATH.test(path)) return undefined;
  return line;
}

/** Frames equal in everything but being a recursion step (§5.1 recursion rule). */
export function isRecursion(frame: StackFrame, previous: StackFrame | undefined): boolean {
  if (!previous) return false;
  return (
    frame.abs_path === previous.abs_path &&
    frame.package === previous.package &&
    frame.module === previous.module &&
    frame.filename === previous.filename &&
    frame.function === previous.function &&
    frame.lineno === previous.lineno &&
    frame.colno === previous.colno
  );
}

/** The readable form of a frame component, e.g. `sentry-node level3` or `__main__ level3 «ratio = a / b»`. */
export function formatFrame(c: FrameComponent): string {
  let s = `${c.module ?? '-'} ${c.function ?? '-'}`;
  if (c.context !== undefined) s += ` «${c.context}»`;
  return s;
}
