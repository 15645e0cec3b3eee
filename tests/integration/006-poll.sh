# A poll from the CLI to residents through the dummy modem: created from
# JSON on stdin, sent, voted on by SMS (with a bare digit too), results as
# text and RFC 4180 CSV per group.
. tests/integration/common.sh

write_conf
printf 'phone,name,group\n081311110001,Ani,RT01\n081311110002,Budi,RT02\n081311110003,Citra,RT02\n' >"$T/r.csv"
kabar residents import "$T/r.csv" >/dev/null || fail import
echo '{"code": "AIR", "question": "Sumber air?", "options": ["Sumur bor", "PDAM", "Tandon"], "public_results": true, "send": true}' |
	kabar poll create - | grep -q "poll AIR is open" || fail "poll create"
echo '{"code": "AIR", "question": "x", "options": ["a", "b"]}' | kabar poll create - 2>/dev/null
[ $? -eq 2 ] || fail "a second AIR was not refused with exit 2"
kabar poll list | grep -q "^AIR  open" || fail "poll list"
start_gw
inject --from 081311110001 "PILIH AIR 1"
inject --from 081311110002 "2"
inject --from 081311110003 "air c"
three() { [ "$(sql "SELECT COUNT(*) FROM votes")" = 3 ]; }
wait_for 10 three || fail "votes: $(sql "SELECT * FROM votes")"
inject --from 081311110003 "HASIL AIR"
result() { sql "SELECT text FROM outbox WHERE recipient = '+6281311110003' ORDER BY id DESC LIMIT 1" | grep -q "3 suara"; }
wait_for 10 result || fail "HASIL"
kabar poll results AIR --csv >"$T/res.csv"
head -1 "$T/res.csv" | grep -q '^group,option,count' || fail "csv header"
grep -q '^RT02,2,1' "$T/res.csv" || fail "csv rows: $(cat "$T/res.csv")"
kabar poll close AIR | grep -q closed || fail "poll close"
stop_gw
check_log
