// Test helpers (`@platform/http/testing`): for tests only, never imported by production code.
export { freePort } from './testing/free-port.js';
export { startAppProcess, type AppProcess } from './testing/start-app-process.js';
export { startServer, type TestServer } from './testing/start-server.js';
export { waitFor, type WaitForOptions } from './testing/wait-for.js';
