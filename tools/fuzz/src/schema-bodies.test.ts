import { describe, expect, it } from 'vitest';
import { bodiesFor, type JsonSchema } from './schema-bodies.js';

const user: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    email: { type: 'string', format: 'email' },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    role: { enum: ['admin', 'user'] },
  },
  required: ['name'],
};

describe('bodiesFor', () => {
  it('draws valid-looking bodies from the schema, then bent ones, the same for the same seed', () => {
    const bodies = bodiesFor(user, {}, { seed: 5, count: 40 });
    expect(bodies).toHaveLength(40);
    expect(bodiesFor(user, {}, { seed: 5, count: 40 })).toEqual(bodies);
    const valid = bodies.slice(0, 20) as Record<string, unknown>[];
    for (const body of valid) {
      expect(typeof body['name']).toBe('string');
      expect((body['name'] as string).length).toBeGreaterThanOrEqual(1);
      if ('age' in body) expect(body['age']).toBeGreaterThanOrEqual(0);
      if ('role' in body) expect(['admin', 'user']).toContain(body['role']);
    }
    const bent = bodies.slice(20) as Record<string, unknown>[];
    expect(
      bent.some(
        (body) =>
          !('name' in body) ||
          typeof body['name'] !== 'string' ||
          '__proto__' in body ||
          'constructor' in body ||
          'extra' in body,
      ),
    ).toBe(true);
  });

  it('follows $ref into the definitions', () => {
    const bodies = bodiesFor({ $ref: '#/components/schemas/User' }, { User: user }, { seed: 1, count: 4 });
    expect(typeof (bodies[0] as Record<string, unknown>)['name']).toBe('string');
  });
});
