-- wrk: one fixed request. WRK_METHOD (GET), WRK_BODY (none), WRK_HEADERS: a flat JSON object of
-- header names to values without quotes or backslashes inside (the runner builds it).
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY") or ""
if body ~= "" then wrk.body = body end
for name, value in string.gmatch(os.getenv("WRK_HEADERS") or "{}", '"([^"]+)":"([^"]*)"') do
  wrk.headers[name] = value
end
