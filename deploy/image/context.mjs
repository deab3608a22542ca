// The build context Docker would send: every file under the context root that
// the .dockerignore patterns do not exclude (moby's rules: patterns in order,
// the last match wins, `!` re-includes, a match on a folder covers its content).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ negated: boolean, source: string, regex: RegExp }} IgnorePattern
 */

/**
 * @param {string} pattern a cleaned pattern, slash-separated
 * @returns {RegExp}
 */
function toRegex(pattern) {
  let out = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '*' && pattern[index + 1] === '*') {
      // "**/" matches any number of folders, including none.
      const slash = pattern[index + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * @param {string} text the .dockerignore file
 * @returns {IgnorePattern[]}
 */
export function parseIgnore(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const source = path.posix.normalize(line.slice(negated ? 1 : 0).trim()).replace(/^\/+|\/+$/g, '');
      return { negated, source, regex: toRegex(source) };
    });
}

/**
 * Whether a context-relative path is excluded: a pattern matches the path or one of its parent folders.
 * @param {IgnorePattern[]} patterns
 * @param {string} relative
 */
export function isExcluded(patterns, relative) {
  const parts = relative.split('/');
  const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  let excluded = false;
  for (const pattern of patterns) {
    if (prefixes.some((prefix) => pattern.regex.test(prefix))) excluded = !pattern.negated;
  }
  return excluded;
}

/**
 * Whether an excluded folder must still be walked because a `!` pattern may re-include something in it.
 * @param {IgnorePattern[]} patterns
 * @param {string} relativeDir
 */
function mayReinclude(patterns, relativeDir) {
  return patterns.some(
    (pattern) =>
      pattern.negated && (pattern.source.startsWith(`${relativeDir}/`) || pattern.source.startsWith('**')),
  );
}

/**
 * The files of the build context, relative to its root, sorted.
 * @param {string} root the context folder (the repository root)
 * @param {string | undefined} ignoreFile a .dockerignore, if any
 * @returns {string[]}
 */
export function contextFiles(root, ignoreFile) {
  const patterns = ignoreFile && existsSync(ignoreFile) ? parseIgnore(readFileSync(ignoreFile, 'utf8')) : [];
  /** @type {string[]} */
  const files = [];
  /** @param {string} relativeDir */
  const walk = (relativeDir) => {
    for (const entry of readdirSync(path.join(root, relativeDir), { withFileTypes: true })) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      const excluded = isExcluded(patterns, relative);
      if (entry.isDirectory()) {
        if (!excluded || mayReinclude(patterns, relative)) walk(relative);
      } else if (!excluded && (entry.isFile() || entry.isSymbolicLink())) {
        files.push(relative);
      }
    }
  };
  walk('');
  return files.sort();
}
