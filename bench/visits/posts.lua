-- wrk script: people-counter posts, each a new gate and interval (or, with REPLAY set, the first
-- REPLAY posts of each thread again, in a loop: resubmissions that must change nothing).
-- With RATE set, the threads together offer RATE posts a second on a fixed schedule (each thread
-- RATE / threads, its connections taking the next free slot), as many counters posting on their own
-- clocks would; without it each connection posts again as soon as it has its answer.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *t);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local counter = 0
local threads = 0
local id = 0
local key = os.getenv("BENCH_KEY")
local replay = tonumber(os.getenv("REPLAY") or "0")
local rate = tonumber(os.getenv("RATE") or "0")
local wrk_threads = tonumber(os.getenv("WRK_THREADS") or "2")
local base = 1451606400 -- 2016-01-01T00:00:00Z
local next_slot = nil

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

if rate > 0 then
  function delay()
    local step = 1000 * wrk_threads / rate
    local now = now_ms()
    if next_slot == nil then next_slot = now + step * (id - 1) / wrk_threads end
    local wait = next_slot - now
    next_slot = next_slot + step
    if wait < 0 then return 0 end
    return math.floor(wait)
  end
end

function request()
  counter = counter + 1
  local n = counter
  if replay > 0 then n = ((counter - 1) % replay) + 1 end
  local gate = "T" .. id .. "-" .. (n % 20)
  local start = base + 900 * math.floor(n / 20)
  local body = string.format(
    '{"gate":"%s","start":"%s","end":"%s","count":%d}', gate,
    os.date("!%Y-%m-%dT%H:%M:%S+00:00", start), os.date("!%Y-%m-%dT%H:%M:%S+00:00", start + 900), n % 37)
  return wrk.format("POST", "/api/visits/counts",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
