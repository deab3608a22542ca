import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, type PackageDefinition } from '@grpc/proto-loader';
import type { ApiDefinition } from './generated/api/Api.js';
import type { ProtoGrpcType } from './generated/api.js';
import { descriptorSetBase64 } from './generated/descriptor-set.js';
import { loaderOptions } from './loader-options.js';

/** Fully qualified name of the service, as health checks and reflection know it. */
export const apiServiceName = 'api.Api';

/** Every message and service of protos/api.proto, with their file descriptors (for reflection). */
export const apiPackageDefinition: PackageDefinition = loadFileDescriptorSetFromBuffer(
  Buffer.from(descriptorSetBase64, 'base64'),
  loaderOptions,
);

const loaded = loadPackageDefinition(apiPackageDefinition) as unknown as ProtoGrpcType;

/** The service's methods with their paths and (de)serializers: what `server.addService` takes. */
export const apiServiceDefinition: ApiDefinition = loaded.api.Api.service;

/** The generated client class: `new ApiStubClient(target, credentials, options)`. */
export const ApiStubClient: ProtoGrpcType['api']['Api'] = loaded.api.Api;
