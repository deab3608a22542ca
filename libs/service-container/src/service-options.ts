import { z } from 'zod';

/** Methods safe to repeat: the only ones a service client retries. */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'] as const;

/** Methods a service client may hedge without being told the call is idempotent. */
export const HEDGED_METHODS: readonly string[] = ['GET', 'HEAD'];

// A value interpolated from the environment is a string: numbers and booleans accept their text too.
const wholeNumber = (min: number, max: number, what: string) =>
  z
    .union(
      [
        z.number(),
        z
          .string()
          .regex(/^\s*\d+\s*$/, `expected ${what}`)
          .transform(Number),
      ],
      {
        error: `expected ${what}`,
      },
    )
    .pipe(
      z
        .number()
        .int(`expected ${what}`)
        .min(min, `expected ${what} of at least ${min}`)
        .max(max, `expected ${what} of at most ${max}`),
    );

const millis = (max: number) => wholeNumber(1, max, 'milliseconds (a whole number)');

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
  error: 'expected true or false',
});

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headers = z
  .record(
    z.string().regex(HEADER_NAME, 'expected an HTTP header name'),
    z
      .string({ error: 'expected a text value (quote it in YAML)' })
      .max(8_192, 'expected at most 8192 characters')
      .refine((value) => !/[\r\n\0]/.test(value), 'must not contain line breaks or NUL'),
  )
  .superRefine((value, context) => {
    for (const name of Object.keys(value)) {
      const lower = name.toLowerCase();
      if (lower === 'x-request-id') {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: 'is set per request from the incoming request id; do not configure it',
        });
      }
      if (lower === 'x-request-timeout-ms') {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: "is set per attempt from the call's deadline; configure deadlineMs instead",
        });
      }
    }
  });

const method = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(
    z.enum(IDEMPOTENT_METHODS, {
      error: `expected idempotent methods only (${IDEMPOTENT_METHODS.join(', ')}): retrying others could repeat a side effect`,
    }),
  );

/** Options of one service, as written in container.yml or passed to `container.add()`. */
export const serviceOptionsSchema = z.strictObject({
  /** Where the service lives; request paths are relative to it. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .transform((value) => (value.endsWith('/') ? value : `${value}/`)),
  timeout: z
    .strictObject({
      /** Bound on opening the TCP (and TLS) connection. */
      connect: millis(60_000).default(2_000),
      /** Bound on one whole attempt, from start to the last byte of the answer. */
      request: millis(600_000).default(10_000),
    })
    .prefault({}),
  retry: z
    .strictObject({
      /** Retries after the first attempt; 0 turns retrying off. */
      limit: wholeNumber(0, 10, 'a whole number').default(2),
      methods: z.array(method).default(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']),
      statusCodes: z.array(wholeNumber(400, 599, 'an HTTP status')).default([408, 429, 500, 502, 503, 504]),
      /** First backoff delay, doubled at each retry, plus up to 100 ms of jitter. */
      baseDelayMs: millis(60_000).default(100),
      backoffLimitMs: millis(60_000).default(2_000),
      /** A Retry-After longer than this is not waited for: the call fails at once. */
      maxRetryAfterMs: millis(600_000).default(5_000),
      /** A retry (or hedge) starts only when at least this much of the deadline is left after its backoff. */
      minAttemptMs: millis(60_000).default(50),
      /** Retries (and hedges) over a sliding window, as a share of the calls: failures cannot multiply the load. */
      budget: z
        .strictObject({
          percent: wholeNumber(0, 100, 'a percentage').default(10),
          windowMs: millis(3_600_000).default(10_000),
          /** Allowed whatever the volume (as a floor, not on top of the share). */
          minPerSecond: wholeNumber(0, 1_000, 'a whole number').default(1),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Bound on a whole call: queue, attempts, backoff. Each attempt's timeout is cut to what is
   * left, and the remaining time is sent as x-request-timeout-ms. Unset: bounded by the retries.
   */
  deadlineMs: millis(3_600_000).optional(),
  bulkhead: z
    .strictObject({
      /** Calls to the service in flight at once. */
      maxConcurrent: wholeNumber(1, 100_000, 'a whole number').default(100),
      /** Calls waiting for a slot; beyond it SERVICE_BULKHEAD_FULL at once. */
      maxQueue: wholeNumber(0, 100_000, 'a whole number').default(100),
      /** Longest wait for a slot (a deadline may cut it shorter). */
      queueTimeoutMs: millis(600_000).default(5_000),
    })
    .prefault({}),
  /** Hedging: a second attempt of a slow idempotent call (GET, HEAD, or marked idempotent). */
  hedge: z
    .strictObject({
      enabled: flag.default(false),
      /** Wait before the second attempt; unset: the `percentile` of recent latencies. */
      delayMs: millis(600_000).optional(),
      percentile: wholeNumber(50, 99, 'a percentile (50 to 99)').default(95),
    })
    .prefault({}),
  /** Sent with every request; `authorization` is never logged. */
  headers: headers.default({}),
  breaker: z
    .strictObject({
      enabled: flag.default(true),
      /** Open when this share of the calls in the window failed (timeouts, network errors, 5xx). */
      errorThresholdPercentage: wholeNumber(1, 100, 'a percentage').default(50),
      /** Calls needed in the window before the breaker may open. */
      volumeThreshold: wholeNumber(0, 10_000, 'a whole number').default(5),
      /** How long the breaker stays open before letting one probe call through. */
      resetTimeoutMs: millis(3_600_000).default(10_000),
      rollingWindowMs: millis(3_600_000).default(10_000),
    })
    .prefault({}),
  /** Concurrent connections to the service (keep-alive pool). */
  maxSockets: wholeNumber(1, 1_024, 'a whole number').default(50),
  health: z
    .strictObject({
      /**
       * Path probed by `container.check()`, resolved against baseUrl like a link:
       * `/healthz` is at the root of the service's origin, `healthz` below baseUrl.
       */
      path: z
        .string()
        .min(1)
        .max(200)
        .refine((value) => !/^([a-z][a-z\d+.-]*:|\/\/)/i.test(value) && !/\s/.test(value), {
          message: 'expected a path on the service (no scheme, host or spaces)',
        })
        .default('/healthz'),
    })
    .prefault({}),
  /** Free labels to select services by (the demo calls /hello on services tagged `hello`). */
  tags: z.array(z.string().regex(/^[\w.-]{1,64}$/, 'expected a short label')).default([]),
});

export type ServiceOptionsInput = z.input<typeof serviceOptionsSchema>;
export type ServiceOptions = z.output<typeof serviceOptionsSchema>;

/** Names a service may have: what YAML keys and code identifiers commonly use. */
export const SERVICE_NAME = /^[A-Za-z][\w.-]{0,63}$/;
