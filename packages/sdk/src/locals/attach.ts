import type { Frame } from '../types.js';
import type { FrameVariables } from './local-variables.js';

const LOOKAHEAD = 3;

/**
 * Puts captured variables on the matching frames (frames oldest first, as in the event, still at
 * their generated positions). Captured frames start at the throw and stack frames at `new Error`,
 * which can differ, so each captured frame is matched by file and function name a few frames ahead.
 */
export function attachVariables(frames: Frame[], captured: FrameVariables[]): void {
  let i = frames.length - 1;
  for (const cap of captured) {
    for (let k = 0; k < LOOKAHEAD && i - k >= 0; k++) {
      const frame = frames[i - k]!;
      if (frame.abs_path === cap.file && namesMatch(frame.function, cap.function)) {
        if (frame.in_app && Object.keys(cap.vars).length > 0) frame.vars = cap.vars;
        i = i - k - 1;
        break;
      }
    }
  }
}

function isAnonymous(name: string | undefined): boolean {
  return !name || name === '?' || name === '<anonymous>';
}

// V8 call frames say "handle" where the stack says "Router.handle" or "Object.handle".
function namesMatch(stackName: string | undefined, frameName: string): boolean {
  if (isAnonymous(stackName) && isAnonymous(frameName)) return true;
  if (!stackName) return false;
  const bare = stackName.replace(/^new /, '').replace(/ \[as [^\]]+\]$/, '');
  return bare === frameName || bare.endsWith(`.${frameName}`) || frameName.endsWith(`.${bare}`);
}
