import { throttleFunctionsLua } from './throttle-lua.js';

/**
 * One verification attempt, atomically, so replicas sharing Redis agree:
 *  1. refused with the remaining lockout when the subject or the address (when given) is locked out;
 *  2. accepted when the code matched a time step later than the last accepted one,
 *     which becomes the last accepted step (a code is never accepted twice);
 *  3. otherwise a failure for the subject and for the address (when given); reaching the limit
 *     locks it out for base * 2^(lockouts so far), capped, and starts counting anew.
 * Failure state expires a window after its last failure (or after its lockout ends).
 *
 * KEYS: last step, subject throttle, and the address throttle only when an address is throttled
 *   (the account API of a server-side caller passes none unless the caller names the end user's)
 * ARGV: now (ms), matched step (-1 when none), last-step ttl (ms), subject limit,
 *       address limit, base lockout (ms), max lockout (ms), window (ms)
 * Returns: { outcome, retry-after ms, subject lockout ms, address lockout ms }
 *   outcome: "locked" | "accepted" | "replayed" | "rejected"
 */
export const attemptScript = `
local now = tonumber(ARGV[1])
local step = tonumber(ARGV[2])
local stepTtl = tonumber(ARGV[3])
local base = tonumber(ARGV[6])
local maxLockout = tonumber(ARGV[7])
local window = tonumber(ARGV[8])

${throttleFunctionsLua}
local throttleAddress = #KEYS >= 3
local wait = remaining(KEYS[2])
if throttleAddress then wait = math.max(wait, remaining(KEYS[3])) end
if wait > 0 then return { 'locked', wait, 0, 0 } end

local outcome = 'rejected'
if step >= 0 then
  local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
  if step > last then
    redis.call('SET', KEYS[1], step, 'PX', stepTtl)
    redis.call('DEL', KEYS[2])
    return { 'accepted', 0, 0, 0 }
  end
  outcome = 'replayed'
end

local subjectLockout = fail(KEYS[2], tonumber(ARGV[4]))
local addressLockout = 0
if throttleAddress then addressLockout = fail(KEYS[3], tonumber(ARGV[5])) end
return { outcome, 0, subjectLockout, addressLockout }
`;
