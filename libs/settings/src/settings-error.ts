import { AppError } from '@platform/errors';

export interface SettingsProblem {
  /** The environment variable at fault (for a rule across fields, the one to change). */
  name: string;
  /** What was expected; never the value itself, which may be a secret. */
  message: string;
}

/** The earlier name of SettingsProblem. */
export type SettingProblem = SettingsProblem;

/** Start-up configuration is missing or wrong; lists every problem at once. */
export class SettingsError extends AppError {
  readonly problems: readonly SettingsProblem[];

  constructor(problems: readonly SettingsProblem[], source: string, options: { cause?: unknown } = {}) {
    const lines = problems.map((problem) => `  - ${problem.name}: ${problem.message}`);
    super('SETTINGS_INVALID', `Invalid configuration (${source}):\n${lines.join('\n')}`, {
      statusCode: 500,
      details: { problems },
      cause: options.cause,
    });
    this.problems = problems;
  }
}
