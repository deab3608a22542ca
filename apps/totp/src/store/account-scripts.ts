/**
 * Writes a new pending secret. ARGV[1] "enroll" creates the account or replaces a
 * pending one and replaces its recovery codes with the given hashes (in the same step: the
 * codes shown with an enrollment are the only valid ones); "reset" replaces the secret of an
 * existing account in any state and leaves its recovery codes as they are.
 * KEYS: account, recovery set. ARGV: mode, sealed secret, algorithm, digits, period, now (ISO),
 * then the recovery code hashes (enroll only). Returns "ok", "missing" or "state:<state>".
 */
export const writePendingScript = `
local state = redis.call('HGET', KEYS[1], 'state')
if ARGV[1] == 'enroll' and state and state ~= 'pending' then return 'state:' .. state end
if ARGV[1] == 'reset' and not state then return 'missing' end
local created = redis.call('HGET', KEYS[1], 'createdAt') or ARGV[6]
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'pending', 'secret', ARGV[2], 'algorithm', ARGV[3],
  'digits', ARGV[4], 'period', ARGV[5], 'createdAt', created, 'updatedAt', ARGV[6])
if ARGV[1] == 'enroll' then
  redis.call('DEL', KEYS[2])
  if #ARGV > 6 then redis.call('SADD', KEYS[2], unpack(ARGV, 7)) end
end
return 'ok'
`;

/**
 * Activates a pending account, only if its secret is still the one the code was checked
 * against (no reset in between). KEYS: account. ARGV: sealed secret, now (ISO).
 * Returns "ok", "missing", "changed" or "state:<state>".
 */
export const activateScript = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if state ~= 'pending' then return 'state:' .. state end
if redis.call('HGET', KEYS[1], 'secret') ~= ARGV[1] then return 'changed' end
redis.call('HSET', KEYS[1], 'state', 'active', 'confirmedAt', ARGV[2], 'updatedAt', ARGV[2])
return 'ok'
`;

/**
 * Moves an account to a state. KEYS: account. ARGV: new state, now (ISO), states allowed from (comma list).
 * Returns "ok", "missing" or "state:<state>".
 */
export const setStateScript = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if not string.find(',' .. ARGV[3] .. ',', ',' .. state .. ',', 1, true) then return 'state:' .. state end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'updatedAt', ARGV[2])
return 'ok'
`;

/** Replaces a sealed secret with the same secret sealed under the current key, if unchanged. */
export const rewrapScript = `
if redis.call('HGET', KEYS[1], 'secret') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'secret', ARGV[2])
return 1
`;

/** Deletes an account and its recovery codes. KEYS: account, recovery set. Returns 1, or 0 without the account. */
export const deleteScript = `
local deleted = redis.call('DEL', KEYS[1])
redis.call('DEL', KEYS[2])
return deleted
`;
