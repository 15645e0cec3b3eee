# USSD over HTTP with curl against the running daemon: the key, walks of
# every action, back and top, a wrong digit, a retried request, a
# shortcut, a lapsed session, one session id from two phones, a landline,
# an oversize body, garbage, /health and /metrics.
. tests/integration/common.sh

write_conf '
ussd : { session_seconds = 5; menu = { title = "Desa Uji"; items = (
  { title = "Cek tiket"; action = "status"; },
  { title = "Buat aduan"; action = "complaint"; },
  { title = "Ikut polling"; action = "poll"; },
  { title = "Daftar warga"; action = "register"; },
  { title = "Info desa"; items = (
      { title = "Jam kantor"; text = "Buka Senin-Jumat 08.00-14.00."; } ); },
  { title = "Survei"; action = "survey"; survey = "SEHAT"; } ); }; };'
start_gw
URL="http://127.0.0.1:$PORT"
up() { curl -s -o /dev/null "$URL/health"; }
wait_for 10 up || fail "no HTTP"

ussd() {	# SESSION TEXT [PHONE]
	curl -s -H "X-Kabar-Key: test-key" --data-urlencode "sessionId=$1" \
	    --data-urlencode "serviceCode=*123*45#" \
	    --data-urlencode "phoneNumber=${3:-081355550000}" \
	    --data-urlencode "text=$2" "$URL/ussd"
}
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

[ "$(code -d 'sessionId=a&serviceCode=x&phoneNumber=0813&text=' "$URL/ussd")" = 403 ] || fail "no key: not 403"
[ -z "$(curl -s -d 'sessionId=a&serviceCode=x&phoneNumber=0813&text=' "$URL/ussd")" ] || fail "403 has a body"
[ "$(code -H 'X-Kabar-Key: wrong' -d 'sessionId=a&serviceCode=x&phoneNumber=0813&text=' "$URL/ussd")" = 403 ] || fail "wrong key"
[ "$(code -d 'sessionId=a&serviceCode=x&phoneNumber=081355550000&text=' "$URL/ussd?key=test-key")" = 200 ] || fail "key parameter"

ussd s1 "" | grep -q "^CON Desa Uji" || fail "top screen: $(ussd s1 '')"
ussd s1 "5" | grep -q "Jam kantor" || fail "submenu"
ussd s1 "5*0" | grep -q "^CON Desa Uji" || fail "back"
ussd s1 "5*0*5*00" | grep -q "^CON Desa Uji" || fail "top"
ussd s1 "5*0*5*00*7" | grep -q "Pilihan salah" || fail "wrong digit"
ussd s1 "5*0*5*00*7*5*1" | grep -q "^END Buka Senin" || fail "info leaf"

ussd s2 "" >/dev/null
ussd s2 "2" | grep -q "^CON Tulis aduan" || fail "complaint prompt"
ussd s2 "2*Lampu jalan mati" | grep -q "^END Aduan diterima" || fail "complaint"
ussd s2 "2*Lampu jalan mati" >/dev/null
[ "$(sql "SELECT COUNT(*) FROM tickets")" = 1 ] || fail "a retried request filed twice"
ticket=$(sql "SELECT number FROM tickets")
ussd s3 "" >/dev/null
ussd s3 "1*$ticket" | grep -q "^END Tiket $ticket: baru" || fail "status"
ussd s4 "" >/dev/null
ussd s4 "4*Sari" | grep -q "RT01" || fail "register: group list"
ussd s4 "4*Sari*2" | grep -q "^END Terima kasih Sari" || fail "register"
[ "$(sql "SELECT grp FROM residents WHERE name = 'Sari'")" = RT02 ] || fail "registered group"
echo '{"code": "AIR", "question": "Air?", "options": ["Sumur", "PDAM"]}' | kabar poll create - >/dev/null
ussd s5 "" >/dev/null
ussd s5 "3" | grep -q "1. AIR" || fail "poll list"
ussd s5 "3*1" | grep -q "2. PDAM" || fail "poll options"
ussd s5 "3*1*2" | grep -q "^END Terima kasih" || fail "vote"
[ "$(sql "SELECT option FROM votes")" = 2 ] || fail "vote stored"
[ "$(sql "SELECT COUNT(*) FROM outbox")" = 0 ] || fail "USSD sent an SMS the screen could show"

echo '{"code": "SEHAT", "title": "Sehat", "questions": [{"text": "Umur?", "type": "number", "min": 0, "max": 120}, {"text": "Ada balita?", "type": "choice", "options": ["Ya", "Tidak"]}]}' |
	kabar survey create - >/dev/null || fail "survey create"
ussd s7 "" >/dev/null
ussd s7 "6" | grep -q "^CON (1/2) Umur?" || fail "survey q1: $(ussd s7 6)"
ussd s7 "6*200" | grep -q "0-120" || fail "survey hint"
ussd s7 "6*200*40" | grep -q "(2/2) Ada balita" || fail "survey q2"
ussd s7 "6*200*40*1" | grep -q "^END Terima kasih" || fail "survey done"
[ "$(sql "SELECT answers FROM survey_responses")" = "[40,1]" ] || fail "survey answers"

# A session silent past session_seconds is over.
ussd s8 "" >/dev/null
ussd s8 "5" | grep -q "Jam kantor" || fail "s8"
sleep 6
ussd s8 "5*1" | grep -q "^END Sesi sudah berakhir" || fail "expired session: $(ussd s8 '5*1')"
ussd s8 "" | grep -q "^CON Desa Uji" || fail "a lapsed session dialled again"

# A shortcut (*123*5*1#) is a new session whose first text is the path.
ussd s10 "5*1" | grep -q "^END Buka Senin" || fail "shortcut: $(ussd s10 '5*1')"
ussd s11 "1*$ticket" | grep -q "^END Tiket $ticket: baru" || fail "shortcut to an action"

# The same session id from another phone is another session: it does not
# get the first phone's screen, and its action runs.
ussd s12 "" 081355550002 >/dev/null
ussd s12 "4*Budi*1" 081355550002 | grep -q "^END Terima kasih Budi" || fail "s12"
ussd s12 "4*Budi*1" 081355550003 | grep -q "^END Terima kasih Budi" || fail "s12, another phone"
[ "$(sql "SELECT COUNT(*) FROM residents WHERE phone = '+6281355550003'")" = 1 ] ||
	fail "one session id, two phones: the second got the first one's screen"

# USSD comes from mobiles only: a landline is refused.
land() {
	code -H 'X-Kabar-Key: test-key' -d 'sessionId=l&serviceCode=x&text=' \
	    --data-urlencode "phoneNumber=$1" "$URL/ussd"
}
for p in 0215551234 +62215551234 62215551234 02745551234; do
	[ "$(land $p)" = 400 ] || fail "landline $p: $(land $p)"
done
[ "$(land +6281355550004)" = 200 ] || fail "a mobile refused"

head -c 5000 /dev/zero | tr '\0' a >"$T/big"
[ "$(code -H 'X-Kabar-Key: test-key' --data-binary @"$T/big" "$URL/ussd")" = 413 ] || fail "oversize"
[ "$(code -H 'X-Kabar-Key: test-key' -H 'Content-Type: application/json' -d '{}' "$URL/ussd")" = 415 ] || fail "json body"
[ "$(code -H 'X-Kabar-Key: test-key' -d 'sessionId=%zz&text=' "$URL/ussd")" = 400 ] || fail "bad percent"
[ "$(code -H 'X-Kabar-Key: test-key' -d 'text=1' "$URL/ussd")" = 400 ] || fail "missing fields"
[ "$(code "$URL/nothing")" = 404 ] || fail "404"
printf 'GARBAGE\r\n\r\n' | timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; cat >&3" 2>/dev/null || true
# A long poll question is cut to what a screen holds.
q=$(head -c 250 /dev/zero | tr '\0' q)
echo "{\"code\": \"PANJANG\", \"question\": \"$q\", \"options\": [\"a\", \"b\"]}" | kabar poll create - >/dev/null || fail "long poll"
ussd s6 "" >/dev/null
[ "$(ussd s6 '3*2' | wc -m)" -le 183 ] || fail "screen over 182"

[ "$(code "$URL/health")" = 200 ] || fail "health"
curl -s "$URL/health" | grep -q '"state":"up"' || fail "health json"
curl -s "$URL/metrics" | grep -q '^kabar_ussd_requests_total [1-9]' || fail "metrics"
curl -s "$URL/metrics" | grep -q 'kabar_modem_up{modem="m1"} 1' || fail "metrics modem"
curl -s "$URL/metrics" | grep -q 'kabar_modem_signal_percent{modem="m1"} [0-9]' || fail "metrics signal"
stop_gw
check_log
