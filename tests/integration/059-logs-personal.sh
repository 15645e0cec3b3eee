# Logs above debug level carry no phone number, name, NIK or message
# text (UU PDP; STYLE.md section 8): kabard runs at debug level through
# registrations, complaints, a letter with a NIK, a vote, a survey, admin
# commands with a wrong PIN and from a stranger, a district that passes
# an update over, and an erasure; then every line that is not DEBUG is
# searched for what residents gave. Numbers appear masked (+62813*****001).
# One store is enough: this is about the gateway's logs.
. tests/integration/common.sh

DPORT=$((PORT + 1))
KEY=key-12345678
start_district $DPORT "{ id = \"test\"; token = \"tok-12345678\"; hmac_key = \"$KEY\"; }"
write_conf "sync : { url = \"http://127.0.0.1:$DPORT/\";
  token = \"tok-12345678\"; hmac_key = \"$KEY\"; interval = 5;
  min_backoff = 1; max_backoff = 2; };
letters = ( { code = \"DOMISILI\"; name = \"Surat domisili\"; bring = \"KTP\"; days = 2; } );"
start_gw
out_to() { sql "SELECT text FROM outbox WHERE recipient = '$1' ORDER BY id DESC LIMIT 1"; }
has() { out_to "$1" | grep -q "$2"; }

P=+6281355550001
NIK=3201234508900077
echo '{"code": "AIR", "question": "Air?", "options": ["Sumur", "PDAM"]}' |
	kabar poll create - >/dev/null || fail "poll create"
echo '{"code": "SEHAT", "title": "Survei", "questions": [{"text": "Saran?", "type": "text"}]}' |
	kabar survey create - >/dev/null || fail "survey create"
inject --from 081355550001 "DAFTAR Kartika Paramitha #RT01"
wait_for 10 has $P "Kartika" || fail "register"
inject --from 081355550001 "ADUAN selokan mampet Gang Melati"
wait_for 10 has $P "tiket" || fail "complaint"
ticket=$(sql "SELECT number FROM tickets WHERE kind = 'complaint'")
inject --from 081355550001 "SURAT DOMISILI pindah NIK $NIK"
wait_for 10 has $P "KTP" || fail "letter"
inject --from 081355550001 "PILIH AIR 1"
wait_for 10 has $P "Sumur" || fail "vote"
inject --from 081355550001 "SURVEI SEHAT"
wait_for 10 has $P "Saran" || fail "survey"
inject --from 081355550001 "Perbanyak lampu jalan Cempaka"
wait_for 10 has $P "tercatat" || fail "survey answer"
inject --from 081355550001 "TIKET 9999 $ticket selesai"	# not an admin
inject --from 081200000001 "TIKET 0000 $ticket selesai"	# wrong PIN
inject --from 081200000001 "TIKET 4321 $ticket diproses Petugas Wiryawan datang"
wait_for 10 has $P "Wiryawan" || fail "status change not told"
inject --from 081355550001 "halo pak kades tolong bantu Kartika"
wait_for 10 has $P "INFO\|DAFTAR" || fail "unknown words not answered"
"$ROOT/$BIN/kabar-district" -c "$T/d.conf" update complaint_status \
	'{"ticket": "000000", "status": "selesai", "note": "Catatan rahasia Kartika"}' >/dev/null
synced() { [ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ]; }
wait_for 30 log_has "passed over" || fail "the district's update was not passed over"
kabar residents erase 081355550001 >/dev/null 2>"$T/cli.log" || fail "erase"
wait_for 30 synced || fail "not synced"
stop_gw

[ "$(grep -c " DEBUG: " "$T/kabard.log")" -gt 10 ] || fail "kabard did not log at debug level"
grep -v " DEBUG: " "$T/kabard.log" "$T/district.log" "$T/cli.log" >"$T/above-debug"
for s in "$P" "6281355550001" "081355550001" "+6281200000001" "Kartika" "Paramitha" \
    "$NIK" "selokan" "Melati" "Cempaka" "Wiryawan" "Catatan rahasia" "pak kades"; do
	grep -n -- "$s" "$T/above-debug" && fail "'$s' is logged above debug level"
done
# No number at all, of any shape, unmasked.
grep -E -n '\+?62[0-9]{8,}|\b08[0-9]{8,}' "$T/above-debug" &&
	fail "an unmasked number is logged above debug level"
grep -q "+62813\*\*\*\*\*001" "$T/above-debug" || fail "masked numbers are not logged either"
check_log
echo ok
