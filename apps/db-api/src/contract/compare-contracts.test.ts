import { describe, expect, it } from 'vitest';
import {
  acceptedBreaks,
  compareContracts,
  unacceptedBreaks,
  type ContractChange,
} from './compare-contracts.js';

type Schema = Record<string, unknown>;

/** A fixture OpenAPI document: POST operations with a request and a 200 answer schema. */
function document(operations: Record<string, { request?: Schema; response?: Schema }>): Schema {
  return {
    openapi: '3.1.0',
    paths: Object.fromEntries(
      Object.entries(operations).map(([path, { request, response }]) => [
        path,
        {
          post: {
            ...(request ? { requestBody: { content: { 'application/json': { schema: request } } } } : {}),
            responses: {
              '200': {
                description: 'OK',
                ...(response ? { content: { 'application/json': { schema: response } } } : {}),
              },
            },
          },
        },
      ]),
    ),
  };
}

const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const string: Schema = { type: 'string' };
const user = object({ name: string, email: { type: ['string', 'null'] } }, ['name', 'email']);
const base = document({
  '/users/add': {
    request: object(
      { name: { type: 'string', maxLength: 100 }, email: string, role: { enum: ['admin', 'user'] } },
      ['name'],
    ),
    response: { type: 'array', items: user },
  },
  '/users/count': { request: object({}), response: { type: 'integer' } },
});

function changed(after: Schema): Pick<ContractChange, 'id' | 'breaking'>[] {
  return compareContracts(base, after).map(({ id, breaking }) => ({ id, breaking }));
}

/** `base` with one operation's request or response replaced. */
function variant(path: '/users/add' | '/users/count', side: 'request' | 'response', schema: Schema): Schema {
  const copy = structuredClone(base) as { paths: Record<string, { post: Record<string, never> }> };
  const post = copy.paths[path]!.post as unknown as Record<string, Record<string, unknown>>;
  if (side === 'request') post['requestBody'] = { content: { 'application/json': { schema } } };
  else post['responses'] = { '200': { description: 'OK', content: { 'application/json': { schema } } } };
  return copy;
}

describe('compareContracts', () => {
  it('finds nothing between a document and itself', () => {
    expect(compareContracts(base, structuredClone(base))).toEqual([]);
  });

  it('an action removed is breaking; an action added is not', () => {
    const { paths } = base as { paths: Record<string, unknown> };
    expect(changed({ paths: { '/users/add': paths['/users/add'] } })).toEqual([
      { id: 'operation-removed POST /users/count', breaking: true },
    ]);
    expect(changed({ paths: { ...paths, '/users/rename': paths['/users/count'] } })).toEqual([
      { id: 'operation-added POST /users/rename', breaking: false },
    ]);
  });

  it('a request field removed is breaking', () => {
    const request = object({ name: { type: 'string', maxLength: 100 }, role: { enum: ['admin', 'user'] } }, [
      'name',
    ]);
    expect(changed(variant('/users/add', 'request', request))).toEqual([
      { id: 'field-removed POST /users/add request email', breaking: true },
    ]);
  });

  it('an answer field removed, even inside an array, is breaking', () => {
    const response = { type: 'array', items: object({ name: string }, ['name']) };
    expect(changed(variant('/users/add', 'response', response))).toEqual([
      { id: 'field-removed POST /users/add response [].email', breaking: true },
    ]);
  });

  it('an optional request field made required is breaking; a new required one too', () => {
    const request = object(
      {
        name: { type: 'string', maxLength: 100 },
        email: string,
        role: { enum: ['admin', 'user'] },
        team: string,
      },
      ['name', 'email', 'team'],
    );
    expect(changed(variant('/users/add', 'request', request))).toEqual([
      { id: 'made-required POST /users/add request email', breaking: true },
      { id: 'required-field-added POST /users/add request team', breaking: true },
    ]);
  });

  it('optional request fields and answer fields added are not breaking', () => {
    const request = object(
      {
        name: { type: 'string', maxLength: 100 },
        email: string,
        role: { enum: ['admin', 'user'] },
        team: string,
      },
      ['name'],
    );
    const response = {
      type: 'array',
      items: object({ ...(user['properties'] as Record<string, Schema>), id: string }, [
        'name',
        'email',
        'id',
      ]),
    };
    expect(changed(variant('/users/add', 'request', request))).toEqual([
      { id: 'field-added POST /users/add request team', breaking: false },
    ]);
    expect(changed(variant('/users/add', 'response', response))).toEqual([
      { id: 'field-added POST /users/add response [].id', breaking: false },
    ]);
  });

  it('a request type narrowed (fewer types, tighter bounds, a format) is breaking; widened is not', () => {
    const narrowed = object(
      {
        name: { type: 'string', maxLength: 50 },
        email: { type: 'string', format: 'email' },
        role: { enum: ['admin', 'user'] },
      },
      ['name'],
    );
    expect(changed(variant('/users/add', 'request', narrowed))).toEqual([
      { id: 'type-narrowed POST /users/add request name', breaking: true },
      { id: 'type-narrowed POST /users/add request email', breaking: true },
    ]);
    const otherType = object(
      { name: { type: 'integer' }, email: string, role: { enum: ['admin', 'user'] } },
      ['name'],
    );
    expect(changed(variant('/users/add', 'request', otherType))).toEqual([
      { id: 'type-narrowed POST /users/add request name', breaking: true },
    ]);
    const widened = object(
      { name: { type: ['string', 'null'] }, email: string, role: { enum: ['admin', 'user'] } },
      ['name'],
    );
    expect(changed(variant('/users/add', 'request', widened))).toEqual([
      { id: 'type-widened POST /users/add request name', breaking: false },
    ]);
  });

  it('an answer type changed is breaking (integer to number, a field that may now be null)', () => {
    expect(changed(variant('/users/count', 'response', { type: 'number' }))).toEqual([
      { id: 'type-changed POST /users/count response', breaking: true },
    ]);
    const nullableName = {
      type: 'array',
      items: object({ name: { type: ['string', 'null'] }, email: { type: ['string', 'null'] } }, [
        'name',
        'email',
      ]),
    };
    expect(changed(variant('/users/add', 'response', nullableName))).toEqual([
      { id: 'type-changed POST /users/add response [].name', breaking: true },
    ]);
  });

  it('an answer field made optional is breaking', () => {
    const response = { type: 'array', items: object(user['properties'] as Record<string, Schema>, ['name']) };
    expect(changed(variant('/users/add', 'response', response))).toEqual([
      { id: 'made-optional POST /users/add response [].email', breaking: true },
    ]);
  });

  it('an enum value removed is breaking; a value a caller may send added is not', () => {
    const removed = object(
      { name: { type: 'string', maxLength: 100 }, email: string, role: { enum: ['user'] } },
      ['name'],
    );
    expect(changed(variant('/users/add', 'request', removed))).toEqual([
      { id: 'enum-value-removed POST /users/add request role="admin"', breaking: true },
    ]);
    const added = object(
      { name: { type: 'string', maxLength: 100 }, email: string, role: { enum: ['admin', 'user', 'guest'] } },
      ['name'],
    );
    expect(changed(variant('/users/add', 'request', added))).toEqual([
      { id: 'enum-value-added POST /users/add request role="guest"', breaking: false },
    ]);
  });

  it('reads every `backticked` id of a contract-breaks file and leaves out the accepted breaks', () => {
    const accepted = acceptedBreaks(
      '# Breaks\n- 2026-11-30 `operation-removed POST /users/count`: callers use /users/list\n',
    );
    expect([...accepted]).toEqual(['operation-removed POST /users/count']);
    const { paths } = base as { paths: Record<string, unknown> };
    const changes = compareContracts(base, { paths: { '/users/rename': paths['/users/add'] } });
    expect(unacceptedBreaks(changes, accepted).map((change) => change.id)).toEqual([
      'operation-removed POST /users/add',
    ]);
  });
});
