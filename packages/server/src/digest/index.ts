export { buildDigestEvent, indexedTags, userKey } from './digest-event.js';
export {
  computeGrouping,
  GROUPING_VERSION,
  type Grouping,
  type GroupingComponents,
  type GroupingStrategy,
} from './grouping/index.js';
export { createDigestWorker, type DigestWorker, type DigestWorkerOptions } from './worker.js';
