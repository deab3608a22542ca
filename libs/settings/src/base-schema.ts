import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

/** Booleans as written in env files: true/false, 1/0, yes/no, on/off. */
export const envBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])])
  .transform(
    (value) => value === true || value === 'true' || value === '1' || value === 'yes' || value === 'on',
  );

/** A comma-separated list, trimmed, empty entries dropped. */
export const envList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

/** Settings every app of the platform has. */
export const baseSettingsShape = {
  ENVIRONMENT: z
    .string()
    .regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, - or _')
    .default('local'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A file to write rotated JSON logs to, besides stdout. */
  LOG_PATH: z.string().min(1).optional(),
  LOG_ROTATE_SIZE: z
    .string()
    .regex(/^\d+[kmg]?$/i, 'a size such as 10m')
    .default('10m'),
  LOG_ROTATE_FREQUENCY: z.enum(['daily', 'hourly']).optional(),
  LOG_ROTATE_KEEP: z.coerce.number().int().min(1).max(1000).default(10),
  /** Distinguishes replicas in logs, as the seed's PROCESS_ID. */
  PROCESS_ID: z.string().min(1).optional(),
  /** Worker processes per host (node:cluster); 1 keeps one process per container. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'a size such as 100kb')
    .default('100kb'),
  TRUST_PROXY: z.string().default('loopback'),
  /**
   * gzip answers of 1 kB or more in the app itself. Unset: the app's own default (off for APIs,
   * where nginx or the ingress compresses; on for pages). Set true for an app that serves large
   * answers with nothing in front of it, as the seed's flask_compress did.
   */
  COMPRESSION: envBoolean.optional(),
  /** When set, GET /metrics wants `authorization: Bearer <METRICS_TOKEN>`; unset it is open (internal only). */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** `otlp` exports trace spans; `none` keeps them in-process. Unset: `otlp` when an endpoint is set. */
  OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp']).optional(),
  /** The OTLP/HTTP collector's base URL (spans go to <url>/v1/traces). */
  /** true turns tracing off: no spans, no trace ids in log lines, no per-request async context. */
  OTEL_SDK_DISABLED: envBoolean.optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).optional(),
} as const;

export const baseSettingsSchema = z.object(baseSettingsShape);
export type BaseSettings = z.infer<typeof baseSettingsSchema>;
