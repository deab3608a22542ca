import { AppError } from '@platform/errors';

/** `container.get(name)` for a name the container does not hold. */
export class UnknownServiceError extends AppError {
  readonly service: string;
  readonly known: readonly string[];

  constructor(service: string, known: readonly string[]) {
    const list = known.length > 0 ? known.join(', ') : 'none';
    super('SERVICE_UNKNOWN', `Unknown service "${service}"; the container has: ${list}`, {
      statusCode: 500,
      details: { service, known },
    });
    this.service = service;
    this.known = known;
  }
}

/** `container.add(name)` for a name already taken. */
export class ServiceAlreadyDefinedError extends AppError {
  readonly service: string;

  constructor(service: string) {
    super('SERVICE_ALREADY_DEFINED', `Service "${service}" is already defined in the container`, {
      statusCode: 500,
      details: { service },
    });
    this.service = service;
  }
}
