export {
  computeGrouping,
  GROUPING_VERSION,
  type Grouping,
  type GroupingComponents,
  type GroupingStrategy,
} from './compute-grouping.js';
export {
  cleanFunction,
  type FrameComponent,
  frameComponent,
  isInApp,
  moduleFromUrl,
} from './frame-components.js';
export { parameterize } from './parameterize.js';
export { eventCulprit, eventTitle } from './title.js';
