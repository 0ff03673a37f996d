export {
  defaultPublicUrl,
  type LoadConfigOptions,
  listeningPublicUrl,
  loadConfig,
  redactConfig,
} from './load-config.js';
export { type Config, SETTINGS, type SettingName, type SettingSpec } from './settings.js';
