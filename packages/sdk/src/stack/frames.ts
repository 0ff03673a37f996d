import { attachVariables } from '../locals/attach.js';
import type { FrameVariables } from '../locals/local-variables.js';
import { addContextFromLines, type SourceContext } from '../source/source-context.js';
import type { SourceMaps } from '../source/source-maps.js';
import type { Frame } from '../types.js';
import { isInApp, moduleFromFile, parseStackLines, toProtocolFrames } from './parse-stack.js';

/** What turns a stack string into enriched frames. */
export interface FrameTools {
  sourceMaps?: SourceMaps;
  sourceContext?: SourceContext;
  root?: string;
}

/**
 * Frames (oldest first) from a V8 stack string: source-mapped to the original sources, marked
 * in-app or not, with module names and source context.
 */
export function framesFromStack(
  stack: string | undefined,
  tools: FrameTools,
  variables?: FrameVariables[],
): Frame[] {
  if (!stack) return [];
  const frames = toProtocolFrames(parseStackLines(stack));
  // Before mapping: captured variables carry generated positions, like the raw stack.
  if (variables) attachVariables(frames, variables);
  for (const frame of frames) enrichFrame(frame, tools);
  return frames;
}

function enrichFrame(frame: Frame, tools: FrameTools): void {
  if (!frame.abs_path) return;
  const embedded = tools.sourceMaps?.mapFrame(frame);
  // Mapping can move a frame from a bundle into node_modules sources, or from dist/ to src/.
  frame.in_app = isInApp(frame.abs_path);
  const mod = moduleFromFile(frame.abs_path, tools.root);
  if (mod) frame.module = mod;
  if (embedded) addContextFromLines(frame, embedded, tools.sourceContext?.lines ?? 5);
  else tools.sourceContext?.addContext(frame);
}
