export { ApiClient, type ApiClientOptions, type CallOptions } from './api-client.js';
export {
  ApiCancelledError,
  ApiError,
  type ApiErrorOptions,
  apiErrorCatalogue,
  ApiInvalidArgumentError,
  ApiResourceExhaustedError,
  ApiTimeoutError,
  ApiUnauthenticatedError,
  ApiUnavailableError,
} from './api-errors.js';
export { channelOptionsFrom, type ChannelSettings } from './channel-options.js';
export { toApiError } from './to-api-error.js';
export type { Item, ItemOutput } from '@platform/api-proto';
