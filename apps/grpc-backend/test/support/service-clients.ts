import { createRequire } from 'node:module';
import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, type Client, type GrpcObject } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;
type ClientConstructor = new (
  target: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => AnyClient;

function serviceAt(definition: GrpcObject, dotted: string): ClientConstructor {
  let node: unknown = definition;
  for (const part of dotted.split('.')) node = (node as Record<string, unknown>)[part];
  return node as ClientConstructor;
}

/** A grpc.health.v1 client, as a probe (grpc_health_probe, Kubernetes) calls it. */
export function healthClient(target: string): {
  check: (service: string) => Promise<string>;
  close: () => void;
} {
  const Health = serviceAt(
    loadPackageDefinition(loadSync(healthProtoPath, { enums: String })),
    'grpc.health.v1.Health',
  );
  const client = new Health(target, credentials.createInsecure());
  return {
    check: (service) =>
      new Promise((resolve, reject) =>
        client['Check']!({ service }, (error: Error | null, response: { status: string }) =>
          error ? reject(error) : resolve(response.status),
        ),
      ),
    close: () => client.close(),
  };
}

const reflectionProto = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

/** One request to grpc.reflection.v1 ServerReflectionInfo, as grpcurl sends it. */
export function reflect(
  target: string,
  token: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const Reflection = serviceAt(
    loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })),
    'grpc.reflection.v1.ServerReflection',
  );
  const client = new Reflection(target, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const call = client['ServerReflectionInfo']!(metadata) as NodeJS.EventEmitter & {
    write: (message: unknown) => void;
    end: () => void;
  };
  return new Promise((resolve, reject) => {
    call.on('data', (response: Record<string, unknown>) => {
      resolve(response);
      call.end();
    });
    call.on('error', reject);
    call.on('end', () => client.close());
    call.write(request);
  });
}
