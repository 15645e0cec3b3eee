# The console's other endpoints against the real kabard: Beranda, letters,
# the queue, polls with votes by SMS (results per option and group, CSV),
# surveys, a broadcast from estimate to done, residents (import, search,
# export), modems, the district link and the satisfaction report.
. tests/integration/common.sh
. tests/integration/console.sh

console_conf
start_console
login head 081200000001 "$HEAD_PW"
login staff 081277770003 "$STAFF_PW"

call head GET /api/v1/settings >/dev/null; expect 200 "settings"
jqe '.groups == ["RT01", "RT02"] and .categories == ["PU", "PDAM"] and .statuses.letter[2] == "siap" and .counters[0].code == "UMUM"' "settings"

# --- residents: import, search, export ---------------------------------
printf 'phone,name,group\r\n081311110001,Budi,RT01\r\n081311110002,"Siti, Aminah",rt02\r\n081311110003,Joko,\r\n' >"$T/res.csv"
call head POST /api/v1/residents/import "$(cat "$T/res.csv")" text/csv >/dev/null
expect 200 "import"; jqe '.imported == 3' "import count"
printf '081311110004,Ani,RT01\nx123,Bad,RT01\n' >"$T/bad.csv"
call head POST /api/v1/residents/import "$(cat "$T/bad.csv")" text/csv >/dev/null
expect 400 "bad import"; jqe '.line == 2 and (.error | test("x123"))' "bad line"
[ "$(sql "SELECT COUNT(*) FROM residents")" = 3 ] || fail "a bad file imported something"
call head POST /api/v1/residents/import "$(cat "$T/res.csv")" >/dev/null
expect 415 "CSV sent as JSON"
printf '\357\273\277phone,name,group\r\n081311110005,Dewi,RT02\r\n' >"$T/bom.csv"
call head POST /api/v1/residents/import "$(cat "$T/bom.csv")" "text/csv; charset=utf-8" >/dev/null
expect 200 "a CSV with a byte order mark"; jqe '.imported == 1' "BOM import"
sql "DELETE FROM residents WHERE phone = '+6281311110005'"
head -c 1100000 /dev/zero | tr '\0' 'a' >"$T/huge.csv"
curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar-head" -H "X-CSRF-Token: $(cat "$T/csrf-head")" \
    -H 'Content-Type: text/csv' --data-binary @"$T/huge.csv" "$URL/api/v1/residents/import" >"$T/code"
expect 413 "a CSV over 1 MiB"; json_error "413 import"
call head GET '/api/v1/residents?q=siti' >/dev/null; expect 200 "search"
jqe '.total == 1 and .items[0].name == "Siti, Aminah" and .items[0].group == "RT02"' "search"
call head GET '/api/v1/residents?group=RT01' >/dev/null; jqe '.total == 1' "group filter"
call head GET /api/v1/residents.csv >"$T/out.csv"; expect 200 "export"
head -1 "$T/out.csv" | grep -q '^phone,name,group,registered_at,opted_out_at' || fail "export header"
grep -q '^+6281311110002,"Siti, Aminah",RT02,' "$T/out.csv" || fail "export quoting: $(cat "$T/out.csv")"
grep -q "$(printf '\r$')" "$T/out.csv" || fail "export lines not CRLF"

# --- letters and the queue ----------------------------------------------
inject --from 081311110001 "SURAT DOMISILI pindah RT"
letter() { [ -n "$(sql "SELECT number FROM tickets WHERE kind = 'letter'")" ]; }
wait_for 10 letter || fail "letter by SMS"
lt=$(sql "SELECT number FROM tickets WHERE kind = 'letter'")
call staff GET '/api/v1/letters?status=diterima' >/dev/null; expect 200 "letters (staff)"
jqe ".total == 1 and .items[0].ticket == \"$lt\" and .items[0].type == \"DOMISILI\" and .items[0].type_name == \"Surat domisili\"" "letters"
call head POST "/api/v1/letters/$lt/status" '{"status": "baru"}' >/dev/null; expect 400 "complaint status on a letter"
call staff POST "/api/v1/letters/$lt/status" '{"status": "siap"}' >/dev/null; expect 200 "letter ready (staff)"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE phone = '+6281277770003' AND command = 'console letter status'")" = 1 ] || fail "staff change not audited"
ready() { sql "SELECT text FROM outbox WHERE recipient = '+6281311110001' ORDER BY id DESC LIMIT 1" | grep -q "siap diambil"; }
wait_for 5 ready || fail "ready SMS"
call head POST "/api/v1/complaints/$lt/status" '{"status": "selesai"}' >/dev/null
expect 404 "a letter through the complaints endpoint"

for i in 1 2 3; do inject --from "08132222000$i" "ANTRI"; done
three() { [ "$(sql "SELECT COUNT(*) FROM queue")" = 3 ]; }
wait_for 10 three || fail "queue by SMS"
call head GET /api/v1/queue >/dev/null; expect 200 "queue"
jqe '.counters[0].code == "UMUM" and .counters[0].waiting == 3 and (.counters[0].entries | length) == 3 and .counters[0].current == null' "queue"
call staff POST /api/v1/queue/UMUM/next >/dev/null; expect 200 "next (staff)"
jqe '.called == 1 and .waiting == 2' "next"
call head POST /api/v1/queue/UMUM/next '{"skip": "ya"}' >/dev/null; expect 400 "skip of the wrong type"
call head POST /api/v1/queue/LOKET9/next >/dev/null; expect 404 "unknown counter"
call head GET /api/v1/queue >/dev/null; jqe '.counters[0].current == 1' "current"

# --- polls --------------------------------------------------------------
poll='{"code": "AIR", "question": "Sumber air?", "options": ["Sumur bor", "PDAM"], "public_results": true, "send": false}'
call head POST /api/v1/polls "$poll" >/dev/null; expect 201 "poll create"
call head POST /api/v1/polls "$poll" >/dev/null; expect 409 "poll code taken"
call head POST /api/v1/polls '{"code": "X1", "question": "q", "options": ["a"]}' >/dev/null
expect 400 "one option"; json_error "poll"
call head POST /api/v1/polls/AIR/send >/dev/null; expect 200 "poll send"
jqe '.queued == 3' "poll audience"
inject --from 081311110001 "PILIH AIR 1"
inject --from 081311110002 "PILIH AIR 2"
inject --from 081311110003 "PILIH AIR 1"
votes() { [ "$(sql "SELECT COUNT(*) FROM votes")" = 3 ]; }
wait_for 10 votes || fail "votes"
call head GET /api/v1/polls/AIR >/dev/null; expect 200 "poll"
jqe '.total == 3 and .results[0].name == "Sumur bor" and .results[0].votes == 2 and .results[1].votes == 1' "tally"
jqe '[.groups[] | select(.group == "RT01")][0].results[0].votes == 1' "per group"
call head GET /api/v1/polls >/dev/null; jqe '.items[0].code == "AIR" and .items[0].votes == 3 and .items[0].public_results == true' "polls"
call head GET /api/v1/polls/AIR/results.csv >"$T/poll.csv"; expect 200 "poll csv"
head -1 "$T/poll.csv" | grep -q '^group,option,name,votes' || fail "poll csv header"
grep -q '^(all),1,Sumur bor,2' "$T/poll.csv" || fail "poll csv: $(cat "$T/poll.csv")"
grep -q '^RT02,2,PDAM,1' "$T/poll.csv" || fail "poll csv group: $(cat "$T/poll.csv")"
call head POST /api/v1/polls/AIR/close >/dev/null; expect 200 "close"
[ "$(sql "SELECT status FROM polls WHERE code = 'AIR'")" = closed ] || fail "not closed"
call head POST /api/v1/polls/AIR/send >/dev/null; expect 409 "send a closed poll"
call head GET /api/v1/polls/NONE >/dev/null; expect 404 "unknown poll"

# --- surveys --------------------------------------------------------------
survey='{"code": "SEHAT", "title": "Survei", "questions": [{"text": "BPJS?", "type": "choice", "options": ["Ya", "Tidak"]}, {"text": "Umur?", "type": "number", "min": 0, "max": 120}, {"text": "Saran, ya?", "type": "text"}]}'
call head POST /api/v1/surveys "$survey" >/dev/null; expect 201 "survey create"
call head POST /api/v1/surveys "$survey" >/dev/null; expect 409 "survey code taken"
call head POST /api/v1/surveys/SEHAT/send '{"group": "RT01"}' >/dev/null; expect 200 "survey send"
jqe '.queued == 1' "survey audience"
call head POST /api/v1/surveys/SEHAT/send '{"group": "RT09"}' >/dev/null; expect 400 "unknown group"
for m in "SURVEI SEHAT" "1" "34" "Posyandu tiap bulan"; do
	inject --from 081311110002 "$m"
	n=$(sql "SELECT COUNT(*) FROM inbox")
	handled() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state = 'new'")" = 0 ]; }
	wait_for 10 handled || fail "survey SMS"
done
resp() { [ "$(sql "SELECT COUNT(*) FROM survey_responses")" = 1 ]; }
wait_for 10 resp || fail "survey response"
call head GET /api/v1/surveys/SEHAT >/dev/null; expect 200 "survey"
jqe '.responses == 1 and .results[0].counts[0].count == 1 and .results[1].average == 34 and .results[2].latest[0] == "Posyandu tiap bulan"' "survey results"
call head GET /api/v1/surveys >/dev/null; jqe '.items[0].code == "SEHAT"' "surveys"
call head GET /api/v1/surveys/SEHAT/results.csv >"$T/sv.csv"; expect 200 "survey csv"
head -1 "$T/sv.csv" | grep -q '^id,at,BPJS?,Umur?,"Saran, ya?"' || fail "survey csv header: $(cat "$T/sv.csv")"
grep -q ',Ya,34,Posyandu tiap bulan' "$T/sv.csv" || fail "survey csv: $(cat "$T/sv.csv")"

# --- a broadcast from estimate to done ------------------------------------
call head POST /api/v1/broadcasts/estimate '{"text": "Kerja bakti Minggu", "group": "RT01"}' >/dev/null
expect 200 "estimate"; jqe '.recipients == 1 and .parts == 1 and .sms == 1 and .quiet_now == false' "estimate"
call head POST /api/v1/broadcasts '{"text": "Kerja bakti Minggu"}' >/dev/null
expect 400 "no confirm"
[ "$(sql "SELECT COUNT(*) FROM broadcasts")" = 0 ] || fail "sent without confirm"
call head POST /api/v1/broadcasts '{"text": "Kerja bakti Minggu", "group": "RT07", "confirm": true}' >/dev/null
expect 400 "unknown group"
call head POST /api/v1/broadcasts '{"text": "Kerja bakti Minggu", "confirm": true}' >/dev/null
expect 201 "broadcast"; jqe '.recipients == 3' "broadcast"
bid=$(jq .id "$T/body")
done_() { call head GET "/api/v1/broadcasts/$bid" >/dev/null; jq -e '.progress.done and .progress.sent == 3' "$T/body" >/dev/null; }
wait_for 15 done_ || fail "broadcast progress: $(cat "$T/body")"
call head GET /api/v1/broadcasts >/dev/null; jqe ".items[0].id == $bid" "broadcasts"
call head GET /api/v1/broadcasts/999 >/dev/null; expect 404 "unknown broadcast"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE command = 'console broadcast' AND phone = '+6281200000001'")" = 1 ] || fail "broadcast not audited"

# --- Beranda, modems, sync, satisfaction -----------------------------------
inject --from 081311110001 "ADUAN #PU jalan rusak"
c1() { [ "$(sql "SELECT COUNT(*) FROM tickets WHERE kind = 'complaint'")" = 1 ]; }
wait_for 10 c1 || fail "complaint"
call head GET /api/v1/summary >/dev/null; expect 200 "summary"
jqe '.complaints.baru == 1 and .complaints.today == 1 and .letters.ready == 1 and .queue[0].waiting == 2 and .modems[0].name == "m1" and .budget.limit == 2000 and (.sync.backlog | type) == "number"' "summary"
ct=$(sql "SELECT number FROM tickets WHERE kind = 'complaint'")
call head POST "/api/v1/complaints/$ct/category" '{"category": "PDAM"}' >/dev/null
expect 200 "move a complaint"; jqe '.changed == true and .category == "PDAM"' "move"
[ "$(sql "SELECT category FROM tickets WHERE number = '$ct'")" = PDAM ] || fail "not moved"
[ "$(sql "SELECT COUNT(*) FROM journal WHERE type = 'complaint_status' AND data LIKE '%PDAM%'")" = 1 ] || fail "move not journalled"
call head POST "/api/v1/complaints/$ct/category" '{"category": "PDAM"}' >/dev/null
jqe '.changed == false' "move again"
call head POST "/api/v1/complaints/$ct/category" '{"category": "PLN"}' >/dev/null
expect 400 "unknown category"
call head GET /api/v1/modems >/dev/null; expect 200 "modems"
jqe '.items[0].name == "m1" and .items[0].state == "up" and .items[0].sent_today > 0' "modems"
call head GET /api/v1/sync >/dev/null; expect 200 "sync"
jqe '.backlog > 0 and .configured == false and .rejected == []' "sync"
call head POST /api/v1/sync/retry >/dev/null; expect 200 "sync retry"; jqe '.requeued == 0' "retry"
sql "INSERT INTO feedback (ticket, phone, kind, category, asked_at, mark, marked_at) VALUES ('100008', '+6281311110001', 'complaint', 'PU', strftime('%s', 'now'), 4, strftime('%s', 'now'))"
month=$(TZ=Asia/Jakarta date +%Y-%m)
call head GET "/api/v1/satisfaction?month=$month" >/dev/null; expect 200 "satisfaction"
jqe '.items[0].service == "complaint" and .items[0].count == 1 and .items[0].marks == [0, 0, 0, 1, 0]' "satisfaction"
call head GET '/api/v1/satisfaction?month=13-2026' >/dev/null; expect 400 "bad month"
call head GET "/api/v1/satisfaction.csv?month=$month" >"$T/sat.csv"; expect 200 "satisfaction csv"
grep -q '^complaint,PU,1,4.00,0,0,0,1,0' "$T/sat.csv" || fail "satisfaction csv: $(cat "$T/sat.csv")"

stop_gw
check_log
echo ok
