// A closed-loop load client on grpc-js: `concurrency` calls in flight at all times over one
// channel (one HTTP/2 connection, as a service talks to its backend), for `durationMs`.
import { performance } from 'node:perf_hooks';
import { credentials, Metadata } from '@grpc/grpc-js';
import { ApiStubClient } from '@platform/api-proto';

export function createStub(target) {
  return new ApiStubClient(target, credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
}

export function metadataFor(token) {
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** One call; resolves with the number of items received. */
export function callOnce(stub, metadata, method, length, deadlineMs = 60_000) {
  const options = { deadline: Date.now() + deadlineMs };
  if (method === 'getStream') {
    return new Promise((resolve, reject) => {
      let count = 0;
      const call = stub.getStream({ length }, metadata, options);
      call.on('data', () => (count += 1));
      call.on('error', reject);
      call.on('end', () => resolve(count));
    });
  }
  return new Promise((resolve, reject) => {
    const done = (error, response) =>
      error ? reject(error) : resolve(method === 'getAll' ? response.items.length : 1);
    if (method === 'sayHello') stub.sayHello({ name: 'Gonzalo' }, metadata, options, done);
    else stub.getAll({ length }, metadata, options, done);
  });
}

/**
 * Runs the calls on an open channel for `durationMs`; returns the latency of every
 * call that completed, the items received and the seconds it took.
 */
export async function grpcLoad({ stub, metadata, method, length = 0, concurrency, durationMs }) {
  const latencies = [];
  let items = 0;
  const started = performance.now();
  const until = started + durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const callStarted = performance.now();
      const received = await callOnce(stub, metadata, method, length);
      items += received;
      latencies.push(performance.now() - callStarted);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, items, seconds: (performance.now() - started) / 1000 };
}
