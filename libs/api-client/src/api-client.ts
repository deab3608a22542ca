import { credentials as grpcCredentials, Metadata, status, type ChannelCredentials } from '@grpc/grpc-js';
import { context, propagation, type TextMapSetter } from '@opentelemetry/api';
import { ApiStubClient, type ApiStub, type ItemOutput } from '@platform/api-proto';
import { currentDeadline } from '@platform/deadline';
import { ValidationError } from '@platform/errors';
import { ApiCancelledError, ApiUnavailableError } from './api-errors.js';
import { channelOptionsFrom, type ChannelSettings } from './channel-options.js';
import { toApiError } from './to-api-error.js';

export interface ApiClientOptions extends ChannelSettings {
  /** `host:port` of the backend (any gRPC target: `dns:///backend:50051`…). */
  target: string;
  /** Bearer token sent as `authorization` metadata on every call. */
  token?: string | undefined;
  /** Deadline of every call unless the call names its own; a stream's covers the whole stream. */
  deadlineMs?: number;
  /** Defaults to plaintext (inside the platform's network); pass TLS credentials across networks. */
  credentials?: ChannelCredentials;
}

export interface CallOptions {
  /** This call's deadline, from now; a shorter current deadline (@platform/deadline) wins. */
  deadlineMs?: number;
  /** Cancels the call (with ApiCancelledError) when aborted. */
  signal?: AbortSignal | undefined;
  /** Sent as `x-request-id` metadata, so the backend's log lines join the caller's. */
  requestId?: string | undefined;
}

const INT32_MAX = 2 ** 31 - 1;

function checkLength(length: number): void {
  if (!Number.isInteger(length) || Math.abs(length) > INT32_MAX) {
    throw new ValidationError([{ path: 'length', message: 'must be a 32-bit integer' }]);
  }
}

interface Cancellable {
  cancel(): void;
}

/** Cancels the call when the signal aborts; returns the function that stops listening. */
function cancelOnAbort(signal: AbortSignal | undefined, call: Cancellable): () => void {
  if (!signal) return () => {};
  const onAbort = (): void => call.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

function abortedError(signal: AbortSignal | undefined): ApiCancelledError | undefined {
  return signal?.aborted
    ? new ApiCancelledError({ grpcCode: status.CANCELLED, cause: signal.reason })
    : undefined;
}

/**
 * The typed client of the Api service: a deadline on every call, keepalive on the
 * channel, and every failure as a typed error with a stable code (see api-errors.ts).
 * One instance per backend, shared by every request: it holds one HTTP/2 connection.
 */
export class ApiClient {
  readonly #stub: ApiStub;
  readonly #metadata: Metadata;
  readonly #deadlineMs: number;

  constructor(options: ApiClientOptions) {
    const { target, token, deadlineMs = 5_000, credentials = grpcCredentials.createInsecure() } = options;
    this.#stub = new ApiStubClient(target, credentials, channelOptionsFrom(options));
    this.#metadata = new Metadata();
    if (token) this.#metadata.set('authorization', `Bearer ${token}`);
    this.#deadlineMs = deadlineMs;
  }

  /** "Hello <name>!" */
  sayHello(name: string, options: CallOptions = {}): Promise<string> {
    return this.#unary<{ message: string }>(
      (callback, metadata, callOptions) => this.#stub.sayHello({ name }, metadata, callOptions, callback),
      options,
    ).then((hello) => hello.message);
  }

  /** Items 1..length, in one message. */
  getAll(length: number, options: CallOptions = {}): Promise<ItemOutput[]> {
    checkLength(length);
    return this.#unary<{ items: ItemOutput[] }>(
      (callback, metadata, callOptions) => this.#stub.getAll({ length }, metadata, callOptions, callback),
      options,
    ).then((items) => items.items);
  }

  /**
   * Items 1..length, one message each, as they arrive. Reading drives the flow:
   * a consumer that stops pulling stops the server (HTTP/2 flow control), and
   * leaving the loop early (break, throw) cancels the call.
   */
  async *getStream(length: number, options: CallOptions = {}): AsyncGenerator<ItemOutput, void, undefined> {
    checkLength(length);
    const aborted = abortedError(options.signal);
    if (aborted) throw aborted;
    const call = this.#stub.getStream({ length }, this.#metadataFor(options), this.#callOptions(options));
    // Errors after we stop reading (the cancel below) must not go unhandled.
    call.on('error', () => {});
    const detach = cancelOnAbort(options.signal, call);
    try {
      for await (const item of call) yield item as ItemOutput;
    } catch (error) {
      throw toApiError(error);
    } finally {
      detach();
      call.cancel();
    }
  }

  /** Resolves once connected; rejects with ApiUnavailableError after `timeoutMs`. */
  ready(timeoutMs = this.#deadlineMs): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stub.waitForReady(Date.now() + timeoutMs, (error) => {
        if (error) reject(new ApiUnavailableError({ grpcCode: status.UNAVAILABLE, cause: error }));
        else resolve();
      });
    });
  }

  /** Closes the channel; calls still open fail with CANCELLED. */
  close(): void {
    this.#stub.close();
  }

  #metadataFor(options: CallOptions): Metadata {
    const metadata = this.#metadata.clone();
    if (options.requestId) metadata.set('x-request-id', options.requestId);
    // W3C traceparent of the active span (a no-op until the process starts tracing).
    propagation.inject(context.active(), metadata, metadataSetter);
    return metadata;
  }

  /** The call's own deadline, shortened to the deadline of the work being done (@platform/deadline). */
  #callOptions(options: CallOptions): { deadline: number } {
    const own = Date.now() + (options.deadlineMs ?? this.#deadlineMs);
    const current = currentDeadline();
    return { deadline: current === undefined ? own : Math.min(own, current) };
  }

  #unary<Response>(
    start: (
      callback: (error: Error | null, response?: Response) => void,
      metadata: Metadata,
      callOptions: { deadline: number },
    ) => Cancellable,
    options: CallOptions,
  ): Promise<Response> {
    const aborted = abortedError(options.signal);
    if (aborted) return Promise.reject(aborted);
    return new Promise<Response>((resolve, reject) => {
      let detach = (): void => {};
      const call = start(
        (error, response) => {
          detach();
          if (error || response === undefined) reject(toApiError(error));
          else resolve(response);
        },
        this.#metadataFor(options),
        this.#callOptions(options),
      );
      detach = cancelOnAbort(options.signal, call);
    });
  }
}

const metadataSetter: TextMapSetter<Metadata> = {
  set: (carrier, key, value) => carrier.set(key, value),
};
