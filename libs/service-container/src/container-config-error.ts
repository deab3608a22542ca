import { AppError } from '@platform/errors';

/** Why a container file or a service definition was refused. */
export type ContainerConfigCode =
  | 'CONTAINER_FILE_MISSING'
  | 'CONTAINER_FILE_UNREADABLE'
  | 'CONTAINER_FILE_NOT_YAML'
  | 'CONTAINER_FILE_NOT_MAPPING'
  | 'CONTAINER_SERVICE_INVALID';

export interface ContainerProblem {
  /** The service at fault; absent when the whole file is. */
  service?: string;
  /** Dotted path of the option at fault inside the service, such as `timeout.request`. */
  field?: string;
  /** What was expected; never the value itself, which may hold a secret. */
  message: string;
}

function describe(problem: ContainerProblem): string {
  const where = [
    problem.service === undefined ? undefined : `service "${problem.service}"`,
    problem.field === undefined ? undefined : `field "${problem.field}"`,
  ].filter((part) => part !== undefined);
  return where.length > 0 ? `${where.join(', ')}: ${problem.message}` : problem.message;
}

/**
 * A container file (or a service added in code) that cannot be used.
 * The message names the source, and for each problem the service and the field.
 */
export class ContainerConfigError extends AppError {
  /** The file path, or `code` for services added with `container.add()`. */
  readonly source: string;
  readonly problems: readonly ContainerProblem[];

  constructor(
    code: ContainerConfigCode,
    source: string,
    problems: readonly ContainerProblem[],
    options: { cause?: unknown } = {},
  ) {
    const origin = source === 'code' ? 'Service definition' : `Container file ${source}`;
    const [first] = problems;
    const message =
      problems.length === 1 && first
        ? `${origin}: ${describe(first)}`
        : `${origin} is invalid:\n${problems.map((problem) => `  - ${describe(problem)}`).join('\n')}`;
    super(code, message, { statusCode: 500, details: { source, problems }, cause: options.cause });
    this.source = source;
    this.problems = problems;
  }
}
