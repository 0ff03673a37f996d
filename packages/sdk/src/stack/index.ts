export { type FrameTools, framesFromStack } from './frames.js';
export {
  isInApp,
  isNodeInternal,
  moduleFromFile,
  parseStackLines,
  type RawFrame,
  toProtocolFrames,
} from './parse-stack.js';
