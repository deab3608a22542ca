/**
 * The shell blocks of a README and how each is marked. Every ```sh block carries a marker on the
 * line before its fence:
 *   <!-- docs: run -->                               executed by the docs test, line by line, in order
 *   <!-- docs: server "<ready regex>" -->            started, awaited until its output matches, stopped
 *   <!-- docs: with-server -->                       right after a server block: run while that server runs
 *   <!-- docs: example, <reason> -->                 not run; the reason says why (needs Docker, …)
 */
export type BlockMark =
  | { kind: 'run' }
  | { kind: 'server'; ready: string }
  | { kind: 'with-server' }
  | { kind: 'example'; reason: string };

export interface ShellBlock {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  mark: BlockMark | undefined;
  /** Why the marker before the fence could not be read, when there is one. */
  problem?: string;
}

const SHELL = /^```(?:sh|bash|shell|console)\s*$/;
const MARKER = /^<!--\s*docs:\s*(.*?)\s*-->\s*$/;

function parseMark(text: string): BlockMark | string {
  if (text === 'run') return { kind: 'run' };
  if (text === 'with-server') return { kind: 'with-server' };
  const server = /^server\s+"(.+)"$/.exec(text);
  if (server?.[1]) {
    try {
      new RegExp(server[1]);
    } catch {
      return `the ready pattern of "${text}" is not a regular expression`;
    }
    return { kind: 'server', ready: server[1] };
  }
  const example = /^example,\s*(\S.*)$/.exec(text);
  if (example?.[1]) return { kind: 'example', reason: example[1] };
  return `"${text}" is not a marker: expected run, server "<ready regex>", with-server or example, <reason>`;
}

/** Every shell block of a Markdown text, with the marker on the line before its fence. */
export function shellBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (/^```/.test(line) && !SHELL.test(line)) {
      // Another language's block: skip to its end, so a ``` inside it is not read as a fence.
      index += 1;
      while (index < lines.length && !/^```\s*$/.test(lines[index]!)) index += 1;
      index += 1;
      continue;
    }
    if (!SHELL.test(line)) {
      index += 1;
      continue;
    }
    const start = index;
    index += 1;
    const body: string[] = [];
    while (index < lines.length && !/^```\s*$/.test(lines[index]!)) body.push(lines[index++]!);
    index += 1;
    const previous = lines
      .slice(0, start)
      .reverse()
      .find((candidate) => candidate.trim() !== '');
    const marker = previous === undefined ? null : MARKER.exec(previous);
    const parsed = marker ? parseMark(marker[1]!) : undefined;
    blocks.push({
      line: start + 1,
      code: body.join('\n'),
      mark: typeof parsed === 'object' ? parsed : undefined,
      ...(typeof parsed === 'string' ? { problem: parsed } : {}),
    });
  }
  // A with-server block only makes sense right after a server block.
  for (const [index, block] of blocks.entries()) {
    if (block.mark?.kind === 'with-server' && blocks[index - 1]?.mark?.kind !== 'server') {
      blocks[index] = {
        ...block,
        mark: undefined,
        problem: 'a with-server block must follow a server block',
      };
    }
  }
  return blocks;
}

/** The commands of a block: comments and blank lines dropped, `\` continuations joined. */
export function commandsOf(code: string): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of code.split('\n')) {
    const line = raw.replace(/\s+#\s.*$/, '').trimEnd();
    if (!pending && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    commands.push(`${pending}${line}`.trim());
    pending = '';
  }
  if (pending.trim()) commands.push(pending.trim());
  return commands;
}
