/** Why a workspace check could not run; `code` is stable, the message says what to fix. */
export type WorkspaceCheckErrorCode = 'UNSUPPORTED_WORKSPACE_PATTERN' | 'UNKNOWN_PACKAGE' | 'COMMAND_FAILED';

export class WorkspaceCheckError extends Error {
  override readonly name = 'WorkspaceCheckError';

  constructor(
    readonly code: WorkspaceCheckErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
