import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago (bound, then released): for a child process that
 * must be told its port, or as an address nothing listens on.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error(`No TCP port bound on ${host}`);
  return address.port;
}
