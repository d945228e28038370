-- wrk script: cycles through malformed requests and counts the answers by status code (bench/load, issue 6).
-- The paths are relative to the URL wrk is given (http://127.0.0.1:<port>); ASSET names a real asset.
local asset = os.getenv("ASSET") or "wbtc-demo"
local a = "/v1/assets/" .. asset
local json = { ["Content-Type"] = "application/json" }

local specs = {
  { "GET", "/v1/assets/no-such-asset/snapshot" },
  { "GET", a .. "/snapshot?at=yesterday" },
  { "GET", a .. "/snapshot?at=2026-13-45T99:00:00Z" },
  { "GET", a .. "/snapshot?at=9999-01-01T00:00:00Z" },
  { "GET", a .. "/snapshot?heights=ethereum" },
  { "GET", a .. "/snapshot?heights=ethereum:-5,bitcoin:x" },
  { "GET", a .. "/snapshot?heights=nochain:5" },
  { "GET", a .. "/snapshot?heights=ethereum:99999999999999999999999" },
  { "GET", a .. "/snapshot?at=2026-01-01T00:00:00Z&heights=ethereum:1" },
  { "GET", a .. "/snapshot?at=%ff%fe%00" },
  { "GET", a .. "/mint-check" },
  { "GET", a .. "/mint-check?amount=" },
  { "GET", a .. "/mint-check?amount=-1" },
  { "GET", a .. "/mint-check?amount=abc" },
  { "GET", a .. "/mint-check?amount=1.5" },
  { "GET", a .. "/mint-check?amount=1e8" },
  { "GET", a .. "/mint-check?amount=0x10" },
  { "GET", a .. "/mint-check?amount=" .. string.rep("9", 200) },
  { "GET", "/v1/assets/no-such-asset/mint-check?amount=1" },
  { "POST", a .. "/mint-check", json, "{not json" },
  { "POST", a .. "/mint-check", json, "" },
  { "POST", a .. "/mint-check", json, "{\"amount\": -3}" },
  { "POST", a .. "/mint-check", json, "[1,2,3]" },
  { "POST", a .. "/mint-check", { ["Content-Type"] = "text/plain" }, "100" },
  { "GET", a .. "/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z" },
  { "GET", a .. "/history?interval=banana" },
  { "GET", a .. "/history?from=2000-01-01T00:00:00Z&interval=1s" },
  { "GET", a .. "/rounds/abc" },
  { "GET", a .. "/rounds?limit=-1" },
}

local reqs = {}
local i = 0
counts = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for _, s in ipairs(specs) do
    table.insert(reqs, wrk.format(s[1], s[2], s[3], s[4]))
  end
end

function request()
  i = i % #reqs + 1
  return reqs[i]
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do
      total[k] = (total[k] or 0) + v
    end
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do
    io.write(string.format("status %d: %d\n", k, total[k]))
  end
end
