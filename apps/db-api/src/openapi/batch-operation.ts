import type { ModuleDefinition } from '../actions/define-module.js';
import { jsonSchema, type JsonObject } from './json-schema.js';

/** One item of a batch for one action: `{action: "<module>/<action>", input}`. */
function itemSchema(name: string, input: JsonObject, summary: string): JsonObject {
  return {
    type: 'object',
    description: summary,
    required: ['action'],
    properties: { action: { type: 'string', const: name }, input },
    additionalProperties: false,
  };
}

/** The `POST /batch` operation: every action as an item kind, up to `maxItems` items. */
export function batchOperation(
  modules: readonly ModuleDefinition[],
  maxItems: number,
  errorResponses: Record<string, JsonObject>,
): JsonObject {
  const items = modules.flatMap((module) =>
    Object.entries(module.actions).map(([name, action]) =>
      itemSchema(`${module.name}/${name}`, jsonSchema(action.input, 'input'), action.summary),
    ),
  );
  return {
    post: {
      operationId: 'batch',
      tags: ['batch'],
      summary: 'Runs several actions in order in one transaction: all of them, or none',
      description:
        'Every item is checked before anything runs (a bad item answers 400 with its index and runs nothing). ' +
        'The items run in order in one transaction on their database (READ ONLY when every action only reads); ' +
        'when one fails, everything rolls back and the answer is that item’s error with `error.index`. ' +
        'Items on different databases are refused (BATCH_MIXED_DATABASES).',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'array',
              minItems: 1,
              maxItems,
              items: { oneOf: items },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'Each item’s answer, in order, as the action alone would answer',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['results'],
                properties: { results: { type: 'array', items: {} } },
              },
            },
          },
        },
        ...errorResponses,
      },
    },
  };
}
