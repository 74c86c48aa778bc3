-- wrk script: people-counter posts, each a new gate and interval (or, with REPLAY set, the first
-- REPLAY posts of each thread again, in a loop: resubmissions that must change nothing).
local counter = 0
local threads = 0
local id = 0
local key = os.getenv("BENCH_KEY")
local replay = tonumber(os.getenv("REPLAY") or "0")
local base = 1451606400 -- 2016-01-01T00:00:00Z

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
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
