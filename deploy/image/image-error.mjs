// Errors of the image tooling, each with a stable code (like the platform's error classes).

/**
 * @typedef {'UNKNOWN_APP' | 'BAD_VERSION' | 'BAD_DOCKERFILE' | 'NO_BUILDER' | 'TOOL_MISSING' | 'COMMAND_FAILED' | 'BAD_ARGUMENTS'} ImageErrorCode
 */

export class ImageError extends Error {
  /**
   * @param {ImageErrorCode} code
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'ImageError';
    /** @readonly */
    this.code = code;
  }
}
