// A small Dockerfile reader: instructions with their flags, stages, and
// Docker's variable substitution. Enough for deploy/Dockerfile, and strict
// about anything else, so a change the emulator cannot follow fails loudly.

/**
 * @typedef {object} Instruction
 * @property {string} keyword upper-case instruction (RUN, COPY…)
 * @property {Record<string, string[]>} flags leading --name=value options
 * @property {string} args the rest, as written (continuations joined)
 * @property {string[] | undefined} json the exec form, when the rest is a JSON array
 * @property {number} line 1-based line of the instruction
 */

/**
 * @typedef {object} Stage
 * @property {string | undefined} name the `AS name`
 * @property {string} from the base, as written
 * @property {Instruction} fromInstruction
 * @property {Instruction[]} instructions everything after FROM
 */

/**
 * @typedef {object} Dockerfile
 * @property {Instruction[]} globalArgs ARGs before the first FROM
 * @property {Stage[]} stages
 */

/**
 * Splits leading `--flag=value` options off an instruction's arguments.
 * @param {string} rest
 * @returns {{ flags: Record<string, string[]>, args: string }}
 */
function splitFlags(rest) {
  /** @type {Record<string, string[]>} */
  const flags = {};
  let args = rest.trimStart();
  for (
    let match = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(args);
    match;
    match = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(args)
  ) {
    const [whole, name = '', value = ''] = match;
    (flags[name] ??= []).push(value);
    args = args.slice(whole.length);
  }
  return { flags, args: args.trim() };
}

/**
 * @param {string} args
 * @returns {string[] | undefined}
 */
function execForm(args) {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} text
 * @returns {Dockerfile}
 */
export function parseDockerfile(text) {
  /** @type {Instruction[]} */
  const instructions = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const first = lines[index] ?? '';
    if (/^\s*(#|$)/.test(first)) continue;
    const startLine = index + 1;
    let joined = first;
    // A trailing backslash continues the instruction; comment lines inside it are dropped.
    while (/\\\s*$/.test(joined) && index + 1 < lines.length) {
      joined = joined.replace(/\\\s*$/, ' ');
      index += 1;
      const next = lines[index] ?? '';
      if (/^\s*#/.test(next)) {
        joined += '\\';
        continue;
      }
      joined += next;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(joined);
    if (!match) throw new Error(`Dockerfile line ${startLine}: cannot read "${joined.trim()}"`);
    const keyword = (match[1] ?? '').toUpperCase();
    const { flags, args } = splitFlags(match[2] ?? '');
    instructions.push({ keyword, flags, args, json: execForm(args), line: startLine });
  }

  /** @type {Instruction[]} */
  const globalArgs = [];
  /** @type {Stage[]} */
  const stages = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.split(/\s+/);
      if (as !== undefined && (as.toUpperCase() !== 'AS' || !name)) {
        throw new Error(`Dockerfile line ${instruction.line}: expected FROM <image> [AS <name>]`);
      }
      stages.push({ name, from, fromInstruction: instruction, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') {
        throw new Error(`Dockerfile line ${instruction.line}: only ARG may come before the first FROM`);
      }
      globalArgs.push(instruction);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  if (stages.length === 0) throw new Error('Dockerfile has no FROM');
  return { globalArgs, stages };
}

/**
 * Docker's substitution in FROM, ARG, ENV, WORKDIR, COPY…: $NAME, ${NAME},
 * ${NAME:-default} and ${NAME:+alternative}; unset names become empty.
 * @param {string} text
 * @param {Record<string, string | undefined>} vars
 */
export function substitute(text, vars) {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, operator, word, bare) => {
      if (whole === '\\$') return '$';
      const value = vars[braced ?? bare];
      if (operator === '-') return value ? value : word;
      if (operator === '+') return value ? word : '';
      return value ?? '';
    },
  );
}

/**
 * `ARG NAME[=default]`.
 * @param {string} args
 * @returns {{ name: string, defaultValue: string | undefined }}
 */
export function parseArg(args) {
  const [name = '', ...rest] = args.split('=');
  return { name: name.trim(), defaultValue: rest.length > 0 ? unquote(rest.join('=')) : undefined };
}

/** @param {string} value */
function unquote(value) {
  const trimmed = value.trim();
  return /^(".*"|'.*')$/s.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

/**
 * `ENV A=1 B="two words"` (or the legacy `ENV A 1`), after substitution.
 * @param {string} args
 * @param {Record<string, string | undefined>} vars
 * @returns {Record<string, string>}
 */
export function parseEnv(args, vars) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [name = '', ...value] = args.split(/\s+/);
    return { [name]: substitute(value.join(' '), vars) };
  }
  /** @type {Record<string, string>} */
  const env = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const [, name = '', raw = ''] = match;
    env[name] = substitute(unquote(raw), { ...vars, ...env });
  }
  return env;
}
