import { describe, expect, it } from 'vitest';
import { apiPackageDefinition, apiServiceDefinition, apiServiceName } from './index.js';

/** Protobuf encodes a short string field as: tag, length, UTF-8 bytes. */
function stringField(tag: number, value: string): number[] {
  const bytes = [...Buffer.from(value, 'utf8')];
  return [tag, bytes.length, ...bytes];
}

describe('the Api contract', () => {
  it('keeps the original paths and streaming shapes', () => {
    const { sayHello, getAll, getStream } = apiServiceDefinition;
    expect([sayHello.path, getAll.path, getStream.path]).toEqual([
      '/api.Api/sayHello',
      '/api.Api/getAll',
      '/api.Api/getStream',
    ]);
    expect([sayHello.responseStream, getAll.responseStream, getStream.responseStream]).toEqual([
      false,
      false,
      true,
    ]);
    expect([sayHello.requestStream, getAll.requestStream, getStream.requestStream]).toEqual([
      false,
      false,
      false,
    ]);
    expect(apiPackageDefinition[apiServiceName]).toBe(apiServiceDefinition);
  });

  it('encodes requests with the original field numbers and types', () => {
    // ApiRequest.length = 1 (varint, wire type 0): tag 0x08.
    expect([...apiServiceDefinition.getAll.requestSerialize({ length: 300 })]).toEqual([0x08, 0xac, 0x02]);
    // HelloRequest.name = 1 (length-delimited, wire type 2): tag 0x0a.
    expect([...apiServiceDefinition.sayHello.requestSerialize({ name: 'Gonzalo' })]).toEqual(
      stringField(0x0a, 'Gonzalo'),
    );
  });

  it('encodes responses with the original field numbers and types', () => {
    // Item: id = 1 (varint), name = 2 (string); Items: repeated Item items = 1.
    const item = [0x08, 0x01, ...stringField(0x12, 'name 1')];
    expect([...apiServiceDefinition.getStream.responseSerialize({ id: 1, name: 'name 1' })]).toEqual(item);
    expect([
      ...apiServiceDefinition.getAll.responseSerialize({ items: [{ id: 1, name: 'name 1' }] }),
    ]).toEqual([0x0a, item.length, ...item]);
    expect([...apiServiceDefinition.sayHello.responseSerialize({ message: 'Hello Gonzalo!' })]).toEqual(
      stringField(0x0a, 'Hello Gonzalo!'),
    );
  });

  it('decodes omitted fields to their defaults', () => {
    expect(apiServiceDefinition.getAll.requestDeserialize(Buffer.alloc(0))).toEqual({ length: 0 });
    expect(apiServiceDefinition.getAll.responseDeserialize(Buffer.alloc(0))).toEqual({ items: [] });
    expect(apiServiceDefinition.getStream.responseDeserialize(Buffer.from([0x08, 0x07]))).toEqual({
      id: 7,
      name: '',
    });
  });
});
