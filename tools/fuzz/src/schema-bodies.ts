import fc from 'fast-check';

/** The part of JSON Schema (2020-12, as zod writes it) that request bodies use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

const MAX_STRING = 300;
const MAX_ITEMS = 8;

function resolve(schema: JsonSchema, definitions: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  return definitions[name] ?? {};
}

/** An arbitrary of values that the schema describes (bounded in size), for property-based bodies. */
export function arbitraryOf(
  input: JsonSchema,
  definitions: Record<string, JsonSchema> = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(input, definitions);
  if (depth > 6) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((member) => arbitraryOf(member, definitions, depth + 1)));
  if (schema.allOf?.[0]) return arbitraryOf(schema.allOf[0], definitions, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.min(schema.maxLength ?? MAX_STRING, Math.max(minLength, MAX_STRING));
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date-time')
        return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.pattern)
        return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= maxLength);
      return fc.string({ minLength, maxLength, unit: 'grapheme' });
    }
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e12,
        max: schema.maximum ?? 1e12,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}, definitions, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? MAX_ITEMS, Math.max(schema.minItems ?? 0, MAX_ITEMS)),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties))
        record[key] = arbitraryOf(value, definitions, depth + 1);
      return fc.record(record, { requiredKeys: [...required].filter((key) => key in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Valid-looking values bent out of shape: a field dropped, retyped, or a prototype key added. */
export function mutated(value: unknown): fc.Arbitrary<unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant([value]), fc.constant({ value }));
  }
  const entries = Object.entries(value);
  const keys = entries.map(([key]) => key);
  return fc.oneof(
    keys.length > 0
      ? fc.constantFrom(...keys).map((drop) => Object.fromEntries(entries.filter(([key]) => key !== drop)))
      : fc.constant({}),
    keys.length > 0
      ? fc
          .tuple(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }))
          .map(([key, replacement]) => ({ ...value, [key]: replacement }))
      : fc.constant(value),
    fc.constantFrom('__proto__', 'constructor', 'extra').map((key) =>
      JSON.parse(
        JSON.stringify({ ...value })
          .replace(/^\{/, `{"${key}":{"polluted":true},`)
          .replace(/,\}$/, '}'),
      ),
    ),
  );
}

/** `count` bodies for one schema, half valid-looking and half mutated, the same for the same seed. */
export function bodiesFor(
  schema: JsonSchema,
  definitions: Record<string, JsonSchema>,
  options: { seed: number; count: number },
): unknown[] {
  const valid = arbitraryOf(schema, definitions);
  const half = Math.ceil(options.count / 2);
  const bodies = fc.sample(valid, { seed: options.seed, numRuns: half });
  const bent = fc.sample(
    valid.chain((value) => mutated(value)),
    { seed: options.seed + 1, numRuns: options.count - half },
  );
  return [...bodies, ...bent];
}
