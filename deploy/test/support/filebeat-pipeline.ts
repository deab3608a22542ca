import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { deployRoot } from './paths.js';

/**
 * What deploy/filebeat/filebeat.yml does to a line, read from the file itself:
 * the inputs' globs and parsers, the global fallback for lines without an
 * index, and the output's index format. No Filebeat runs here (none is
 * packaged for this machine), so this models the documented behaviour of the
 * options the file uses and refuses any option it does not model.
 */

interface NdjsonOptions {
  target: string;
  message_key?: string;
  overwrite_keys?: boolean;
  expand_keys?: boolean;
  add_error_key?: boolean;
}
interface Processor {
  add_docker_metadata?: unknown;
  drop_event?: unknown;
  decode_json_fields?: NdjsonOptions & { fields: string[] };
  add_fields?: { when?: { not?: { has_fields?: string[] } }; target: string; fields: Record<string, string> };
}
interface Input {
  type: string;
  id: string;
  paths: string[];
  parsers?: ({ ndjson: NdjsonOptions } | { container: { stream: string } })[];
  processors?: Processor[];
}
interface FilebeatConfig {
  filebeat: { inputs: Input[] };
  processors?: Processor[];
  output: { elasticsearch: { index: string; hosts: string[] } };
}

export type Event = Record<string, unknown>;

/** Beats read `a.b: 1` in their config as `a: {b: 1}`, at any depth. */
function expandConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandConfig);
  if (!value || typeof value !== 'object') return value;
  return expandKeys(
    Object.fromEntries(Object.entries(value).map(([key, child]) => [key, expandConfig(child)])),
  );
}

export function loadFilebeatConfig(): FilebeatConfig {
  const text = readFileSync(path.join(deployRoot, 'filebeat', 'filebeat.yml'), 'utf8');
  return expandConfig(parse(text)) as FilebeatConfig;
}

/** Filebeat's ${VAR:default} in config values. */
export function expandVariables(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g,
    (_whole, name: string, fallback?: string) => {
      return env[name] ?? fallback ?? '';
    },
  );
}

/** A filebeat path glob (`*` within one folder) as a regular expression. */
export function globMatches(glob: string, file: string): boolean {
  const pattern = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${pattern}$`).test(file);
}

/** `a.b.c: 1` as `{a: {b: {c: 1}}}`; throws on a key that is both a value and an object, as Filebeat reports. */
export function expandKeys(event: Event): Event {
  const out: Event = {};
  for (const [key, value] of Object.entries(event)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const existing = node[part];
      if (
        existing !== undefined &&
        (typeof existing !== 'object' || existing === null || Array.isArray(existing))
      ) {
        throw new Error(`expand_keys: "${key}" collides with the value of "${part}"`);
      }
      node = (node[part] ??= {}) as Event;
    }
    const last = parts.at(-1) ?? key;
    const expanded =
      value && typeof value === 'object' && !Array.isArray(value) ? expandKeys(value as Event) : value;
    const existing = node[last];
    if (existing !== undefined) {
      if (typeof existing !== 'object' || typeof expanded !== 'object' || expanded === null) {
        throw new Error(`expand_keys: "${key}" is set twice`);
      }
      Object.assign(existing as Event, expanded);
    } else {
      node[last] = expanded;
    }
  }
  return out;
}

function decodeJson(text: string, options: NdjsonOptions, base: Event): Event {
  if (options.target !== '') throw new Error('Only target "" (the event root) is modelled');
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch (error) {
    if (options.add_error_key) return { ...base, error: { message: String(error) } };
    throw error;
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) {
    throw new Error('A JSON line must be an object');
  }
  const fields = options.expand_keys ? expandKeys(decoded as Event) : (decoded as Event);
  return options.overwrite_keys ? { ...base, ...fields } : { ...fields, ...base };
}

function applyProcessors(event: Event, processors: readonly Processor[]): Event {
  let current = event;
  for (const processor of processors) {
    const [name] = Object.keys(processor);
    if (processor.add_docker_metadata !== undefined || processor.drop_event !== undefined) continue;
    if (processor.decode_json_fields) {
      const { fields, ...options } = processor.decode_json_fields;
      for (const field of fields) {
        const value = current[field];
        if (typeof value === 'string') current = decodeJson(value, options, current);
      }
      continue;
    }
    if (processor.add_fields) {
      const missing = processor.add_fields.when?.not?.has_fields ?? [];
      if (missing.length > 0 && missing.every((field) => current[field] !== undefined)) continue;
      if (processor.add_fields.target !== '') throw new Error('Only add_fields target "" is modelled');
      current = { ...current, ...processor.add_fields.fields };
      continue;
    }
    throw new Error(`The processor ${name} is not modelled`);
  }
  return current;
}

/** One line of a file read by `input`, as the event Filebeat sends. */
export function eventFromLine(
  config: FilebeatConfig,
  input: Input,
  line: string,
  env: Record<string, string>,
): Event {
  let event: Event = { message: line, '@timestamp': new Date().toISOString() };
  for (const parser of input.parsers ?? []) {
    if ('ndjson' in parser) {
      const decoded = decodeJson(String(event['message']), parser.ndjson, event);
      const key = parser.ndjson.message_key;
      if (key && typeof decoded[key] !== 'string')
        throw new Error(`ndjson: message_key "${key}" is not a string`);
      event = decoded;
    } else if ('container' in parser) {
      // Docker's json-file line: {"log": "<line>\n", "stream": "stdout", "time": "…"}.
      const wrapped = JSON.parse(String(event['message'])) as { log: string; stream: string; time: string };
      event = {
        ...event,
        message: wrapped.log.replace(/\n$/, ''),
        stream: wrapped.stream,
        '@timestamp': wrapped.time,
      };
    } else {
      throw new Error(`The parser ${Object.keys(parser).join()} is not modelled`);
    }
  }
  event = applyProcessors(event, input.processors ?? []);
  const globals = (config.processors ?? []).map((processor) => {
    if (!processor.add_fields) return processor;
    const fields = Object.fromEntries(
      Object.entries(processor.add_fields.fields).map(([key, value]) => [key, expandVariables(value, env)]),
    );
    return { add_fields: { ...processor.add_fields, fields } };
  });
  return applyProcessors(event, globals);
}

/** The output's index format (`%{[field]}`) applied to an event. */
export function outputIndex(config: FilebeatConfig, event: Event): string {
  return config.output.elasticsearch.index.replace(/%\{\[([^\]]+)\]\}/g, (_whole, field: string) => {
    const value = field
      .split('.')
      .reduce<unknown>((node, part) => (node as Event | undefined)?.[part], event);
    if (typeof value !== 'string') throw new Error(`The index field ${field} is missing`);
    return value;
  });
}

/** Elasticsearch's rules for an index name. */
export function isValidIndexName(name: string): boolean {
  return (
    name.length > 0 &&
    Buffer.byteLength(name) <= 255 &&
    name === name.toLowerCase() &&
    !/^[-_+.]/.test(name) &&
    !/[\\/*?"<>| ,#:]/.test(name)
  );
}
