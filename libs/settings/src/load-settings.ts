import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { baseSettingsShape, type BaseSettings } from './base-schema.js';
import { SettingsError } from './settings-error.js';
import { checkRules, type SettingsRules } from './settings-rule.js';

export interface LoadSettingsOptions<Shape extends z.ZodRawShape> {
  /** Short id of the app (db-api, counter…), used in log fields and the ELK index. */
  app: string;
  /** The app's own settings, added to the platform's base settings. */
  shape: Shape;
  /** Folder holding env/<ENVIRONMENT>/.env; usually the app's package folder. */
  root: string;
  /** Variables to read instead of process.env (tests). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Checks across fields, run on the parsed settings once every variable is valid;
   * their problems are thrown in the same SettingsError.
   */
  rules?: SettingsRules<Settings<Shape>>;
}

type Merged<Shape extends z.ZodRawShape> = BaseSettings & z.infer<z.ZodObject<Shape>>;
/** The base settings of every app, its own, and where they came from. */
export type Settings<Shape extends z.ZodRawShape = Record<never, never>> = Readonly<
  Merged<Shape> & { APP: string; ENV_FILE: string | undefined }
>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new SettingsError([{ name: file, message: 'cannot be read as an env file' }], file, {
      cause: error,
    });
  }
}

/**
 * Loads env/<ENVIRONMENT>/.env below `root`, lets real environment variables win,
 * and parses the result with the base and app schemas into a frozen object.
 * Throws one SettingsError naming every bad or missing variable, or, when they all parse,
 * every problem the `rules` find across them.
 */
export function loadSettings<Shape extends z.ZodRawShape>(
  options: LoadSettingsOptions<Shape>,
): Settings<Shape> {
  const { app, shape, root, env = process.env, rules } = options;
  const environment = env['ENVIRONMENT'] || 'local';
  const envFile = path.join(root, 'env', environment, '.env');
  const fromFile = /^[a-z0-9_-]+$/.test(environment) ? readEnvFile(envFile) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  // An empty value in a file means "unset", as with dotenv.
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];

  const schema = z.object({ ...baseSettingsShape, ...shape });
  const result = schema.safeParse(merged);
  const source = existsSync(envFile) ? `environment and ${envFile}` : 'environment';
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      name: issue.path.map(String).join('.') || '(root)',
      message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
    }));
    throw new SettingsError(problems, source);
  }
  const settings: Settings<Shape> = deepFreeze({
    ...(result.data as Merged<Shape>),
    APP: app,
    ENV_FILE: existsSync(envFile) ? envFile : undefined,
  });
  const problems = checkRules(settings, rules);
  if (problems.length > 0) throw new SettingsError(problems, source);
  return settings;
}
