export {
  apiPackageDefinition,
  apiServiceDefinition,
  apiServiceName,
  ApiStubClient,
} from './api-definition.js';
export { ERROR_CODE_TRAILER } from './error-code-trailer.js';
export { loaderOptions } from './loader-options.js';
export type { ApiClient as ApiStub, ApiDefinition, ApiHandlers } from './generated/api/Api.js';
export type { ApiRequest, ApiRequest__Output as ApiRequestOutput } from './generated/api/ApiRequest.js';
export type { Hello, Hello__Output as HelloOutput } from './generated/api/Hello.js';
export type {
  HelloRequest,
  HelloRequest__Output as HelloRequestOutput,
} from './generated/api/HelloRequest.js';
export type { Item, Item__Output as ItemOutput } from './generated/api/Item.js';
export type { Items, Items__Output as ItemsOutput } from './generated/api/Items.js';
export type { ProtoGrpcType } from './generated/api.js';
