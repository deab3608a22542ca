import { LineCounter, parseDocument } from 'yaml';
import { ContainerConfigError, type ContainerProblem } from './container-config-error.js';
import { interpolateValue, type Environment } from './interpolate.js';
import type { ServiceOptions } from './service-options.js';
import { validateService } from './validate-service.js';

export interface ParseContainerOptions {
  /** Where the text came from, for messages. */
  source: string;
  /** Variables for `${VAR}` / `${VAR:-default}`. */
  env: Environment;
}

/** Top-level keys starting with `x-` hold YAML anchors shared by services; they are not services. */
const EXTENSION_KEY = /^x-/;

/**
 * Parses a container file's text: YAML whose top level maps service names to options.
 * Strings are interpolated from `env` after parsing (so a value can never change the
 * YAML structure), then each service is validated. Every problem is reported at once.
 */
export function parseContainer(text: string, options: ParseContainerOptions): Map<string, ServiceOptions> {
  const { source, env } = options;
  const lineCounter = new LineCounter();
  // prettyErrors off: its messages quote the source, which may hold a secret.
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: true, lineCounter });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const reason = syntaxError.message.split('\n')[0]?.slice(0, 200) ?? syntaxError.code;
    throw new ContainerConfigError('CONTAINER_FILE_NOT_YAML', source, [
      { message: `is not valid YAML at line ${line}, column ${col}: ${reason}` },
    ]);
  }
  let tree: unknown;
  try {
    tree = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ContainerConfigError(
      'CONTAINER_FILE_NOT_YAML',
      source,
      [{ message: 'is not usable YAML (too many alias expansions)' }],
      { cause: error },
    );
  }
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    const found =
      tree === null || tree === undefined ? 'an empty document' : Array.isArray(tree) ? 'a list' : 'a scalar';
    throw new ContainerConfigError('CONTAINER_FILE_NOT_MAPPING', source, [
      { message: `expected a mapping of service names to options, found ${found}` },
    ]);
  }

  const services = new Map<string, ServiceOptions>();
  const problems: ContainerProblem[] = [];
  for (const [service, raw] of Object.entries(tree)) {
    if (EXTENSION_KEY.test(service)) continue;
    const interpolated = interpolateValue(raw, env);
    if (interpolated.problems.length > 0) {
      problems.push(
        ...interpolated.problems.map((problem) => ({
          service,
          field: problem.path || '(entry)',
          message: problem.message,
        })),
      );
      continue;
    }
    const result = validateService(service, interpolated.value);
    if (result.problems) problems.push(...result.problems);
    else services.set(service, result.options);
  }
  if (problems.length > 0) throw new ContainerConfigError('CONTAINER_SERVICE_INVALID', source, problems);
  if (services.size === 0) {
    throw new ContainerConfigError('CONTAINER_FILE_NOT_MAPPING', source, [
      { message: 'defines no service; expected a mapping of service names to options' },
    ]);
  }
  return services;
}
