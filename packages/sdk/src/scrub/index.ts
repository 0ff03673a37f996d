export { luhnValid, maskCardNumbers } from './luhn.js';
export { DEFAULT_DENY_LIST, FILTERED, Scrubber } from './scrubber.js';
