/**
 * Trailing metadata in which our servers name the stable code of a failure
 * (`VALIDATION_FAILED`, `UNAUTHORIZED`…), next to the gRPC status; clients map it back.
 */
export const ERROR_CODE_TRAILER = 'error-code';
