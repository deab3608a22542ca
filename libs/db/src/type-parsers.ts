import pg, { type CustomTypesConfig } from 'pg';
import { parse as parseArray } from 'postgres-array';

type TextParser = (value: string) => unknown;

/** OIDs of the built-in types whose default parsing loses information or shifts time zones. */
const OID = {
  int8: 20,
  int8Array: 1016,
  date: 1082,
  dateArray: 1182,
  timestamp: 1114,
  timestampArray: 1115,
  interval: 1186,
  intervalArray: 1187,
} as const;

const asBigInt: TextParser = (value) => BigInt(value);

/** `2024-01-02 03:04:05.123456` (no zone) as ISO-8601 local time, keeping every digit. */
const asIsoLocal: TextParser = (value) =>
  /^\d{4,}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value;

/** A calendar date stays `YYYY-MM-DD`: a Date would move it by the server's time zone. */
const asText: TextParser = (value) => value;

const defaultInterval = pg.types.getTypeParser(OID.interval, 'text') as (value: string) => {
  toISOString(): string;
};
/** An interval as an ISO-8601 duration (`P0Y0M1DT2H0M0S`). */
const asIsoDuration: TextParser = (value) => defaultInterval(value).toISOString();

const arrayOf =
  (element: TextParser): TextParser =>
  (value) =>
    parseArray(value, element);

const overrides = new Map<number, TextParser>([
  [OID.int8, asBigInt],
  [OID.int8Array, arrayOf(asBigInt)],
  [OID.date, asText],
  [OID.dateArray, arrayOf(asText)],
  [OID.timestamp, asIsoLocal],
  [OID.timestampArray, arrayOf(asIsoLocal)],
  [OID.interval, asIsoDuration],
  [OID.intervalArray, arrayOf(asIsoDuration)],
]);

/**
 * Per-pool type parsers (pg's global ones stay untouched): int8 as bigint,
 * date and timestamp as ISO-8601 text, interval as an ISO-8601 duration.
 * numeric stays a string (exact); timestamptz a Date; bytea a Buffer; json parsed.
 */
export const exactTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      const parser = overrides.get(oid);
      if (parser) return parser;
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as CustomTypesConfig['getTypeParser'],
};
