/**
 * Lua functions shared by the scripts that count failures (a code check, a recovery code spend), so
 * both throttle the same way on the same keys. They read the script's locals `now`, `base`
 * (first lockout, ms), `maxLockout` (ms) and `window` (ms), which must be declared before.
 *  - remaining(key): the lockout left on a throttle hash, in ms (0 when not locked out);
 *  - fail(key, limit): counts a failure; reaching the limit locks out for base * 2^(lockouts so far),
 *    capped, and starts counting anew; the hash expires a window after its last failure (or its
 *    lockout's end). Returns the lockout started, in ms (0 when none).
 */
export const throttleFunctionsLua = `
local function remaining(key)
  local untilMs = tonumber(redis.call('HGET', key, 'until') or '0')
  if untilMs > now then return untilMs - now end
  return 0
end

local function fail(key, limit)
  local failures = redis.call('HINCRBY', key, 'failures', 1)
  local lockout = 0
  if failures >= limit then
    local level = redis.call('HINCRBY', key, 'lockouts', 1)
    lockout = math.min(base * math.pow(2, level - 1), maxLockout)
    redis.call('HSET', key, 'until', now + lockout, 'failures', 0)
  end
  redis.call('PEXPIRE', key, window + lockout)
  return lockout
end
`;
