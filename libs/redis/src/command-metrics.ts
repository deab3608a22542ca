import { exists } from '@ioredis/commands';
import type { Command, Redis } from 'ioredis';
import { counter } from '@platform/metrics';

type Outcome = readonly [ok: () => void, error: () => void];

const outcomes = new Map<string, Outcome>();

function commandsTotal() {
  return counter({
    name: 'redis_commands_total',
    help: 'Redis commands sent, by command and outcome (ok, or error: a reply error, timeout or lost connection)',
    labelNames: ['command', 'outcome'],
  });
}

/** The two prepared callbacks of a command name: no closure is made per command. */
function outcomeOf(name: string): Outcome {
  let found = outcomes.get(name);
  if (found === undefined) {
    const command = exists(name) ? name : 'other';
    const total = commandsTotal();
    const ok = total.labels(command, 'ok');
    const error = total.labels(command, 'error');
    found = [() => ok.inc(), () => error.inc()];
    outcomes.set(name, found);
  }
  return found;
}

/**
 * Counts every command the client sends (pipelines' included) in
 * redis_commands_total{command,outcome}; the command label is the lower-case command name when
 * Redis knows it, else `other`.
 */
export function countCommands(redis: Redis): void {
  commandsTotal();
  const send = redis.sendCommand.bind(redis) as (command: Command, ...rest: unknown[]) => unknown;
  redis.sendCommand = ((command: Command, ...rest: unknown[]) => {
    const result = send(command, ...rest);
    const [ok, error] = outcomeOf(command.name);
    command.promise.then(ok, error);
    return result;
  }) as Redis['sendCommand'];
}
