import path from 'node:path';

/** The deploy/ folder. */
export const deployRoot = path.resolve(import.meta.dirname, '..', '..');
/** The repository root (the image's build context). */
export const repoRoot = path.resolve(deployRoot, '..');
