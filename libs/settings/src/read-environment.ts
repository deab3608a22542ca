/**
 * A copy of the process environment, for the few places that pass it on whole
 * (a child process, a config file with ${VAR} interpolation). Only this lib reads process.env.
 */
export function readEnvironment(): Readonly<Record<string, string | undefined>> {
  return { ...process.env };
}
