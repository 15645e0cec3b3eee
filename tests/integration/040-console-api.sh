# The village console's API against the real kabard (docs/API.md): login,
# lock-out, sessions that survive a restart and expire, CSRF, the roles,
# and each endpoint: a complaint from SMS set to diproses sends the same
# SMS as TIKET; bad input is a 4xx with a JSON error and changes nothing.
. tests/integration/common.sh

. tests/integration/console.sh

echo "short" | "$KABAR" password-hash >/dev/null 2>&1 && fail "short password hashed"
console_conf
start_console

# --- the pages ---------------------------------------------------------
curl -s -D "$T/h" -o "$T/index" "$URL/" || fail "GET /"
grep -qi '^content-security-policy: default-src .self.' "$T/h" || fail "no CSP on /"
grep -qi '^etag: "' "$T/h" || fail "no ETag"
grep -qi '^content-type: text/html' "$T/h" || fail "index type"
cmp -s "$T/index" web/static/index.html || fail "/ is not index.html"
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: \(.*\)\r$/\1/p' "$T/h")
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$URL/")" = 304 ] ||
	fail "no 304 for the same ETag"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/nothing.js")" = 404 ] || fail "missing file"

# --- login, refusals, lock-out ----------------------------------------
call anon GET /api/v1/me >/dev/null; expect 401 "me without login"; json_error "401"
call anon GET /api/v1/complaints >/dev/null; expect 401 "list without login"
call anon POST /api/v1/login '{"phone": 81200000001, "password": "x"}' >/dev/null
expect 400 "phone of the wrong type"; json_error "wrong type"
call anon POST /api/v1/login 'phone=1' application/x-www-form-urlencoded >/dev/null
expect 415 "form login"
# The staff member has no password_hash: no login, whatever is typed.
call anon POST /api/v1/login '{"phone": "081277770002", "password": "whatever1"}' >/dev/null
expect 401 "admin without password_hash"
# Four wrong, the fifth locks; then even the right password is refused.
for i in 1 2 3 4; do
	call anon POST /api/v1/login '{"phone": "081200000001", "password": "wrong-password"}' >/dev/null
	expect 401 "wrong password $i"
done
call anon POST /api/v1/login '{"phone": "081200000001", "password": "wrong-password"}' >/dev/null
expect 429 "fifth wrong password"
jq -e '.retry_after > 3500' "$T/body" >/dev/null || fail "retry_after"
call anon POST /api/v1/login "{\"phone\": \"081200000001\", \"password\": \"$HEAD_PW\"}" >/dev/null
expect 429 "locked out"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE command = 'console login' AND allowed = 0 AND phone = '+6281200000001'")" -ge 6 ] ||
	fail "wrong passwords not audited"
sql "UPDATE console_locks SET locked_until = 0"

login head 0812-0000-0001 "$HEAD_PW"
grep -q 'kabar_session' "$T/jar-head" || fail "no cookie"
call head GET /api/v1/me >/dev/null; expect 200 "me"
jq -e '.role == "head" and .phone == "+6281200000001"' "$T/body" >/dev/null || fail "me: $(cat "$T/body")"
curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"phone\": \"081200000001\", \"password\": \"$HEAD_PW\"}" "$URL/api/v1/login" >"$T/h"
grep -i '^set-cookie: kabar_session=' "$T/h" | grep -qi 'httponly' || fail "cookie not HttpOnly"
grep -i '^set-cookie: kabar_session=' "$T/h" | grep -qi 'samesite=strict' || fail "cookie not SameSite=Strict"
grep -i '^set-cookie:' "$T/h" | grep -qi 'secure' && fail "Secure cookie over plain HTTP"
[ "$(sql "SELECT COUNT(*) FROM console_sessions WHERE length(id_hash) = 64")" -ge 1 ] || fail "session not stored"
id=$(awk '$6 == "kabar_session" { print $7 }' "$T/jar-head")
[ ${#id} = 64 ] || fail "session id is not 256 bits of hex"
[ "$(sql "SELECT COUNT(*) FROM console_sessions WHERE id_hash = '$id'")" = 0 ] || fail "the id itself is stored"

# --- complaints: from SMS to the console and back ---------------------
inject --from 081311110001 "ADUAN #PU jalan rusak <script>alert(1)</script>"
inject --from 081311110002 "ADUAN #PDAM air mati"
two() { [ "$(sql "SELECT COUNT(*) FROM tickets WHERE kind = 'complaint'")" = 2 ]; }
wait_for 10 two || fail "complaints by SMS"
pu=$(sql "SELECT number FROM tickets WHERE category = 'PU'")
pdam=$(sql "SELECT number FROM tickets WHERE category = 'PDAM'")
call head GET '/api/v1/complaints?status=baru' >/dev/null; expect 200 "complaints"
jq -e '.total == 2 and (.items | length) == 2' "$T/body" >/dev/null || fail "list: $(cat "$T/body")"
jq -e '[.items[].text] | any(contains("<script>alert(1)</script>"))' "$T/body" >/dev/null ||
	fail "the text is not given as written"
call head GET '/api/v1/complaints?category=PDAM' >/dev/null
jq -e ".total == 1 and .items[0].ticket == \"$pdam\"" "$T/body" >/dev/null || fail "category filter"
today=$(TZ=Asia/Jakarta date +%F)
call head GET "/api/v1/complaints?from=$today&to=$today&per_page=1&page=2" >/dev/null
jq -e '.total == 2 and (.items | length) == 1 and .page == 2' "$T/body" >/dev/null || fail "paging: $(cat "$T/body")"
call head GET '/api/v1/complaints?from=2020-01-01&to=2020-01-31' >/dev/null
jq -e '.total == 0' "$T/body" >/dev/null || fail "date filter"
call head GET '/api/v1/complaints?status=kacau' >/dev/null; expect 400 "unknown status filter"; json_error "status"
call head GET '/api/v1/complaints?from=kemarin' >/dev/null; expect 400 "bad day"
call head GET '/api/v1/complaints?per_page=9999' >/dev/null; expect 400 "per_page"
call head GET "/api/v1/complaints/$pu" >/dev/null; expect 200 "one complaint"
jq -e '.history | length == 1' "$T/body" >/dev/null || fail "history"
call head GET /api/v1/complaints/123456 >/dev/null; expect 404 "unknown ticket"; json_error "404"
call head GET /api/v1/complaints/abc >/dev/null; expect 404 "malformed ticket"

# A change without the CSRF token, or with a stale one: 403, nothing changed.
cp "$T/csrf-head" "$T/csrf-keep"
: >"$T/csrf-head"
call head POST "/api/v1/complaints/$pu/status" '{"status": "diproses"}' >/dev/null
expect 403 "no CSRF token"; json_error "csrf"
echo 0000000000000000000000000000000000000000000000000000000000000000 >"$T/csrf-head"
call head POST "/api/v1/complaints/$pu/status" '{"status": "diproses"}' >/dev/null
expect 403 "stale CSRF token"
cp "$T/csrf-keep" "$T/csrf-head"
[ "$(sql "SELECT status FROM tickets WHERE number = '$pu'")" = baru ] || fail "changed without CSRF"
call head POST "/api/v1/complaints/$pu/status" '{"status": 2}' >/dev/null
expect 400 "status of the wrong type"; json_error "type"
call head POST "/api/v1/complaints/$pu/status" '{"status": "beres"}' >/dev/null
expect 400 "unknown status"
call head POST "/api/v1/complaints/$pu/status" 'not json' >/dev/null; expect 400 "not JSON"
call head POST "/api/v1/complaints/$pu/status" "{\"status\": \"diproses\", \"note\": \"$(head -c 70000 /dev/zero | tr '\0' a)\"}" >/dev/null
expect 413 "oversize body"; json_error "413"
call head POST /api/v1/complaints/123456/status '{"status": "diproses"}' >/dev/null
expect 404 "status of an unknown ticket"
[ "$(sql "SELECT status FROM tickets WHERE number = '$pu'")" = baru ] || fail "a refused request changed it"

before=$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281311110001'")
call head POST "/api/v1/complaints/$pu/status" '{"status": "diproses", "note": "Tim PU datang Senin"}' >/dev/null
expect 200 "status change"
jq -e '.changed == true and .status == "diproses"' "$T/body" >/dev/null || fail "change: $(cat "$T/body")"
[ "$(sql "SELECT status FROM tickets WHERE number = '$pu'")" = diproses ] || fail "status not stored"
sms=$(sql "SELECT text FROM outbox WHERE recipient = '+6281311110001' ORDER BY id DESC LIMIT 1")
echo "$sms" | grep -q "$pu" || fail "resident not told: $sms"
echo "$sms" | grep -q "Tim PU datang Senin" || fail "note not in the SMS: $sms"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281311110001'")" = $((before + 1)) ] || fail "told more than once"
[ "$(sql "SELECT COUNT(*) FROM journal WHERE type = 'complaint_status'")" = 1 ] || fail "no journal record"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE phone = '+6281200000001' AND command = 'console complaint status'")" = 1 ] || fail "not audited"
# The same as TIKET: compare with what an SMS command sends.
inject --from 081200000001 "TIKET 4321 $pdam diproses Tim PU datang Senin"
told() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281311110002'")" = 2 ]; }
wait_for 10 told || fail "TIKET by SMS"
[ "$(sql "SELECT text FROM outbox WHERE recipient = '+6281311110002' ORDER BY id DESC LIMIT 1" | sed "s/$pdam/T/")" = \
  "$(echo "$sms" | sed "s/$pu/T/")" ] || fail "console and TIKET send different SMS"
call head POST "/api/v1/complaints/$pu/status" '{"status": "diproses"}' >/dev/null
jq -e '.changed == false' "$T/body" >/dev/null || fail "same status again"

# --- the office role: its category alone -------------------------------
login office 081277770001 "$OFFICE_PW"
call office GET /api/v1/complaints >/dev/null; expect 200 "office list"
jq -e ".total == 1 and .items[0].ticket == \"$pu\"" "$T/body" >/dev/null || fail "office sees others: $(cat "$T/body")"
call office GET '/api/v1/complaints?category=PDAM' >/dev/null
jq -e '.total == 0 or all(.items[]; .category == "PU")' "$T/body" >/dev/null || fail "office filter escape"
call office GET "/api/v1/complaints/$pdam" >/dev/null; expect 404 "office reads another category"
call office POST "/api/v1/complaints/$pdam/status" '{"status": "selesai"}' >/dev/null
expect 404 "office changes another category"
[ "$(sql "SELECT status FROM tickets WHERE number = '$pdam'")" = diproses ] || fail "office changed PDAM"
call office POST "/api/v1/complaints/$pu/status" '{"status": "selesai", "note": "sudah diaspal"}' >/dev/null
expect 200 "office changes its own"
call office GET /api/v1/summary >/dev/null; expect 200 "office summary"
jq -e 'has("modems") | not' "$T/body" >/dev/null || fail "office sees the modems"
for p in /api/v1/letters /api/v1/queue /api/v1/polls /api/v1/residents /api/v1/modems /api/v1/sync /api/v1/broadcasts /api/v1/satisfaction /api/v1/residents.csv; do
	call office GET "$p" >/dev/null; expect 403 "office GET $p"; json_error "role"
done
call office POST /api/v1/broadcasts '{"text": "x", "confirm": true}' >/dev/null; expect 403 "office broadcast"
[ "$(sql "SELECT COUNT(*) FROM broadcasts")" = 0 ] || fail "office broadcast went"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE phone = '+6281277770001' AND allowed = 0 AND detail = 'POST /api/v1/broadcasts'")" = 1 ] ||
	fail "a refused role not audited"

# --- sessions: restart, idle, absolute, logout ---------------------------
stop_gw
start_console
call head GET /api/v1/me >/dev/null; expect 200 "session kept across a restart"
sql "UPDATE console_sessions SET seen_at = seen_at - 1801 WHERE phone = '+6281277770001'"
call office GET /api/v1/complaints >/dev/null; expect 401 "idle session"
jq -e '.error == "session expired"' "$T/body" >/dev/null || fail "idle: $(cat "$T/body")"
login office 081277770001 "$OFFICE_PW"
sql "UPDATE console_sessions SET created_at = created_at - 43201 WHERE phone = '+6281277770001'"
call office GET /api/v1/me >/dev/null; expect 401 "session past 12 hours"
call head POST /api/v1/logout >/dev/null; expect 200 "logout"
call head GET /api/v1/me >/dev/null; expect 401 "after logout"
login head 081200000001 "$HEAD_PW"
call head DELETE /api/v1/me >/dev/null; expect 405 "wrong method"
# A page refreshing by itself does not keep an unattended session alive.
h=$(awk '$6 == "kabar_session" { printf "%s", $7 }' "$T/jar-head" | sha256sum | cut -c1-64)
sql "UPDATE console_sessions SET seen_at = seen_at - 600 WHERE id_hash = '$h'"
seen=$(sql "SELECT seen_at FROM console_sessions WHERE id_hash = '$h'")
[ -n "$seen" ] || fail "the session is not stored under the hash of its id"
curl -s -o /dev/null -b "$T/jar-head" -H 'X-Kabar-Background: 1' "$URL/api/v1/summary"
[ "$(sql "SELECT seen_at FROM console_sessions WHERE id_hash = '$h'")" = "$seen" ] || fail "a background refresh counted as use"
call head GET /api/v1/summary >/dev/null; expect 200 "summary"
[ "$(sql "SELECT seen_at FROM console_sessions WHERE id_hash = '$h'")" -gt "$seen" ] || fail "use not recorded"
# An admin whose password_hash goes (SIGHUP) is out at the next request.
login office 081277770001 "$OFFICE_PW"
sed -i '/name = "PU"/s/ password_hash = "[^"]*";//' "$CONF"
kill -HUP "$GW_PID"
out() { call office GET /api/v1/me >/dev/null; [ "$(code)" = 401 ]; }
wait_for 10 out || fail "office still in after its password went: $(code)"
call head GET /api/v1/nothing >/dev/null; expect 404 "unknown endpoint"; json_error "404 endpoint"

stop_gw
check_log
echo "ok"
