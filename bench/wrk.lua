-- The requests of one benchmark run, for wrk. Every request carries what the proxy in front of
-- the site adds (Host, X-Forwarded-Proto: https, X-Forwarded-For) and the visitor's cookies.
-- Set by bench/wrk.py through the environment:
--   BENCH_COOKIE   the Cookie header (empty: a first-time visitor)
--   BENCH_BODY     a form to POST (empty: GET); FORM_TOKEN in it is replaced per request by the
--                  next token of BENCH_TOKENS (a file, one token a line), each sent once while
--                  the pool lasts; X-Forwarded-For then changes with every request
--   BENCH_EXPECT   for a POST, a text the answer should hold: answers holding it are counted
-- done() prints one line, "BENCH key=value ...", that bench/wrk.py reads.

local cookie = os.getenv("BENCH_COOKIE") or ""
local body = os.getenv("BENCH_BODY") or ""
local token_file = os.getenv("BENCH_TOKENS") or ""
local posting = body ~= ""
local thread_total = tonumber(os.getenv("BENCH_THREADS") or "1")
local expect = os.getenv("BENCH_EXPECT") or ""

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("id", thread_count)
   table.insert(threads, thread)
end

local tokens = {}
sent = 0
pool = 0

function init(args)
   wrk.headers["Host"] = "forum.example.org"
   wrk.headers["X-Forwarded-Proto"] = "https"
   wrk.headers["X-Forwarded-For"] = "192.0.2.1"
   if cookie ~= "" then
      wrk.headers["Cookie"] = cookie
   end
   if posting then
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
      wrk.headers["Origin"] = "https://forum.example.org"
      wrk.headers["Referer"] = "https://forum.example.org" .. wrk.path
      if token_file ~= "" then
         for line in io.lines(token_file) do
            table.insert(tokens, line)
         end
         pool = #tokens
      end
   end
end

-- Thread i of n sends tokens i, i + n, i + 2n...: no two threads send the same one.
local function next_post()
   sent = sent + 1
   local n = (sent - 1) * thread_total + id
   local headers = {}
   for name, value in pairs(wrk.headers) do
      headers[name] = value
   end
   -- A network of its own for each POST: the per-network limits are raised anyway.
   headers["X-Forwarded-For"] = string.format("198.18.%d.%d", math.floor(n / 250) % 250, n % 250)
   local form = body
   if #tokens > 0 then
      form = string.gsub(body, "FORM_TOKEN", tokens[(n - 1) % #tokens + 1])
   end
   return wrk.format(nil, nil, headers, form)
end

statuses = {}
expected = 0

-- Only POSTs are built and read one by one: for a GET wrk sends one prepared request again
-- and again, and does not hand each page to Lua (the pages can be megabytes).
if posting then
   request = next_post
   function response(status, headers, response_body)
      statuses[status] = (statuses[status] or 0) + 1
      if expect ~= "" and string.find(response_body, expect, 1, true) then
         expected = expected + 1
      end
   end
end

function done(summary, latency, requests)
   local counts, total_sent, pool_size, total_expected = {}, 0, 0, 0
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses") or {}) do
         counts[status] = (counts[status] or 0) + count
      end
      total_sent = total_sent + (thread:get("sent") or 0)
      total_expected = total_expected + (thread:get("expected") or 0)
      pool_size = thread:get("pool") or pool_size
   end
   local listed = {}
   for status, count in pairs(counts) do
      table.insert(listed, status .. ":" .. count)
   end
   table.sort(listed)
   local errors = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d connect=%d read=%d " ..
      "write=%d status=%d timeout=%d statuses=%s sent=%d pool=%d expected=%d\n",
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(99),
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      table.concat(listed, ","), total_sent, pool_size, total_expected))
end
