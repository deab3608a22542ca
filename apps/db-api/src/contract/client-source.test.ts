import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../actions/define-action.js';
import { defineModule } from '../actions/define-module.js';
import { clientSource, methodName } from './client-source.js';
import { typeExpression } from './typescript-type.js';

const action = (input: z.ZodType, output: z.ZodType) =>
  defineAction({ summary: 'An action', input, output, handler: () => null });

describe('typeExpression', () => {
  it('writes objects with optional fields, unions, literals, arrays and tuples', () => {
    expect(
      typeExpression(z.toJSONSchema(z.strictObject({ a: z.string(), b: z.number().optional() })) as never),
    ).toBe('{\n  a: string;\n  b?: number;\n}');
    expect(typeExpression({ anyOf: [{ type: 'string' }, { const: false }] })).toBe('string | false');
    expect(typeExpression({ enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(typeExpression({ type: 'array', items: { type: ['string', 'null'] } })).toBe('(string | null)[]');
    expect(
      typeExpression({
        type: 'array',
        prefixItems: [{ type: 'integer' }, { type: 'boolean' }],
        items: false,
      }),
    ).toBe('[number, boolean]');
    expect(typeExpression({ type: 'object', additionalProperties: { type: 'integer' } })).toBe(
      '{\n  [key: string]: number;\n}',
    );
    expect(typeExpression({})).toBe('unknown');
    expect(
      typeExpression({
        type: 'object',
        properties: { 'two words': { type: 'string' } },
        required: ['two words'],
        additionalProperties: false,
      }),
    ).toBe('{\n  "two words": string;\n}');
  });
});

describe('clientSource', () => {
  it("writes each action's input (zod's input side) and output types, the action map and the methods", () => {
    const source = clientSource([
      defineModule({
        name: 'shop',
        actions: {
          '': action(z.strictObject({}), z.literal(true)),
          'add-item': action(
            z.strictObject({ sku: z.string(), quantity: z.number().int().default(1) }),
            z.object({ total: z.number() }),
          ),
        },
      }),
    ]);
    expect(source).toContain('export type ShopRootInput = Record<string, never>;');
    expect(source).toContain('export type ShopAddItemInput = {\n  sku: string;\n  quantity?: number;\n};');
    expect(source).toContain('export type ShopAddItemOutput = {\n  total: number;\n};');
    expect(source).toContain("  'shop/add-item': { input: ShopAddItemInput; output: ShopAddItemOutput };");
    expect(source).toContain("  shop: {\n    root: 'shop/',\n    addItem: 'shop/add-item',\n  },");
  });

  it('refuses two actions that would make the same method, and a module named like a client method', () => {
    expect(() =>
      clientSource([
        defineModule({
          name: 'shop',
          actions: { '': action(z.strictObject({}), z.null()), root: action(z.strictObject({}), z.null()) },
        }),
      ]),
    ).toThrow(/same client method root/);
    expect(() =>
      clientSource([defineModule({ name: 'call', actions: { '': action(z.strictObject({}), z.null()) } })]),
    ).toThrow(/client method/);
  });

  it('names methods in camel case', () => {
    expect([methodName(''), methodName('add-users'), methodName('foo')]).toEqual(['root', 'addUsers', 'foo']);
  });
});
