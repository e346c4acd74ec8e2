-- web_uncached.lua: wrk script whose every request is a distinct URL (an
-- ignored counter parameter defeats the response cache), rotating sorts,
-- filters and pages: measures filtering + sorting + rendering per request.
local sorts = {"stars", "star_7d", "name", "forks", "created", "star_1d_pct"}
local filters = {"", "&layer=AI+engineering", "&q=agent", "&quiet=1", "&subcat=Agent"}
local i = 0
request = function()
  i = i + 1
  local path = string.format("/?sort=%s%s&page=%d&n=%d", sorts[(i % #sorts) + 1],
    filters[(i % #filters) + 1], (i % 40) + 1, i)
  if i % 2 == 0 then path = "/api" .. "/repos" .. path:sub(2) end
  return wrk.format("GET", path)
end
