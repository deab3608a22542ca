/**
 * What changed between two OpenAPI documents of db-api, and which changes break a caller built
 * against the old one: an operation or a field removed, a type narrowed (a request) or changed
 * (an answer), an optional field made required, an enum value removed.
 */
type Schema = Readonly<Record<string, unknown>>;

export type ChangeKind =
  | 'operation-removed'
  | 'operation-added'
  | 'field-removed'
  | 'field-added'
  | 'required-field-added'
  | 'made-required'
  | 'made-optional'
  | 'type-changed'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-value-removed'
  | 'enum-value-added';

export interface ContractChange {
  kind: ChangeKind;
  breaking: boolean;
  /** `POST /example/foo` */
  operation: string;
  /** Which side of the operation: what callers send, or what they get back. */
  side: 'request' | 'response' | undefined;
  /** The field: `users[].email`; empty for the whole body. */
  path: string;
  /** Stable text naming the change, the one to list in contract-breaks.md to accept a break. */
  id: string;
  message: string;
}

type Side = 'request' | 'response';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function branches(schema: Schema): Schema[] {
  const choices = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(choices)) return choices.filter(isSchema).flatMap(branches);
  return [schema];
}

function valueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The JSON types a schema allows; undefined when any. */
function typesOf(schema: Schema): Set<string> | undefined {
  const types = new Set<string>();
  for (const branch of branches(schema)) {
    const type = branch['type'];
    if (typeof type === 'string') types.add(type);
    else if (Array.isArray(type)) for (const each of type) types.add(String(each));
    else if ('const' in branch) types.add(valueType(branch['const']));
    else if (Array.isArray(branch['enum'])) for (const value of branch['enum']) types.add(valueType(value));
    else if (isSchema(branch['properties'])) types.add('object');
    else return undefined;
  }
  return types;
}

/** Every value a schema allows, when it is a closed set (const or enum in every branch). */
function valuesOf(schema: Schema): Set<string> | undefined {
  const values = new Set<string>();
  for (const branch of branches(schema)) {
    if ('const' in branch) values.add(JSON.stringify(branch['const']));
    else if (Array.isArray(branch['enum']))
      for (const value of branch['enum']) values.add(JSON.stringify(value));
    else return undefined;
  }
  return values;
}

const accepts = (types: Set<string> | undefined, type: string): boolean =>
  types === undefined || types.has(type) || (type === 'integer' && types.has('number'));

/** The one branch of a type on each side, to follow into properties or items. */
function only(schema: Schema, type: 'object' | 'array'): Schema | undefined {
  const found = branches(schema).filter((branch) => {
    const types = typesOf(branch);
    return types?.size === 1 && types.has(type);
  });
  return found.length === 1 ? found[0] : undefined;
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;

class Comparison {
  readonly changes: ContractChange[] = [];

  add(
    kind: ChangeKind,
    breaking: boolean,
    operation: string,
    side: Side | undefined,
    path: string,
    message: string,
  ) {
    const id = [kind, operation, side, path].filter((part) => part !== undefined && part !== '').join(' ');
    this.changes.push({ kind, breaking, operation, side, path, id, message });
  }

  schemas(before: Schema, after: Schema, operation: string, side: Side, path: string): void {
    const where = path === '' ? `the ${side} body` : `${side} field ${path}`;
    const oldTypes = typesOf(before);
    const newTypes = typesOf(after);
    if (side === 'request') {
      const lost = oldTypes
        ? [...oldTypes].filter((type) => !accepts(newTypes, type))
        : newTypes
          ? ['any']
          : [];
      if (lost.length > 0) {
        this.add(
          'type-narrowed',
          true,
          operation,
          side,
          path,
          `${where} no longer accepts ${lost.join(', ')}`,
        );
        return;
      }
      const gained = newTypes ? [...newTypes].filter((type) => !accepts(oldTypes, type)) : [];
      if (gained.length > 0 || (oldTypes && !newTypes)) {
        this.add(
          'type-widened',
          false,
          operation,
          side,
          path,
          `${where} now also accepts ${gained.join(', ') || 'any'}`,
        );
      }
      this.bounds(before, after, operation, path, where);
    } else {
      const gained = newTypes
        ? [...newTypes].filter((type) => !accepts(oldTypes, type))
        : oldTypes
          ? ['any']
          : [];
      if (gained.length > 0) {
        this.add('type-changed', true, operation, side, path, `${where} may now be ${gained.join(', ')}`);
        return;
      }
    }
    this.values(before, after, operation, side, path, where);
    const oldObject = only(before, 'object');
    const newObject = only(after, 'object');
    if (oldObject && newObject) this.objects(oldObject, newObject, operation, side, path);
    const oldArray = only(before, 'array');
    const newArray = only(after, 'array');
    if (oldArray && newArray && isSchema(oldArray['items']) && isSchema(newArray['items'])) {
      this.schemas(oldArray['items'], newArray['items'], operation, side, `${path}[]`);
    }
  }

  bounds(before: Schema, after: Schema, operation: string, path: string, where: string): void {
    const narrowed = (key: string, tighter: (old: number, now: number) => boolean) => {
      const old = before[key];
      const now = after[key];
      if (typeof now !== 'number') return false;
      return typeof old !== 'number' || tighter(old, now);
    };
    const reasons = [
      ...LOWER_BOUNDS.filter((key) => narrowed(key, (old, now) => now > old)).map(
        (key) => `${key} ${after[key]}`,
      ),
      ...UPPER_BOUNDS.filter((key) => narrowed(key, (old, now) => now < old)).map(
        (key) => `${key} ${after[key]}`,
      ),
      ...(['pattern', 'format'] as const)
        .filter((key) => after[key] !== undefined && after[key] !== before[key])
        .map((key) => `${key} ${String(after[key])}`),
      ...(after['additionalProperties'] === false && before['additionalProperties'] !== false
        ? ['no other fields']
        : []),
    ];
    if (reasons.length > 0) {
      this.add(
        'type-narrowed',
        true,
        operation,
        'request',
        path,
        `${where} now requires ${reasons.join(', ')}`,
      );
    }
  }

  values(before: Schema, after: Schema, operation: string, side: Side, path: string, where: string): void {
    const oldValues = valuesOf(before);
    const newValues = valuesOf(after);
    if (oldValues && newValues) {
      for (const value of oldValues) {
        if (!newValues.has(value)) {
          this.add(
            'enum-value-removed',
            true,
            operation,
            side,
            `${path}=${value}`,
            `${where} lost the value ${value}`,
          );
        }
      }
      for (const value of newValues) {
        if (!oldValues.has(value)) {
          // A caller may send a new value; one that switches on the answer meets a value it does not know.
          this.add(
            'enum-value-added',
            side === 'response',
            operation,
            side,
            `${path}=${value}`,
            `${where} gained the value ${value}`,
          );
        }
      }
    } else if (newValues && !oldValues && side === 'request') {
      this.add(
        'type-narrowed',
        true,
        operation,
        side,
        path,
        `${where} now accepts only ${[...newValues].join(', ')}`,
      );
    }
  }

  objects(before: Schema, after: Schema, operation: string, side: Side, path: string): void {
    const oldProperties = isSchema(before['properties']) ? before['properties'] : {};
    const newProperties = isSchema(after['properties']) ? after['properties'] : {};
    const oldRequired = new Set(Array.isArray(before['required']) ? before['required'].map(String) : []);
    const newRequired = new Set(Array.isArray(after['required']) ? after['required'].map(String) : []);
    const field = (name: string) => (path === '' ? name : `${path}.${name}`);
    for (const [name, schema] of Object.entries(oldProperties)) {
      const next = newProperties[name];
      if (!isSchema(next)) {
        this.add(
          'field-removed',
          true,
          operation,
          side,
          field(name),
          `${side} field ${field(name)} was removed`,
        );
        continue;
      }
      if (!oldRequired.has(name) && newRequired.has(name)) {
        this.add(
          'made-required',
          side === 'request',
          operation,
          side,
          field(name),
          `${side} field ${field(name)} is now required`,
        );
      } else if (oldRequired.has(name) && !newRequired.has(name)) {
        this.add(
          'made-optional',
          side === 'response',
          operation,
          side,
          field(name),
          `${side} field ${field(name)} is now optional`,
        );
      }
      if (isSchema(schema)) this.schemas(schema, next, operation, side, field(name));
    }
    for (const name of Object.keys(newProperties)) {
      if (name in oldProperties) continue;
      if (side === 'request' && newRequired.has(name)) {
        this.add(
          'required-field-added',
          true,
          operation,
          side,
          field(name),
          `request field ${field(name)} was added as required`,
        );
      } else {
        this.add(
          'field-added',
          false,
          operation,
          side,
          field(name),
          `${side} field ${field(name)} was added`,
        );
      }
    }
  }
}

function operationsOf(document: Schema): Map<string, Schema> {
  const operations = new Map<string, Schema>();
  const paths = isSchema(document['paths']) ? document['paths'] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isSchema(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (isSchema(operation)) operations.set(`${method.toUpperCase()} ${path}`, operation);
    }
  }
  return operations;
}

function at(value: unknown, ...keys: string[]): Schema | undefined {
  let current = value;
  for (const key of keys) {
    if (!isSchema(current)) return undefined;
    current = current[key];
  }
  return isSchema(current) ? current : undefined;
}

const requestSchema = (operation: Schema) =>
  at(operation, 'requestBody', 'content', 'application/json', 'schema');
const responseSchema = (operation: Schema) =>
  at(operation, 'responses', '200', 'content', 'application/json', 'schema');

/** Every change from `before` to `after`, breaking ones flagged; operations in path order. */
export function compareContracts(before: Schema, after: Schema): ContractChange[] {
  const comparison = new Comparison();
  const oldOperations = operationsOf(before);
  const newOperations = operationsOf(after);
  for (const [name, operation] of oldOperations) {
    const next = newOperations.get(name);
    if (!next) {
      comparison.add('operation-removed', true, name, undefined, '', `${name} was removed`);
      continue;
    }
    const oldRequest = requestSchema(operation);
    const newRequest = requestSchema(next);
    if (oldRequest && newRequest) comparison.schemas(oldRequest, newRequest, name, 'request', '');
    else if (oldRequest && !newRequest)
      comparison.add('field-removed', true, name, 'request', '', `${name} no longer takes a body`);
    const oldResponse = responseSchema(operation);
    const newResponse = responseSchema(next);
    if (oldResponse && newResponse) comparison.schemas(oldResponse, newResponse, name, 'response', '');
    else if (oldResponse && !newResponse)
      comparison.add('field-removed', true, name, 'response', '', `${name} no longer describes its answer`);
  }
  for (const name of newOperations.keys()) {
    if (!oldOperations.has(name))
      comparison.add('operation-added', false, name, undefined, '', `${name} was added`);
  }
  return comparison.changes;
}

/** The ids a contract-breaks file accepts: every `backticked` text in it. */
export function acceptedBreaks(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!.trim()));
}

/** The breaking changes that the accepted ids do not cover. */
export function unacceptedBreaks(
  changes: readonly ContractChange[],
  accepted: ReadonlySet<string>,
): ContractChange[] {
  return changes.filter((change) => change.breaking && !accepted.has(change.id));
}
