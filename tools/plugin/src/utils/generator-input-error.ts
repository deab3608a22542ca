/** Stable codes of the reasons a generator refuses its input. */
export type GeneratorInputCode =
  'NAME_INVALID' | 'NAME_TAKEN' | 'PORT_INVALID' | 'PORT_TAKEN' | 'KIND_INVALID' | 'WORKSPACE_UNEXPECTED';

/**
 * A generator's refusal: thrown before anything is written, so the tree (and the disk) stay as
 * they were. Nx prints the message; tests branch on `code`.
 */
export class GeneratorInputError extends Error {
  override readonly name = 'GeneratorInputError';

  constructor(
    readonly code: GeneratorInputCode,
    message: string,
  ) {
    super(message);
  }
}
