import { fileURLToPath } from 'node:url';

/** The repository root: three levels above this folder (tools/workspace-checks/test/support). */
export const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');
