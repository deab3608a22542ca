-- wrk: POST a JSON body with the bearer token. BODY=random sends {"name":"<1..N>","email":…} and
-- BODY=random-name {"name":"<1..N>"}, with a random name among the N seeded users; anything else
-- is sent as it is.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BEARER") or "")
local body = os.getenv("BODY") or "{}"
local users = tonumber(os.getenv("USERS") or "1000")

request = function()
  if body == "random" then
    local id = math.random(1, users)
    return wrk.format(nil, nil, nil, string.format('{"name":"%d","email":"%d@example.com"}', id, id))
  end
  if body == "random-name" then
    return wrk.format(nil, nil, nil, string.format('{"name":"%d"}', math.random(1, users)))
  end
  return wrk.format(nil, nil, nil, body)
end
