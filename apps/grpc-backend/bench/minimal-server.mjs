// The comparison target: the smallest grpc-js server of the Api contract. getAll returns a
// prebuilt Items message (built once per length), with no validation, auth or logging, so
// what is left is grpc-js' own work: HTTP/2, framing and protobuf serialization.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { apiServiceDefinition } from '@platform/api-proto';

const prebuilt = new Map();
function itemsMessage(length) {
  let message = prebuilt.get(length);
  if (!message) {
    message = { items: Array.from({ length }, (_, index) => ({ id: index + 1, name: `name ${index + 1}` })) };
    prebuilt.set(length, message);
  }
  return message;
}

const server = new Server();
server.addService(apiServiceDefinition, {
  sayHello: (call, callback) => callback(null, { message: `Hello ${call.request.name}!` }),
  getAll: (call, callback) => callback(null, itemsMessage(call.request.length)),
});
server.bindAsync(`127.0.0.1:${process.argv[2] ?? 0}`, ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`ready ${port}\n`);
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
