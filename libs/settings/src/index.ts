export {
  baseSettingsSchema,
  baseSettingsShape,
  envBoolean,
  envList,
  type BaseSettings,
} from './base-schema.js';
export { loadSettings, type LoadSettingsOptions, type Settings } from './load-settings.js';
export { SettingsError, type SettingProblem } from './settings-error.js';
export { readEnvironment } from './read-environment.js';
export { z } from 'zod';
