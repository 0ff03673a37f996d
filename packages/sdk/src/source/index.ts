export { Lru } from './lru.js';
export { addContextFromLines, SourceContext } from './source-context.js';
export { SourceMaps } from './source-maps.js';
