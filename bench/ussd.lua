-- Each request a new USSD session from a new phone: the top screen.
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    "sessionId=b%d&serviceCode=%%2A123%%23&phoneNumber=0813%08d&text=", n, n)
  return wrk.format("POST", "/ussd", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Kabar-Key"] = "bench-key" }, body)
end
