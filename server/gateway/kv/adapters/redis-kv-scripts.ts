// Lua scripts of the Redis KV adapter. Each runs atomically on the Redis server, which is what
// makes compare-and-set and increments exact across any number of gateway replicas: no
// WATCH/MULTI retry loops, one round trip. An entry is a hash {v: JSON text, ver: version}.
// Every script touches only KEYS[1], so all of them are Redis Cluster safe.

/** ARGV: json, ttlMs ('' = none), ifVersion ('' = unconditional). Answers the new version or -1. */
export const PUT = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= cur then return -1 end
local ver = cur + 1
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'ver', ver)
if ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) else redis.call('PERSIST', KEYS[1]) end
return ver
`;

/** Answers {json, version, pttl} or nil. */
export const GET = `
local r = redis.call('HMGET', KEYS[1], 'v', 'ver')
if not r[1] then return nil end
return {r[1], r[2], redis.call('PTTL', KEYS[1])}
`;

/**
 * ARGV: by. Answers {1, newValue} or {0, 'not_integer' | 'out_of_range'}. Integers are at most
 * 16 digits, so both operands and the checked sum are exact in Lua's doubles; '%.0f' prints
 * them without exponent notation. HSET keeps any TTL, as the contract says.
 */
export const INCR = `
local r = redis.call('HMGET', KEYS[1], 'v', 'ver')
local n = 0
if r[1] then
  local v = r[1]
  if #v > 17 or not (v == '0' or string.match(v, '^%-?[1-9]%d*$')) then return {0, 'not_integer'} end
  n = tonumber(v)
end
n = n + tonumber(ARGV[1])
if n > 9007199254740991 or n < -9007199254740991 then return {0, 'out_of_range'} end
local s = string.format('%.0f', n)
redis.call('HSET', KEYS[1], 'v', s, 'ver', tonumber(r[2] or '0') + 1)
return {1, s}
`;

/** ARGV: ifVersion ('' = unconditional). Answers 1 when gone, 0 when the version was stale. */
export const DELETE = `
local cur = redis.call('HGET', KEYS[1], 'ver')
if not cur then return 1 end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= tonumber(cur) then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;
