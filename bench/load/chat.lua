-- wrk script for ./bench/load.sh: POST /v1/chat/completions with a JSON body and an Authorization header, then one
-- summary line "LOAD_JSON {...}" (latencies in ms) that load.sh records.
--
-- Environment (os.getenv, so wrk needs no "--" arguments):
--   LOAD_CASE   miss   - non-streaming, a unique prompt per request (a counter per thread + the thread number), so
--                        a response cache can never answer
--               hit    - non-streaming, the same body every time (after the first request a cache answers)
--               stream - "stream": true, a unique prompt per request
--   LOAD_AUTH   the Authorization header's value, e.g. "Bearer eyJ..." (optional)
--   LOAD_HEADERS  further headers, "Name: value|Name: value" (optional; Portkey's routing headers)
--   LOAD_MODEL  the model field (default gpt-4o-mini)
--   LOAD_SALT   text mixed into every prompt so that separate runs never share a cache entry (default "")

local case = os.getenv("LOAD_CASE") or "miss"
local model = os.getenv("LOAD_MODEL") or "gpt-4o-mini"
local salt = os.getenv("LOAD_SALT") or ""
local stream = case == "stream"

local function body(nonce)
  return '{"model":"' .. model .. '",' ..
    (stream and '"stream":true,"stream_options":{"include_usage":true},' or '') ..
    '"messages":[{"role":"system","content":"You are a helpful assistant for an internal engineering team. ' ..
    'Answer concisely and cite the relevant runbook section when you can."},' ..
    '{"role":"user","content":"[' .. salt .. ' ' .. nonce .. '] Our nightly export job started failing after the ' ..
    'database migration. The logs show connection resets after about 30 seconds. What are the three most likely ' ..
    'causes and how do I confirm each one?"}],"temperature":0.2,"max_tokens":256}'
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("LOAD_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
for name, value in string.gmatch(os.getenv("LOAD_HEADERS") or "", "([^:|]+):%s*([^|]*)") do
  wrk.headers[name] = value
end

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

local fixed = nil
local counter = 0
function init(args)
  if case == "hit" then fixed = wrk.format(nil, nil, nil, body("same")) end
end

function request()
  if fixed then return fixed end
  counter = counter + 1
  return wrk.format(nil, nil, nil, body(string.format("t%d-%d", tid or 0, counter)))
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local function p(q) return latency:percentile(q) / 1000.0 end
  io.write(string.format(
    'LOAD_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f,' ..
    '"errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds, p(50), p(90), p(99), latency.max / 1000.0,
    e.connect + e.read + e.write + e.status + e.timeout))
end
