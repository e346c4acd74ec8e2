-- web_mix.lua: wrk script rotating through list views (sorts, filters, search,
-- pages, CSV-free) so the benchmark is not one cached URL.
local paths = {
  "/", "/?sort=star_7d", "/?sort=name", "/?sort=created&dir=asc", "/?layer=AI+engineering",
  "/?layer=Infrastructure&sort=forks", "/?q=agent", "/?q=%E6%8E%A8%E7%90%86", "/?page=40", "/?quiet=1",
  "/api/repos", "/api/repos?sort=star_1d_pct&page=7", "/api/repos?subcat=Agent", "/api/repos?q=llm&per=100",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
