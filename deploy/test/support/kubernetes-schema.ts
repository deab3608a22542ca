import path from 'node:path';
import ts from 'typescript';
import { deployRoot } from './paths.js';

/** What every Kubernetes object has; the rest is checked against the schemas. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** kubernetes-models' module of a kind: `kubernetes-models/<apiVersion>/<Kind>`. */
function modelModule(object: KubernetesObject): string {
  return `kubernetes-models/${object.apiVersion}/${object.kind}`;
}

function describe(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/**
 * Validates against the JSON schemas of the Kubernetes API (types, formats such
 * as quantities, required fields, enums) that the kubernetes-models package ships.
 */
export async function schemaErrors(object: KubernetesObject): Promise<string[]> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(modelModule(object))) as Record<string, unknown>;
  } catch {
    return [`${describe(object)}: no schema for ${object.apiVersion} ${object.kind}`];
  }
  const model = (exports[object.kind] ??
    (exports['default'] as Record<string, unknown> | undefined)?.[object.kind]) as ModelClass | undefined;
  if (typeof model !== 'function') return [`${describe(object)}: no model class ${object.kind}`];
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    return [`${describe(object)}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * The schemas allow fields they do not know (a misspelt `readinesProbe` would
 * pass), so this also compiles every object as a literal of its kind's
 * TypeScript type from the same package: excess property checks report any
 * field the API does not have, at any depth.
 */
export function unknownFieldErrors(objects: readonly KubernetesObject[]): string[] {
  const file = path.join(deployRoot, 'test', '__kubernetes_objects__.ts');
  const owners: { line: number; object: KubernetesObject }[] = [];
  let source = '';
  objects.forEach((object, index) => {
    owners.push({ line: source.split('\n').length - 1, object });
    source +=
      `import type { I${object.kind} as T${index} } from '${modelModule(object)}';\n` +
      `export const o${index}: T${index} = ${JSON.stringify(object, null, 1)};\n`;
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const owner = owners.findLast((candidate) => candidate.line <= line);
    return owner ? `${describe(owner.object)}: ${message}` : message;
  });
}
