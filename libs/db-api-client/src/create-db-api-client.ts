import { DbApiError, type DbApiErrorBody } from './db-api-error.js';
import { dbApiModules, type DbApiActions } from './generated/db-api-actions.js';

/** An action's batch name, `<module>/<action>`. */
export type ActionName = keyof DbApiActions;
export type ActionInput<A extends ActionName> = DbApiActions[A]['input'];
export type ActionOutput<A extends ActionName> = DbApiActions[A]['output'];

/** One item of a batch: an action and its input. */
export type BatchItem = { [A in ActionName]: { action: A; input: ActionInput<A> } }[ActionName];

/** The results of a batch, in the order of its items, each typed by its action. */
export type BatchResults<Items extends readonly BatchItem[]> = {
  -readonly [I in keyof Items]: Items[I] extends { action: infer A extends ActionName }
    ? ActionOutput<A>
    : never;
};

/** A method of the client: the input may be left out when every field is optional. */
type Method<A extends ActionName> =
  Record<string, never> extends ActionInput<A>
    ? (input?: ActionInput<A>, call?: CallOptions) => Promise<ActionOutput<A>>
    : (input: ActionInput<A>, call?: CallOptions) => Promise<ActionOutput<A>>;

type Modules = typeof dbApiModules;
/** `client.<module>.<method>(input)` for every action. */
export type ModuleMethods = {
  [M in keyof Modules]: {
    [K in keyof Modules[M]]: Modules[M][K] extends ActionName ? Method<Modules[M][K]> : never;
  };
};

export interface DbApiClientOptions {
  /** db-api's base URL, `http://db-api:8010`. */
  baseUrl: string;
  /** A bearer token db-api accepts. */
  token: string;
  /** Longest wait for one answer (default 5000 ms). */
  timeoutMs?: number;
  /** Headers sent with every call (an `x-request-id`, say). */
  headers?: Readonly<Record<string, string>>;
  /** The fetch to use (default the global one). */
  fetch?: typeof globalThis.fetch;
}

export interface CallOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
  /** This call's own timeout. */
  timeoutMs?: number;
  /** Sent as `x-request-id`, so db-api logs under the caller's id. */
  requestId?: string;
}

export interface DbApiClient {
  /** Any action by its batch name. */
  call<A extends ActionName>(action: A, input: ActionInput<A>, call?: CallOptions): Promise<ActionOutput<A>>;
  /** POST /batch: the items in one transaction; their results in order, or the failing item's error. */
  batch<const Items extends readonly BatchItem[]>(
    items: Items,
    call?: CallOptions,
  ): Promise<BatchResults<Items>>;
}

function isEnvelope(body: unknown): body is { error: DbApiErrorBody } {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function transportError(error: unknown, path: string, timedOut: boolean): DbApiError {
  if (timedOut) {
    return new DbApiError('DB_API_TIMEOUT', `db-api did not answer POST ${path} in time`, {
      status: 0,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new DbApiError('DB_API_CANCELLED', `POST ${path} was cancelled`, { status: 0, cause: error });
  }
  return new DbApiError('DB_API_UNREACHABLE', `db-api cannot be reached for POST ${path}`, {
    status: 0,
    cause: error,
  });
}

/**
 * The typed db-api client: `client.example.foo({ name })`, `client.call('example/foo', …)` and
 * `client.batch([...])`. Every failure is a DbApiError with db-api's code and details.
 */
export function createDbApiClient(options: DbApiClientOptions): DbApiClient & ModuleMethods {
  const { token, timeoutMs = 5_000, headers = {}, fetch = globalThis.fetch } = options;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function post(path: string, body: unknown, call: CallOptions = {}): Promise<unknown> {
    const timeout = AbortSignal.timeout(call.timeoutMs ?? timeoutMs);
    const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          ...headers,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          ...(call.requestId ? { 'x-request-id': call.requestId } : {}),
        },
        body: JSON.stringify(body ?? {}),
        signal,
      });
      text = await response.text();
    } catch (error) {
      throw transportError(error, path, timeout.aborted);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new DbApiError(
        'DB_API_BAD_RESPONSE',
        `db-api answered POST ${path} with a body that is not JSON`,
        {
          status: response.status,
          cause: error,
        },
      );
    }
    if (response.ok) return parsed;
    if (isEnvelope(parsed)) throw DbApiError.fromEnvelope(response.status, parsed.error);
    throw new DbApiError('DB_API_BAD_RESPONSE', `db-api answered POST ${path} with ${response.status}`, {
      status: response.status,
    });
  }

  const client: DbApiClient = {
    call: (action, input, call) => post(`/${action}`, input, call) as Promise<never>,
    batch: async (items, call) => {
      const answer = (await post('/batch', items, call)) as { results?: unknown };
      if (!Array.isArray(answer.results)) {
        throw new DbApiError('DB_API_BAD_RESPONSE', 'db-api answered POST /batch without results', {
          status: 200,
        });
      }
      return answer.results as never;
    },
  };
  const methods = Object.fromEntries(
    Object.entries(dbApiModules).map(([module, actions]) => [
      module,
      Object.fromEntries(
        Object.entries(actions).map(([method, action]) => [
          method,
          (input: unknown, call?: CallOptions) => post(`/${action}`, input, call),
        ]),
      ),
    ]),
  ) as ModuleMethods;
  return Object.assign(methods, client);
}
