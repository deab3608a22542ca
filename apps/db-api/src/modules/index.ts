import type { ModuleDefinition } from '../actions/define-module.js';
import { exampleModule } from './example/index.js';

/** Every module the API serves: one line per module. */
export const modules: readonly ModuleDefinition[] = [exampleModule];
