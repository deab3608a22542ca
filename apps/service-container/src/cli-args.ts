import { parseArgs } from 'node:util';

export type Command = { kind: 'hello'; name: string } | { kind: 'check' } | { kind: 'help' };

export const usage = `Usage:
  service-container [name]     call GET /hello/<name> on every service tagged hello (default name: World)
                               and print one health line for every other service
  service-container --check    print every service's health: up or down, with its latency
  service-container --help`;

/** The command asked for on the command line; throws a TypeError with a short reason when it is wrong. */
export function parseCliArgs(args: readonly string[]): Command {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return { kind: 'help' };
  if (values.check) {
    if (positionals.length > 0) throw new TypeError('--check takes no name');
    return { kind: 'check' };
  }
  if (positionals.length > 1) throw new TypeError('give one name (quote a name with spaces)');
  return { kind: 'hello', name: positionals[0] ?? 'World' };
}
