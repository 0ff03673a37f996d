export { attachVariables } from './attach.js';
export { type FrameVariables, LocalVariables, type LocalVariablesOptions } from './local-variables.js';
export { DEFAULT_VARIABLE_LIMITS, type VariableLimits } from './serialize.js';
