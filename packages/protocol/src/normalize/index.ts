export { normalizeLevel } from './level.js';
export { formatTemplate } from './message.js';
export { type NormalizeContext, normalizeEvent } from './normalize-event.js';
export { normalizeTags } from './tags.js';
export { clampTimestamp, parseTimestamp } from './timestamp.js';
export { parseUserAgent } from './user-agent.js';
