import pino, { type Level, type Logger } from 'pino';

/** What one request line says; its shape is fixed, so it is serialized by hand, once per line. */
export interface RequestLineFields {
  id: string | undefined;
  method: string | undefined;
  url: string | undefined;
  remoteAddress: string | undefined;
  status: number;
  durationMs: number;
  route: string | undefined;
  caller: string | undefined;
  message: string;
  /** The request's own trace ids, written in place of the logger's mixin (the active span's). */
  trace?: { traceId: string; spanId: string } | undefined;
}

export type RequestLineWriter = (level: Level, fields: RequestLineFields) => void;

interface PinoInternals {
  [key: symbol]: unknown;
}

type Mixin = (mergeObject: object, level: number, logger: Logger) => Record<string, unknown>;

const quote = (value: string | undefined): string => (value === undefined ? 'null' : JSON.stringify(value));

/**
 * Writes request lines straight to the logger's destination, in the JSON pino itself would write
 * for the same object (`log.level`, `level`, `@timestamp`, the logger's bindings, the mixin's
 * trace fields, the line, `message`), without walking a generic object per request: the
 * request line is most of what a service logs. Undefined when the logger is not one of the
 * platform's (no `log.level` formatter); the caller then logs through pino as usual.
 */
export function requestLineWriter(logger: Logger): RequestLineWriter | undefined {
  const internals = logger as unknown as PinoInternals;
  const { streamSym, chindingsSym, timeSym, mixinSym, messageKeySym } = pino.symbols;
  const stream = internals[streamSym] as { write(line: string): void } | undefined;
  const bindings = internals[chindingsSym];
  const time = internals[timeSym];
  const mixin = internals[mixinSym] as Mixin | undefined;
  const formatted = logger.levels.values;
  if (
    !stream ||
    typeof bindings !== 'string' ||
    typeof time !== 'function' ||
    internals[messageKeySym] !== 'message' ||
    !JSON.stringify(
      (internals[pino.symbols.formattersSym] as { level?: (label: string, n: number) => object })?.level?.(
        'info',
        30,
      ) ?? {},
    ).includes('log.level')
  ) {
    return undefined;
  }
  const timestamp = time as () => string;
  return (level, fields) => {
    if (!logger.isLevelEnabled(level)) return;
    const number = formatted[level] ?? 30;
    let line = `{"log.level":"${level}","level":${number}${timestamp()}${bindings}`;
    if (fields.trace) {
      line += `,"trace.id":${quote(fields.trace.traceId)},"span.id":${quote(fields.trace.spanId)}`;
    } else if (mixin) {
      const extra = mixin({}, number, logger);
      for (const key in extra) line += `,${JSON.stringify(key)}:${JSON.stringify(extra[key])}`;
    }
    const id = quote(fields.id);
    line +=
      `,"request.id":${id},"req":{"id":${id},"method":${quote(fields.method)},"url":${quote(fields.url)}` +
      `${fields.remoteAddress === undefined ? '' : `,"remoteAddress":${quote(fields.remoteAddress)}`}}` +
      `,"res":{"statusCode":${fields.status}},"duration_ms":${fields.durationMs}`;
    if (fields.route !== undefined) line += `,"http.route":${quote(fields.route)}`;
    if (fields.caller !== undefined) line += `,"caller":${quote(fields.caller)}`;
    line += `,"message":${quote(fields.message)}}\n`;
    stream.write(line);
  };
}
