import { GeneratorInputError } from '../../../utils/generator-input-error.js';

/** The text between `start` (a line) and the first blank line after it, with where it begins and ends. */
export function section(text: string, file: string, start: RegExp): { begin: number; end: number } {
  const match = start.exec(text);
  if (!match) throw unexpected(file, `no line matching ${start}`);
  const begin = match.index;
  const blank = text.indexOf('\n\n', begin);
  return { begin, end: blank === -1 ? text.length : blank + 1 };
}

/** Inserts `lines` after the last line matching `line` between `begin` and `end`. */
export function insertAfterLast(
  text: string,
  file: string,
  range: { begin: number; end: number },
  line: RegExp,
  lines: string,
): string {
  const part = text.slice(range.begin, range.end);
  const global = new RegExp(line.source, `${line.flags.replace('g', '')}gm`);
  let last: RegExpExecArray | undefined;
  for (const match of part.matchAll(global)) last = match as RegExpExecArray;
  if (!last) throw unexpected(file, `no line matching ${line}`);
  const at = range.begin + last.index + last[0].length + 1;
  return `${text.slice(0, at)}${lines}${text.slice(at)}`;
}

export function unexpected(file: string, what: string): GeneratorInputError {
  return new GeneratorInputError(
    'WORKSPACE_UNEXPECTED',
    `${file} does not have the expected layout (${what}); nothing was written. Restore it or add the new app by hand.`,
  );
}
