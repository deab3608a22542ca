import type { ServerResponse } from 'node:http';
import { sendBody, sendJson } from '@platform/http';
import { jsonReplacer } from '../json-replacer.js';

/** True when a value holds a bigint or a Buffer somewhere, which plain JSON would get wrong. */
function needsReplacer(value: unknown, depth = 0): boolean {
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  if (Buffer.isBuffer(value)) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (needsReplacer(item, depth + 1)) return true;
    return false;
  }
  if (value instanceof Date) return false;
  for (const key in value) {
    if (needsReplacer((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/**
 * An action's answer as JSON (null for undefined). Database values that JSON cannot carry as
 * they are (bigint, bytea) go through the replacer; everything else is stringified as it is.
 */
export function sendResult(res: ServerResponse, result: unknown): void {
  const value = result === undefined ? null : result;
  if (!needsReplacer(value)) {
    sendJson(res, 200, value);
    return;
  }
  sendBody(res, 200, 'application/json; charset=utf-8', JSON.stringify(value, jsonReplacer));
}
