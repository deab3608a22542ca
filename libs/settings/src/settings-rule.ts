import type { SettingsProblem } from './settings-error.js';

/**
 * A check across several settings (a token or an explicit opt-out, a bound below another),
 * run once every variable has parsed; it returns the problems it finds, none when all is well.
 */
export type SettingsRule<S> = (settings: S) => readonly SettingsProblem[];

/** One rule or several, as loadSettings, runService and runJob take them. */
export type SettingsRules<S> = SettingsRule<S> | readonly SettingsRule<S>[];

/** Runs every rule and gathers their problems, in order. */
export function checkRules<S>(settings: S, rules: SettingsRules<S> | undefined): SettingsProblem[] {
  if (!rules) return [];
  const list: readonly SettingsRule<S>[] = typeof rules === 'function' ? [rules] : rules;
  return list.flatMap((rule) => rule(settings));
}
