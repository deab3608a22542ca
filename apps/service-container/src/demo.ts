import type { DbApiClient, ModuleMethods } from '@platform/db-api-client';
import { isDbApiError } from '@platform/db-api-client';
import { isAppError } from '@platform/errors';
import type { ServiceContainer, ServiceHealth } from '@platform/service-container';

export interface DemoLine {
  service: string;
  ok: boolean;
  text: string;
}

const DOWN_CODES = new Set(['SERVICE_TIMEOUT', 'SERVICE_UNREACHABLE', 'SERVICE_CIRCUIT_OPEN']);

/** A failed call as one readable line: what failed, why, and its stable code. */
function failure(service: string, error: unknown): string {
  if (!isAppError(error)) return `failed: ${error instanceof Error ? error.message : String(error)}`;
  const message = error.message.startsWith(`${service}: `)
    ? error.message.slice(service.length + 2)
    : error.message;
  return `${DOWN_CODES.has(error.code) ? 'is down' : 'failed'}: ${message} [${error.code}]`;
}

function healthLine(health: ServiceHealth): DemoLine {
  if (health.status === 'up') {
    return {
      service: health.service,
      ok: true,
      text: `is up (GET ${health.url}: ${health.statusCode ?? '?'} in ${health.latencyMs} ms)`,
    };
  }
  if (health.status === 'not ready') {
    return {
      service: health.service,
      ok: false,
      text: `is up but not ready: ${health.reason ?? 'not ready'} (GET ${health.url}: ${health.statusCode ?? '?'} in ${health.latencyMs} ms) [SERVICE_NOT_READY]`,
    };
  }
  const error = health.error ?? { code: 'SERVICE_HTTP_ERROR', message: `GET ${health.url} failed` };
  const prefix = `${health.service}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const verb = DOWN_CODES.has(error.code) ? 'is down' : 'is not healthy';
  return { service: health.service, ok: false, text: `${verb}: ${message} [${error.code}]` };
}

/** db-api's seed action `example/foo` through the typed client: the name echoed with db-api's time. */
async function callDbApi(db: DbApiClient & ModuleMethods, name: string): Promise<DemoLine> {
  try {
    const answer = await db.example.foo({ name });
    return {
      service: DB_API,
      ok: true,
      text: `example/foo answered ${JSON.stringify(answer)} (typed client)`,
    };
  } catch (error) {
    const code = isDbApiError(error) ? error.code : 'DB_API_UNREACHABLE';
    const text = error instanceof Error ? error.message : String(error);
    return { service: DB_API, ok: false, text: `failed: ${text} [${code}]` };
  }
}

/** The container's name for db-api, which the demo calls through its typed client when it has a token. */
export const DB_API = 'db-api';

/**
 * The seed's demo: GET /hello/<name> on every service tagged `hello`, db-api's `example/foo`
 * through the typed client when one is given (its token set), and a health line for every other
 * service, all in parallel. A service that fails gives its own line; the others still answer.
 */
export async function greetAll(
  container: ServiceContainer,
  name: string,
  options: { checkTimeoutMs: number; dbApi?: (DbApiClient & ModuleMethods) | undefined },
): Promise<DemoLine[]> {
  const names = container.names();
  const hello = names.filter((service) => container.options(service).tags.includes('hello'));
  const typed = options.dbApi !== undefined && names.includes(DB_API) ? options.dbApi : undefined;
  const others = names.filter((service) => !hello.includes(service) && !(typed && service === DB_API));
  const [greetings, health, dbApiLine] = await Promise.all([
    Promise.all(
      hello.map(async (service): Promise<DemoLine> => {
        try {
          const text = await container
            .get(service)
            .get(`hello/${encodeURIComponent(name)}`)
            .text();
          return { service, ok: true, text };
        } catch (error) {
          return { service, ok: false, text: failure(service, error) };
        }
      }),
    ),
    others.length > 0 ? container.check({ services: others, timeoutMs: options.checkTimeoutMs }) : [],
    typed ? callDbApi(typed, name) : undefined,
  ]);
  const lines = new Map(
    [...greetings, ...health.map(healthLine), ...(dbApiLine ? [dbApiLine] : [])].map((line) => [
      line.service,
      line,
    ]),
  );
  return names.map((service) => lines.get(service)!);
}

/** Every service's health, as lines. */
export async function checkAll(container: ServiceContainer, timeoutMs: number): Promise<DemoLine[]> {
  return (await container.check({ timeoutMs })).map(healthLine);
}

/** `service  text`, names padded to one column. */
export function formatLines(lines: readonly DemoLine[]): string {
  const width = Math.max(0, ...lines.map((line) => line.service.length));
  return lines.map((line) => `${line.service.padEnd(width)}  ${line.text}\n`).join('');
}
