import { sharedConfig } from '../../vitest.shared.ts';

// Unit tests in src/; integration tests (Nx, git and actionlint over the real workspace) in test/.
export default sharedConfig;
