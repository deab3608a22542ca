import type { ActionDefinition } from './define-action.js';

/** A module: its routes are POST /<name>/<action>; the action '' answers POST /<name>/. */
export interface ModuleDefinition {
  name: string;
  description?: string;
  actions: Readonly<Record<string, ActionDefinition>>;
}

const MODULE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** Names the app's own routes use. */
const RESERVED = new Set(['batch', 'openapi.json', 'healthz', 'readyz']);
const ACTION_NAME = /^([a-z][a-z0-9-]{0,62})?$/;

/** Declares a module after checking that its name and action names are usable in a URL. */
export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  if (!MODULE_NAME.test(definition.name)) {
    throw new TypeError(`Module name ${JSON.stringify(definition.name)} must match ${MODULE_NAME}`);
  }
  if (RESERVED.has(definition.name)) {
    throw new TypeError(
      `Module name ${JSON.stringify(definition.name)} is reserved (POST /${definition.name})`,
    );
  }
  for (const action of Object.keys(definition.actions)) {
    if (!ACTION_NAME.test(action)) {
      throw new TypeError(
        `Action name ${JSON.stringify(action)} in ${definition.name} must match ${ACTION_NAME}`,
      );
    }
  }
  return definition;
}
