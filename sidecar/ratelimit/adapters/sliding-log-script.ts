/**
 * The Redis side of the sliding-window log (same algorithm as ../sliding-log.ts), as ONE Lua
 * script so check-and-charge is atomic across every sidecar and gateway replica sharing Redis.
 *
 * KEYS[1] is a sorted set of admissions scored by the Redis server's own TIME in microseconds (no
 * client clock is trusted, so processes agree). Each member is
 * "<units admitted so far, zero-padded>:<cost>": unique without a nonce, ordered like the scores,
 * and it lets the script read the units in the window from the oldest and newest entries instead
 * of summing the set — O(log n) per check. ARGV: limit, window (µs), cost.
 *
 * Returns {allowed 0|1, remaining, reset µs, retry-after µs}. The key gets PEXPIRE = window on
 * every admission, so an idle counter vanishes once its last entry has left the window.
 */
export const SLIDING_LOG_SCRIPT = `
local key = KEYS[1]
local limit, window, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])

local function units(member)
  local total, c = string.match(member, '^(%d+):(%d+)$')
  return tonumber(total), tonumber(c)
end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
-- A server clock stepped back must not reorder the log or resurrect expired entries.
if newest[2] and tonumber(newest[2]) > now then now = tonumber(newest[2]) end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)

-- Units in the window = (total after the newest) - (total before the oldest live entry).
local base, top = 0, 0
local oldest = redis.call('ZRANGE', key, 0, 0)
if oldest[1] then
  local total, c = units(oldest[1])
  base = total - c
  top = units(newest[1])
end
local used = top - base

local allowed, retry = 0, 0
if used + cost <= limit then
  top, used, allowed = top + cost, used + cost, 1
  redis.call('ZADD', key, now, string.format('%015d:%d', top, cost))
  redis.call('PEXPIRE', key, math.ceil(window / 1000))
else
  -- Binary search for the oldest entry whose expiry frees enough units (totals grow with rank;
  -- each entry costs >= 1, so it is among the first need): O(log need) lookups, not a scan.
  local need = used + cost - limit
  local lo, hi = 0, math.min(need, redis.call('ZCARD', key)) - 1
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if units(redis.call('ZRANGE', key, mid, mid)[1]) - base >= need then hi = mid else lo = mid + 1 end
  end
  retry = tonumber(redis.call('ZRANGE', key, lo, lo, 'WITHSCORES')[2]) + window - now
end

local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
local reset = 0
if last[2] then reset = tonumber(last[2]) + window - now end
-- remaining can only go negative if the limit shrank (plan downgrade) under a full window.
return {allowed, math.max(limit - used, 0), reset, retry}
`;
