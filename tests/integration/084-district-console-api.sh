# The district console's API (CONTRACT section 8) against a real
# kabar-district: officers log in with the number and password of the
# configuration; wrong passwords are refused and the fifth within the
# hour locks the number out; sessions live in the store and expire; a
# change without the CSRF token is refused; villages, complaints across
# villages and campaigns as the villages' records say; residents' text
# comes back as they wrote it, and CSV cells are guarded; unknown paths
# and garbage get clear errors.
. tests/integration/common.sh
. tests/integration/district_console.sh

# Console settings the district refuses, saying where.
refused() {	# refused WHAT SETTINGS
	printf 'district : { database = "%s"; %s\n' "$T/bad.db" "$2" >"$T/bad.conf"
	"$ROOT/$BIN/kabar-district" -c "$T/bad.conf" report >"$T/bad.out" 2>&1
	[ $? = 2 ] || fail "$1: not refused: $(cat "$T/bad.out")"
	grep -q "bad.conf:[0-9]" "$T/bad.out" || fail "$1: no line: $(cat "$T/bad.out")"
}
H=$(printf 'kata-sandi-panjang\n' | "$KABAR" password-hash)
refused "language" 'language = "fr"; };'
refused "http as a list" '}; http = ( "x" );'
refused "http without listen" '}; http = { };'
refused "an unknown http key" '}; http = { listen = "127.0.0.1:1"; port = 1; };'
refused "tls_cert alone" '}; http = { listen = "127.0.0.1:1"; tls_cert = "c.pem"; };'
refused "an officer without a hash" '}; officers = ( { phone = "0812000001"; name = "A"; } );'
refused "a PIN as the hash" '}; officers = ( { phone = "0812000001"; name = "A"; password_hash = "1234"; } );'
refused "a landline officer" "}; officers = ( { phone = \"02112345678\"; name = \"A\"; password_hash = \"$H\"; } );"
refused "an officer without a name" "}; officers = ( { phone = \"0812000001\"; password_hash = \"$H\"; } );"
refused "an unknown officer key" "}; officers = ( { phone = \"0812000001\"; name = \"A\"; role = \"x\"; password_hash = \"$H\"; } );"

start_district $PORT "$(district_console_settings)"
wait_console
district_console_seed

# --- the pages --------------------------------------------------------
curl -s -D "$T/h" -o "$T/index" "$URL/" || fail "GET /"
grep -qi "^content-security-policy: default-src 'self'" "$T/h" || fail "no CSP on /"
grep -qi '^etag: "' "$T/h" || fail "no ETag"
cmp -s "$T/index" district/static/index.html || fail "/ is not the district's index.html"
for f in app.js pages.js ui.js i18n.js style.css favicon.svg; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/$f")" = 200 ] || fail "/$f"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/nothing.js")" = 404 ] || fail "a missing file"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/")" = 405 ] || fail "POST /"
# The batches' port does not serve the console, nor the console batches.
[ "$(curl -s -o /dev/null -w '%{http_code}' "$DURL/api/v1/me")" = 404 ] || fail "console on the batches' port"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/v1/batches")" = 405 ] || fail "batches on the console"

# --- login, refusals, lock-out ------------------------------------------
call anon GET /api/v1/me; expect 401 "me without login"
jqe '.language == "id"' "the refusal names the language"
call anon GET /api/v1/villages; expect 401 "villages without login"
call anon POST /api/v1/login '{"phone": 81200000001, "password": "x"}'; expect 400 "phone as a number"
call anon POST /api/v1/login 'phone=0812&password=x' application/x-www-form-urlencoded; expect 415 "a form"
call anon POST /api/v1/login '{"phone": "0812' ; expect 400 "broken JSON"
call anon POST /api/v1/login "{\"phone\": \"$(head -c 5000 /dev/zero | tr '\0' 1)\", \"password\": \"x\"}"
expect 413 "an oversize login"
call anon POST /api/v1/login '{"phone": "081299999999", "password": "kabupaten-rahasia"}'
expect 401 "a number that is no officer's"
for i in 1 2 3 4; do
	call anon POST /api/v1/login '{"phone": "+62 813-0000-0002", "password": "salah-sekali"}'
	expect 401 "wrong password $i"
done
call anon POST /api/v1/login '{"phone": "081300000002", "password": "salah-sekali"}'
expect 429 "the fifth wrong password"
jqe '.retry_after > 3500' "retry_after"
call anon POST /api/v1/login "{\"phone\": \"081300000002\", \"password\": \"$OTHER_PW\"}"
expect 429 "the right password while locked out"
[ "$(dsql "SELECT COUNT(*) FROM console_locks WHERE phone = '+6281300000002' AND locked_until > $(date +%s)")" = 1 ] ||
	fail "the lock-out is not in the store"
# An hour later the number may try again.
dsql "UPDATE console_locks SET locked_until = locked_until - 3601, window_start = window_start - 3601" >/dev/null
login other 081300000002 "$OTHER_PW"
[ "$(dsql "SELECT COUNT(*) FROM console_locks WHERE phone = '+6281300000002'")" = 0 ] || fail "lock not cleared by a login"

login kom 0812-0000-0001 "$OFFICER_PW"
jqe '.name == "Dinas <Kominfo>" and .phone == "+6281200000001" and .language == "id" and (.csrf | length) == 64' "me at login"
grep -q kabar_session "$T/jar-kom" || fail "no cookie"
curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"phone\": \"081200000001\", \"password\": \"$OFFICER_PW\"}" "$URL/api/v1/login" >"$T/h"
grep -i '^set-cookie: kabar_session=' "$T/h" | grep -i httponly | grep -qi 'samesite=strict' ||
	fail "cookie not HttpOnly and SameSite=Strict"
id=$(awk '$6 == "kabar_session" { print $7 }' "$T/jar-kom")
[ ${#id} = 64 ] || fail "the session id is not 256 bits"
[ "$(dsql "SELECT COUNT(*) FROM console_sessions WHERE id_hash = '$id'")" = 0 ] || fail "the id itself is stored"
[ "$(dsql "SELECT COUNT(*) FROM console_sessions WHERE phone = '+6281200000001' AND length(id_hash) = 64")" -ge 1 ] ||
	fail "no session in the store"
call kom GET /api/v1/me; expect 200 "me"

# --- Desa ---------------------------------------------------------------
call kom GET /api/v1/villages; expect 200 "villages"
jqe '[.items[].id] | index("leksono") != null and index("sungai") != null' "both villages listed"
jqe '.items[] | select(.id == "sungai") | .name == "Sungai <Raya>" and .region == "Kubu" and .quiet == false and (.last_contact | type) == "string"' "a village as it is"
jqe '.items[] | select(.id == "diam") | .quiet == true and .last_contact == null' "a village never heard from is quiet"
jqe '.quiet_hours == 24' "the default quiet hours"
dsql "UPDATE gateways SET last_contact = last_contact - 7200 WHERE id = 'leksono'" >/dev/null
call kom GET '/api/v1/villages?quiet_hours=1'; expect 200 "villages, quiet after an hour"
jqe '.items[] | select(.id == "leksono") | .quiet == true' "two hours without contact is quiet after 1 h"
call kom GET '/api/v1/villages?quiet_hours=abc'; expect 400 "quiet_hours not a number"

# --- Aduan ----------------------------------------------------------------
call kom GET /api/v1/complaints; expect 200 "complaints"
jqe '.total == 5 and (.items | length) == 5' "all five complaints"
jqe '[.items[].ticket] == ["100001", "200001", "100003", "100002", "200002"]' "oldest first"
jqe '.items[] | select(.ticket == "100002") | .text == "<script>alert(1)</script> jalan <b>rusak</b>"' "the text as written"
jqe '.items[] | select(.ticket == "200001") | .category == "PLN" and .status == "diproses" and .open and .village_name == "Sungai <Raya>"' "moved and in progress"
jqe '.items[] | select(.ticket == "100003") | .status == "selesai" and (.open | not)' "closed by its latest status"
jqe '.items[] | select(.ticket == "100001") | .age > 3400000' "the age in seconds"
call kom GET '/api/v1/complaints?status=open'; expect 200 "open ones"
jqe '.total == 4 and all(.items[]; .open)' "open: four"
call kom GET '/api/v1/complaints?status=closed'; expect 200 "closed ones"
jqe '.total == 1 and .items[0].ticket == "100003"' "closed: one"
call kom GET '/api/v1/complaints?status=diproses&village=sungai'; expect 200 "by status and village"
jqe '.total == 1 and .items[0].ticket == "200001"' "status and village"
call kom GET '/api/v1/complaints?category=PU'; expect 200 "by category"
jqe '.total == 3 and all(.items[]; .category == "PU")' "category PU"
call kom GET '/api/v1/complaints?village=leksono&per_page=2&page=2'; expect 200 "paging"
jqe '.total == 3 and (.items | length) == 1 and .page == 2 and .items[0].ticket == "100002"' "page 2 of leksono"
call kom GET '/api/v1/complaints?status=kacau'; expect 400 "an unknown status"
jqe '.error | type == "string"' "a JSON error"
call kom GET '/api/v1/complaints?per_page=9999'; expect 400 "per_page too big"
call kom GET '/api/v1/complaints?page=0'; expect 400 "page 0"
call kom GET "/api/v1/complaints?village=$(head -c 100 /dev/zero | tr '\0' a)"; expect 400 "a village name too long"
call kom GET "/api/v1/complaints?village=x%27%20OR%201%3D1--"; expect 200 "a quote in a filter"
jqe '.total == 0' "a filter is a value, not SQL"
call kom GET /api/v1/complaints/summary; expect 200 "the summary"
jqe '.categories[] | select(.category == "PU") | .open == 3 and .ages == [2, 0, 0, 1]' "PU by age: $(cat "$T/body")"
jqe '.categories[] | select(.category == "PLN") | .open == 1 and .ages == [0, 0, 1, 0]' "PLN by age"
jqe '[.categories[].category] | index("PDAM") == null' "a closed complaint is not open"
call kom GET '/api/v1/complaints/summary?village=sungai'; expect 200 "the summary of one village"
jqe '[.categories[].open] | add == 2' "sungai's open complaints"
# An erasure leaves the complaint counted without its text.
cat >"$T/e.json" <<JSON
{"gateway": "leksono", "batch": "l2", "records": [
 {"id": "leksono:ab12cd34-8", "type": "erasure", "at": "$(iso 10)",
  "data": {"resident": "cccc0000cccc0000cccc0000cccc0001", "tickets": ["100001"]}}]}
JSON
[ "$(batch leksono "$T/e.json")" = 200 ] || fail "the erasure: $(cat "$T/answer")"
call kom GET '/api/v1/complaints?village=leksono'; expect 200 "after the erasure"
jqe '.total == 3 and (.items[] | select(.ticket == "100001") | .text == null)' "erased text gone, complaint counted"

# --- Kampanye ---------------------------------------------------------------
if "$ROOT/$BIN/kabar-district" -c "$T/d.conf" campaign 2>&1 | grep -q 'unknown command'; then
	echo "campaigns: the campaign command is not in this build; their endpoints only"
	call kom GET /api/v1/campaigns; expect 200 "campaigns"
else
	cat >"$T/poll.json" <<'JSON'
{"code": "AIR", "question": "Air bersih dari mana? <b>", "options": ["Sumur bor", "=PDAM", "@Hujan"]}
JSON
	"$ROOT/$BIN/kabar-district" -c "$T/d.conf" campaign poll "$T/poll.json" --gateways leksono,sungai >"$T/camp.out" 2>&1 ||
		fail "campaign poll: $(cat "$T/camp.out")"
	call kom GET /api/v1/campaigns; expect 200 "campaigns"
	jqe '.items[0].code == "AIR" and .items[0].kind == "poll" and .items[0].asked == 2' "the poll listed"
	call kom GET /api/v1/campaigns/AIR; expect 200 "the poll's results"
	jqe '.options == ["Sumur bor", "=PDAM", "@Hujan"] and .overall == [1, 2, 0]' "votes overall"
	jqe '.villages[] | select(.gateway == "sungai") | .votes == [0, 1, 0]' "votes of a village"
	call kom GET /api/v1/campaigns/AIR/results.csv; expect 200 "the CSV"
	grep -q "^(all),,,2,'=PDAM,2,66.7" "$T/body" || fail "a formula cell not guarded: $(cat "$T/body")"
	grep -q "^sungai,Sungai <Raya>,Kubu,3,'@Hujan,0,0.0" "$T/body" || fail "CSV per village: $(cat "$T/body")"
	# The officer's download is the operator's file.
	"$ROOT/$BIN/kabar-district" -c "$T/d.conf" results AIR --csv >"$T/cli.csv" 2>/dev/null
	cmp -s "$T/body" "$T/cli.csv" || fail "the console's CSV differs from results --csv: $(diff "$T/body" "$T/cli.csv")"
	cat >"$T/survey.json" <<'JSON'
{"code": "SEHAT", "title": "Survei =kesehatan", "questions": [
 {"text": "Punya BPJS?", "type": "choice", "options": ["Ya", "Tidak"]},
 {"text": "Umur?", "type": "number", "min": 0, "max": 120},
 {"text": "+Saran?", "type": "text"}]}
JSON
	"$ROOT/$BIN/kabar-district" -c "$T/d.conf" campaign survey "$T/survey.json" --gateways all >"$T/camp.out" 2>&1 ||
		fail "campaign survey: $(cat "$T/camp.out")"
	cat >"$T/r.json" <<JSON
{"gateway": "sungai", "batch": "s2", "records": [
 {"id": "sungai:cd34ef56-5", "type": "survey_response", "at": "$(iso 100)",
  "data": {"survey": "SEHAT", "respondent": "bbbb0000bbbb0000bbbb0000bbbb0001", "answers": [1, 40, "lampu"]}}]}
JSON
	[ "$(batch sungai "$T/r.json")" = 200 ] || fail "a survey response: $(cat "$T/answer")"
	call kom GET /api/v1/campaigns/SEHAT; expect 200 "the survey's results"
	jqe '.kind == "survey" and (.questions | length) == 3 and (.villages[] | select(.gateway == "sungai") | .responses) == 1' "survey results"
	call kom GET /api/v1/campaigns/SEHAT/results.csv; expect 200 "the survey's CSV"
	"$ROOT/$BIN/kabar-district" -c "$T/d.conf" results SEHAT --csv >"$T/cli.csv" 2>/dev/null
	cmp -s "$T/body" "$T/cli.csv" || fail "the survey's CSV differs from results --csv: $(diff "$T/body" "$T/cli.csv")"
	grep -q "^(all),,,'+Saran?,text,,1,,,,$(printf '\r')\$" "$T/body" || fail "survey CSV: $(cat "$T/body")"
	curl -s -D - -o /dev/null -b "$T/jar-kom" "$URL/api/v1/campaigns/AIR/results.csv" |
	    grep -qi '^content-disposition: attachment; filename="campaign-AIR.csv"' || fail "CSV file name"
fi
call kom GET /api/v1/campaigns/NOPE; expect 404 "an unknown campaign"
call kom GET /api/v1/campaigns/NOPE/results.csv; expect 404 "an unknown campaign's CSV"

# --- unknown paths, methods, garbage -------------------------------------------
call kom GET /api/v1/nothing; expect 404 "an unknown endpoint"
jqe '.error | type == "string"' "404 in JSON"
call kom GET /api/v2/villages; expect 404 "another version"
call kom DELETE /api/v1/villages; expect 405 "DELETE villages"
call kom POST /api/v1/villages '{}'; expect 405 "POST villages"
call kom GET '/api/v1/campaigns/a/b/c'; expect 404 "a deeper path"
printf 'GARBAGE\r\n\r\n' | curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X 'BREW' "$URL/api/v1/me" -b "$T/jar-kom" >"$T/code"
[ "$(cat "$T/code")" = 405 ] || fail "an odd method: $(cat "$T/code")"
{ printf 'NOT HTTP AT ALL\r\n\r\n'; sleep 1; } | timeout 5 nc -q 1 127.0.0.1 "$CPORT" >/dev/null 2>&1 || true
call kom GET /api/v1/me; expect 200 "still serving after garbage"

# --- CSRF, logout, expiry ---------------------------------------------------
cp "$T/csrf-kom" "$T/csrf-keep"
: >"$T/csrf-kom"
call kom POST /api/v1/logout '{}'; expect 403 "logout without the CSRF token"
echo 0000000000000000000000000000000000000000000000000000000000000000 >"$T/csrf-kom"
call kom POST /api/v1/logout '{}'; expect 403 "logout with a stale CSRF token"
cp "$T/csrf-keep" "$T/csrf-kom"
call kom GET /api/v1/me; expect 200 "the session survived the refusals"
# Idle for 30 minutes: over.
dsql "UPDATE console_sessions SET seen_at = seen_at - 1801 WHERE phone = '+6281300000002'" >/dev/null
call other GET /api/v1/villages; expect 401 "an idle session"
jqe '.error == "session expired"' "idle: expired"
# Twelve hours in any case.
login other 081300000002 "$OTHER_PW"
dsql "UPDATE console_sessions SET created_at = created_at - 43201 WHERE phone = '+6281300000002'" >/dev/null
call other GET /api/v1/me; expect 401 "a session of 12 hours"
# A second receiver (any receiver) serves the same session.
call kom POST /api/v1/logout '{}'; expect 200 "logout"
grep -qi 'kabar_session' "$T/jar-kom" && grep -q "$id" "$T/jar-kom" && fail "cookie kept after logout"
call kom GET /api/v1/me; expect 401 "after logout"
[ "$(dsql "SELECT COUNT(*) FROM console_sessions WHERE phone = '+6281200000001'")" -le 1 ] || fail "logout left the session"

# Over HTTPS: the cookie is Secure.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 || fail "openssl"
sed -i "s|^http = { listen = \"127.0.0.1:$CPORT\"; };|http = { listen = \"127.0.0.1:$CPORT\"; tls_cert = \"cert.pem\"; tls_key = \"key.pem\"; };|" "$T/d.conf"
grep -q tls_cert "$T/d.conf" || fail "no tls_cert in the test's settings"
URL="https://127.0.0.1:$CPORT"
wait_console() { wait_for 10 curl -skf -o /dev/null "$URL/" || fail "no console over HTTPS"; }
restart_district
curl -sk -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"phone\": \"081200000001\", \"password\": \"$OFFICER_PW\"}" "$URL/api/v1/login" >"$T/h"
grep -qi '^HTTP/[0-9.]* 200' "$T/h" || fail "login over HTTPS: $(cat "$T/h")"
grep -i '^set-cookie: kabar_session=' "$T/h" | grep -qi '; secure' || fail "no Secure cookie over HTTPS"

# The console's log names no password and no session id.
grep -q "$OFFICER_PW" "$T/district.log" && fail "a password in the log"
kill -TERM $DPID
wait_for 10 sh -c "! kill -0 $DPID" || fail "the district did not stop"
grep -E ' (ERROR|fatal)' "$T/district.log" && fail "errors in the log"
echo "ok"
