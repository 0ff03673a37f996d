export { AlertError, type AlertErrorCode } from './alert-errors.js';
export { type AlertSettings, loadAlertSettings } from './alert-settings.js';
export { type AlertApiDeps, registerAlertApiRoutes } from './api-routes.js';
export { createDeliverer, type Deliverer } from './deliver.js';
export { parseRuleInput } from './rule-input.js';
export { sendTestNotification } from './send-test-notification.js';
export { type AlertSender, type AlertSenderOptions, createAlertSender } from './sender.js';
export { WEBHOOK_SCHEMA_VERSION } from './webhook-format.js';
