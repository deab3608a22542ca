import { throttleFunctionsLua } from './throttle-lua.js';

/**
 * Spends one recovery code, atomically, so of replicas receiving the same code at once exactly
 * one accepts it:
 *  1. "missing" without the account, "state:<state>" unless it is active;
 *  2. refused with the remaining lockout when the account or the address (when given) is locked out;
 *  3. accepted when one of the candidate hashes is in the set: it is removed in the same step (a
 *     code is never accepted twice) and the account's failures are cleared, as an accepted TOTP code does;
 *  4. otherwise a failure for the account and the address, exactly as a wrong TOTP code.
 *
 * KEYS: account, recovery set, subject throttle, and the address throttle only when an address is throttled
 * ARGV: now (ms), base lockout (ms), max lockout (ms), window (ms), subject limit, address limit,
 *       then the candidate hashes (the code under the current key, then under each previous key)
 * Returns: { outcome, retry-after ms, subject lockout ms, address lockout ms, codes left }
 *   outcome: "missing" | "state:<state>" | "locked" | "accepted" | "rejected"
 */
export const spendRecoveryScript = `
local now = tonumber(ARGV[1])
local base = tonumber(ARGV[2])
local maxLockout = tonumber(ARGV[3])
local window = tonumber(ARGV[4])

${throttleFunctionsLua}
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return { 'missing', 0, 0, 0, 0 } end
if state ~= 'active' then return { 'state:' .. state, 0, 0, 0, 0 } end

local throttleAddress = #KEYS >= 4
local wait = remaining(KEYS[3])
if throttleAddress then wait = math.max(wait, remaining(KEYS[4])) end
if wait > 0 then return { 'locked', wait, 0, 0, 0 } end

for i = 7, #ARGV do
  if redis.call('SREM', KEYS[2], ARGV[i]) == 1 then
    redis.call('DEL', KEYS[3])
    return { 'accepted', 0, 0, 0, redis.call('SCARD', KEYS[2]) }
  end
end

local subjectLockout = fail(KEYS[3], tonumber(ARGV[5]))
local addressLockout = 0
if throttleAddress then addressLockout = fail(KEYS[4], tonumber(ARGV[6])) end
return { 'rejected', 0, subjectLockout, addressLockout, redis.call('SCARD', KEYS[2]) }
`;

/**
 * Replaces an account's recovery codes: the old set is void in the same step the new one is stored.
 * KEYS: account, recovery set. ARGV: the new hashes. Returns "ok" or "missing".
 */
export const replaceRecoveryScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
redis.call('DEL', KEYS[2])
if #ARGV > 0 then redis.call('SADD', KEYS[2], unpack(ARGV)) end
return 'ok'
`;

/** How many recovery codes an account has left. KEYS: account, recovery set. Returns -1 without the account. */
export const countRecoveryScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('SCARD', KEYS[2])
`;
