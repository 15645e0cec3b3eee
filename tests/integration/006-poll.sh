# A poll from the CLI to residents through the dummy modem: created from
# JSON on stdin, sent, voted on by SMS (with a bare digit too), results as
# text and RFC 4180 CSV per group.
. tests/integration/common.sh

write_conf
# kabard creates the database on its first start; kabar never does.
start_gw
stop_gw
{ echo "phone,name,group"; i=10; while [ $i -lt 40 ]; do
	echo "0813111100$i,Warga $i,RT0$((i % 2 + 1))"; i=$((i + 1)); done; } >"$T/r.csv"
kabar residents import "$T/r.csv" >/dev/null || fail import
echo '{"code": "AIR", "question": "Sumber air?", "options": ["Sumur bor", "PDAM", "Tandon"], "public_results": true, "send": true}' |
	kabar poll create - | grep -q "polling AIR dibuka" || fail "poll create"
echo '{"code": "AIR", "question": "x", "options": ["a", "b"]}' | kabar poll create - 2>/dev/null
[ $? -eq 2 ] || fail "a second AIR was not refused with exit 2"
kabar poll list | grep -Eq "^AIR +open" || fail "poll list"
start_gw
# 30 voters: full votes, bare digits, letters; then 5 change their minds.
i=10
while [ $i -lt 40 ]; do
	case $((i % 3)) in
	0) inject --from "0813111100$i" "PILIH AIR 1" ;;
	1) inject --from "0813111100$i" "2" ;;
	2) inject --from "0813111100$i" "air c" ;;
	esac
	i=$((i + 1))
done
thirty() { [ "$(sql "SELECT COUNT(*) FROM votes")" = 30 ]; }
wait_for 20 thirty || fail "votes: $(sql "SELECT COUNT(*) FROM votes")"
for i in 12 15 18 21 24; do inject --from "0813111100$i" "PILIH AIR 2"; done
changed() { [ "$(sql "SELECT COUNT(*) FROM votes WHERE option = 2")" = 15 ]; }
wait_for 20 changed || fail "changed votes: $(sql "SELECT option, COUNT(*) FROM votes GROUP BY 1")"
[ "$(sql "SELECT COUNT(*) FROM votes")" = 30 ] || fail "a changed vote counted twice"
inject --from 081311110011 "HASIL AIR"
result() { sql "SELECT text FROM outbox WHERE recipient = '+6281311110011' ORDER BY id DESC LIMIT 1" | grep -q "30 suara"; }
wait_for 10 result || fail "HASIL"
kabar poll results AIR --csv >"$T/res.csv"
head -1 "$T/res.csv" | grep -q '^group,option,name,count,percent' || fail "csv header"
grep -q '^(semua),2,PDAM,15,50.0' "$T/res.csv" || fail "csv overall: $(cat "$T/res.csv")"
grep -q '^RT02,' "$T/res.csv" || fail "csv per group: $(cat "$T/res.csv")"
kabar poll close AIR | grep -q ditutup || fail "poll close"
stop_gw
check_log
