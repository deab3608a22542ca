export {
  baseSettingsSchema,
  baseSettingsShape,
  envBoolean,
  envList,
  type BaseSettings,
} from './base-schema.js';
export { loadSettings, type LoadSettingsOptions, type Settings } from './load-settings.js';
export { SettingsError, type SettingProblem, type SettingsProblem } from './settings-error.js';
export { checkRules, type SettingsRule, type SettingsRules } from './settings-rule.js';
export { readEnvironment } from './read-environment.js';
export { z } from 'zod';
