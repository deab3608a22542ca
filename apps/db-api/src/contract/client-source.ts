import type { ModuleDefinition } from '../actions/define-module.js';
import { jsonSchema } from '../openapi/json-schema.js';
import { typeExpression } from './typescript-type.js';

/** `add-users` → `AddUsers`; `''` → `Root`. */
function pascal(name: string): string {
  if (name === '') return 'Root';
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `add-users` → `addUsers`; `''` → `root`: the client's method name. */
export function methodName(actionName: string): string {
  const name = pascal(actionName);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The client's own methods, which no module may shadow. */
const CLIENT_METHODS = new Set(['call', 'batch']);

const HEADER = `// Generated from db-api's action registry by \`npx nx run db-api:generate-client\`. Do not edit:
// a db-api unit test fails when this file differs from what the registry generates.
`;

/**
 * The source of the client's generated types: for every action its input type (what a caller
 * sends, zod's input side) and its output type (the JSON answer), the `DbApiActions` map, and the
 * method table `dbApiModules` (module → method → action name).
 */
export function clientSource(modules: readonly ModuleDefinition[]): string {
  const parts: string[] = [HEADER];
  const actionLines: string[] = [];
  const moduleLines: string[] = [];
  for (const module of modules) {
    if (CLIENT_METHODS.has(module.name)) {
      throw new TypeError(`Module name ${JSON.stringify(module.name)} is a client method (call, batch)`);
    }
    const methods: string[] = [];
    const seen = new Map<string, string>();
    for (const [actionName, action] of Object.entries(module.actions)) {
      const method = methodName(actionName);
      const clash = seen.get(method);
      if (clash !== undefined) {
        throw new TypeError(
          `Actions ${JSON.stringify(clash)} and ${JSON.stringify(actionName)} of ${module.name} make the same client method ${method}`,
        );
      }
      seen.set(method, actionName);
      const typeName = `${pascal(module.name)}${pascal(actionName)}`;
      const summary = action.summary.replaceAll('*/', '*\\/');
      parts.push(
        `/** ${module.name}/${actionName}: what the caller sends. ${summary} */\n` +
          `export type ${typeName}Input = ${typeExpression(jsonSchema(action.input, 'input'))};\n`,
        `/** ${module.name}/${actionName}: the JSON answer. */\n` +
          `export type ${typeName}Output = ${typeExpression(jsonSchema(action.output, 'output'))};\n`,
      );
      const batchName = `${module.name}/${actionName}`;
      actionLines.push(`  '${batchName}': { input: ${typeName}Input; output: ${typeName}Output };`);
      methods.push(`    ${method}: '${batchName}',`);
    }
    const key = /^[A-Za-z_$][\w$]*$/.test(module.name) ? module.name : `'${module.name}'`;
    moduleLines.push(`  ${key}: {\n${methods.join('\n')}\n  },`);
  }
  parts.push(
    `/** Every action by its batch name, \`<module>/<action>\`, with its input and output types. */\n` +
      `export interface DbApiActions {\n${actionLines.join('\n')}\n}\n`,
    `/** The client's methods: module → method → action. */\n` +
      `export const dbApiModules = {\n${moduleLines.join('\n')}\n} as const;\n`,
  );
  return parts.join('\n');
}
