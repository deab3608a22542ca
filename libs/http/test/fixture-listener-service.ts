// A service with an extra TCP listener, started by run-service.test.ts in a child process.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { z } from '@platform/settings';
import { createHttpApp, runService, type ServiceListener } from '../src/index.js';

await runService({
  app: 'fixture',
  root: import.meta.dirname,
  shape: { TCP_PORT: z.coerce.number().int().min(0), TCP_ENABLED: z.enum(['yes', 'no']).default('yes') },
  rules: (settings) =>
    settings.TCP_ENABLED === 'no' && settings.TCP_PORT > 0
      ? [{ name: 'TCP_PORT', message: 'must be 0 when TCP_ENABLED=no' }]
      : [],
  start: ({ settings, logger, readiness }) => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', () => socket.write(draining ? 'draining\n' : 'hello\n'));
    });
    let draining = false;
    const tcp: ServiceListener = {
      name: 'tcp',
      listen: () =>
        new Promise((resolve, reject) => {
          server.once('error', reject);
          server.listen(settings.TCP_PORT, settings.HOST, () => {
            resolve(`tcp://${settings.HOST}:${(server.address() as AddressInfo).port}`);
          });
        }),
      drain: () => {
        draining = true;
        logger.info('tcp draining');
      },
      close: (timeoutMs) =>
        new Promise((resolve) => {
          logger.info({ timeoutMs }, 'tcp closing');
          server.close(() => resolve());
          for (const socket of sockets) socket.end();
        }),
    };
    return {
      handler: createHttpApp({ logger, readiness, routes: () => undefined }),
      listeners: [tcp],
      close: () => logger.info('closed resources'),
    };
  },
});
