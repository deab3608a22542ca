import { Server, ServerCredentials, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { apiServiceDefinition, type ApiHandlers } from '@platform/api-proto';

export interface StubServer {
  port: number;
  target: string;
  stop: () => Promise<void>;
}

const unimplemented = (_call: unknown, callback: (error: { code: number }) => void): void =>
  callback({ code: status.UNIMPLEMENTED });

/** A bare grpc-js server for the Api contract on a free port, with the handlers a test gives it. */
export async function startStubServer(handlers: Partial<ApiHandlers>): Promise<StubServer> {
  const server = new Server();
  server.addService(apiServiceDefinition, {
    sayHello: unimplemented,
    getAll: unimplemented,
    getStream: (call: { emit: (event: string, error: unknown) => void }) =>
      call.emit('error', { code: status.UNIMPLEMENTED }),
    ...handlers,
  } as UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    target: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
