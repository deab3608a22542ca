// Bytes on the wire per call, both directions, counted by a TCP proxy on one kept-alive
// connection (connection set-up excluded: one call warms it, then `calls` are measured).
import { once } from 'node:events';
import { request, Agent } from 'node:http';
import { connect, createServer } from 'node:net';
import { callOnce, createStub, metadataFor } from './grpc-load.mjs';

async function countingProxy(upstreamPort) {
  let bytes = 0;
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('data', (chunk) => (bytes += chunk.length));
      socket.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: server.address().port,
    bytes: () => bytes,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

export async function grpcBytesPerCall({ port, token, method, length, calls }) {
  const proxy = await countingProxy(port);
  const stub = createStub(`127.0.0.1:${proxy.port}`);
  const metadata = metadataFor(token);
  try {
    await callOnce(stub, metadata, method, length);
    const before = proxy.bytes();
    for (let i = 0; i < calls; i += 1) await callOnce(stub, metadata, method, length);
    return (proxy.bytes() - before) / calls;
  } finally {
    stub.close();
    proxy.close();
  }
}

export async function restBytesPerCall({ port, token, length, calls, gzip = false }) {
  const proxy = await countingProxy(port);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: proxy.port,
          path: `/api/items?length=${length}`,
          agent,
          headers: { authorization: `Bearer ${token}`, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  try {
    await get();
    const before = proxy.bytes();
    for (let i = 0; i < calls; i += 1) await get();
    return (proxy.bytes() - before) / calls;
  } finally {
    agent.destroy();
    proxy.close();
  }
}
