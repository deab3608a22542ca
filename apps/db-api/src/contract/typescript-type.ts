/** A JSON Schema (2020-12, as zod's toJSONSchema writes it) as a TypeScript type expression. */
type Schema = Readonly<Record<string, unknown>>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literal(value: unknown): string {
  return value === null ? 'null' : JSON.stringify(value);
}

function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function comment(text: unknown, indent: string): string {
  if (typeof text !== 'string' || text === '') return '';
  return `${indent}/** ${text.replaceAll('*/', '*\\/').replaceAll('\n', ' ')} */\n`;
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.length === 0) return 'never';
  if (unique.includes('unknown')) return 'unknown';
  return unique.join(' | ');
}

function objectType(schema: Schema, indent: string): string {
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(([key, value]) => {
    const property = isSchema(value) ? value : {};
    const optional = required.has(key) ? '' : '?';
    return `${comment(property['description'], inner)}${inner}${propertyKey(key)}${optional}: ${typeExpression(property, inner)};`;
  });
  const additional = schema['additionalProperties'];
  if (additional !== false && !(Object.keys(properties).length > 0 && additional === undefined)) {
    const value = isSchema(additional) ? typeExpression(additional, inner) : 'unknown';
    lines.push(`${inner}[key: string]: ${Object.keys(properties).length > 0 ? 'unknown' : value};`);
  }
  return lines.length === 0 ? 'Record<string, never>' : `{\n${lines.join('\n')}\n${indent}}`;
}

function singleType(type: string, schema: Schema, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(schema['prefixItems'])) {
        const items = (schema['prefixItems'] as unknown[]).map((item) =>
          typeExpression(isSchema(item) ? item : {}, indent),
        );
        const rest = schema['items'] === false ? '' : `, ...${arrayItem(schema['items'], indent)}[]`;
        return `[${items.join(', ')}${rest}]`;
      }
      return `${arrayItem(schema['items'], indent)}[]`;
    }
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

function arrayItem(items: unknown, indent: string): string {
  const type = isSchema(items) ? typeExpression(items, indent) : 'unknown';
  return type.includes(' | ') || type.includes(' & ') ? `(${type})` : type;
}

/** The TypeScript type of a value that fits `schema`; `unknown` for what it cannot express. */
export function typeExpression(schema: Schema, indent = ''): string {
  if ('const' in schema) return literal(schema['const']);
  if (Array.isArray(schema['enum'])) return union((schema['enum'] as unknown[]).map(literal));
  const choices = (schema['anyOf'] ?? schema['oneOf']) as unknown;
  if (Array.isArray(choices)) {
    return union(choices.map((choice) => typeExpression(isSchema(choice) ? choice : {}, indent)));
  }
  if (Array.isArray(schema['allOf'])) {
    const parts = (schema['allOf'] as unknown[]).map((part) =>
      typeExpression(isSchema(part) ? part : {}, indent),
    );
    return parts.length === 0
      ? 'unknown'
      : parts.map((part) => (part.includes(' | ') ? `(${part})` : part)).join(' & ');
  }
  const type = schema['type'];
  if (typeof type === 'string') return singleType(type, schema, indent);
  if (Array.isArray(type)) return union(type.map((each) => singleType(String(each), schema, indent)));
  if (isSchema(schema['properties'])) return objectType(schema, indent);
  return 'unknown';
}
