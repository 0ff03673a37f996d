export type { WebConfig, WebLogger } from './context.js';
export { html, raw, SafeHtml } from './html.js';
export { CSP, LOGIN_LIMITS, type WebPluginOptions, webPlugin } from './plugin.js';
