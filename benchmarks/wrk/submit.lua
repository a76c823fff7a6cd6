-- wrk script: POST anonymous survey submissions as JSON, each with a fresh random
-- submission key; about 5% re-send an earlier key (a retry after a dropped connection).
-- Keys the server acknowledged (HTTP 200/201, key echoed in the body) are appended to
-- ack-<thread>.log so the driver can check, key by key, that each is stored once.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  items = {}
  for item in string.gmatch(args[2], "[^,]+") do table.insert(items, item) end
  logdir = args[3]
  math.randomseed(id * 7919 + os.time())
  sent = {}
  log = io.open(logdir .. "/ack-" .. id .. ".log", "a")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local key
  if #sent > 20 and math.random() < 0.05 then
    key = sent[math.random(#sent - 10)]
  else
    counter = counter + 1
    key = string.format("t%d-%d-%08x", id, counter, math.random(0, 0x7fffffff))
    table.insert(sent, key)
  end
  local answers = {}
  for _, item in ipairs(items) do
    if math.random() < 0.03 then
      table.insert(answers, string.format('"%s":null', item))
    else
      table.insert(answers, string.format('"%s":%d', item, math.random(1, 5)))
    end
  end
  local body = string.format('{"submission_key":"%s","answers":{%s},"demographics":{},"comments":{}}',
    key, table.concat(answers, ","))
  return wrk.format(nil, path, nil, body)
end

function response(status, headers, body)
  if status == 200 or status == 201 then
    local key = string.match(body, '"submission_key"%s*:%s*"([^"]+)"')
    if key then log:write(key, "\n"); log:flush() end
  end
end

