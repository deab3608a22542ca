import type { ModuleDefinition } from '../actions/define-module.js';
import { DEFAULT_BATCH_MAX_ITEMS } from '../routing/batch-schema.js';
import { batchOperation } from './batch-operation.js';
import { jsonSchema, type JsonObject } from './json-schema.js';

export interface OpenApiOptions {
  version?: string;
  /** The bound on POST /batch's items (default 50). */
  batchMaxItems?: number | undefined;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable error code (see the README)' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        issues: {
          type: 'array',
          description: 'VALIDATION_FAILED: one issue per field',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
        sqlState: { type: 'string', description: 'Database errors: the PostgreSQL SQLSTATE' },
        constraint: { type: 'string' },
        index: { type: 'integer', description: 'POST /batch: the item that failed' },
      },
    },
  },
};

const errorResponses: Record<string, string> = {
  '400':
    'VALIDATION_FAILED (one issue per field), INVALID_JSON, a value the database refused, or (POST /batch) a BATCH_* code',
  '401': 'UNAUTHORIZED: a valid bearer token is required',
  '405': 'METHOD_NOT_ALLOWED: only POST (see Allow)',
  '409': 'UNIQUE_VIOLATION or FOREIGN_KEY_VIOLATION',
  '413': 'PAYLOAD_TOO_LARGE',
  '415': 'UNSUPPORTED_MEDIA_TYPE: send application/json',
  '500': 'INTERNAL or DATABASE_ERROR',
  '503': 'POOL_EXHAUSTED, DATABASE_UNAVAILABLE or TRANSACTION_CONFLICT; see Retry-After',
  '504': 'STATEMENT_TIMEOUT',
};

function errorResponse(description: string): JsonObject {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function operations(module: ModuleDefinition): Record<string, JsonObject> {
  const paths: Record<string, JsonObject> = {};
  for (const [name, action] of Object.entries(module.actions)) {
    paths[`/${module.name}/${name}`] = {
      post: {
        operationId: name === '' ? module.name : `${module.name}.${name}`,
        tags: [module.name],
        summary: action.summary,
        ...(action.description ? { description: action.description } : {}),
        requestBody: {
          required: false,
          content: { 'application/json': { schema: jsonSchema(action.input, 'input') } },
        },
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: jsonSchema(action.output, 'output') } },
          },
          ...Object.fromEntries(
            Object.keys(errorResponses).map((status) => [
              status,
              { $ref: `#/components/responses/E${status}` },
            ]),
          ),
        },
      },
    };
  }
  return paths;
}

const probe = (summary: string): JsonObject => ({
  get: {
    summary,
    security: [],
    responses: { '200': { description: 'OK' }, '503': { description: 'Not ready' } },
  },
});

/** The OpenAPI 3.1 document of every module's actions, built from their zod schemas. */
export function openApiDocument(
  modules: readonly ModuleDefinition[],
  options: OpenApiOptions = {},
): JsonObject {
  const { version = '0.1.0', batchMaxItems = DEFAULT_BATCH_MAX_ITEMS } = options;
  const errorRefs = Object.fromEntries(
    Object.keys(errorResponses).map((status) => [status, { $ref: `#/components/responses/E${status}` }]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'db-api',
      version,
      description:
        'POST-only JSON API over PostgreSQL: POST /<module>/<action> with the parameters as a JSON body.',
    },
    security: [{ bearer: [] }],
    tags: [
      ...modules.map((module) => ({
        name: module.name,
        ...(module.description ? { description: module.description } : {}),
      })),
      { name: 'batch', description: 'Several actions in one transaction' },
    ],
    paths: {
      ...Object.assign({}, ...modules.map(operations)),
      '/batch': batchOperation(modules, batchMaxItems, errorRefs),
      '/healthz': probe('Liveness'),
      '/readyz': probe('Readiness: every database reachable and migrated'),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorSchema },
      responses: Object.fromEntries(
        Object.entries(errorResponses).map(([status, description]) => [
          `E${status}`,
          errorResponse(description),
        ]),
      ),
    },
  };
}
