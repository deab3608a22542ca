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

/**
 * The seed's demo: GET /hello/<name> on every service tagged `hello`, and a health line for
 * every other service, all in parallel. A service that fails gives its own line; the others still answer.
 */
export async function greetAll(
  container: ServiceContainer,
  name: string,
  options: { checkTimeoutMs: number },
): Promise<DemoLine[]> {
  const names = container.names();
  const hello = names.filter((service) => container.options(service).tags.includes('hello'));
  const others = names.filter((service) => !hello.includes(service));
  const [greetings, health] = await Promise.all([
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
  ]);
  const lines = new Map([...greetings, ...health.map(healthLine)].map((line) => [line.service, line]));
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
