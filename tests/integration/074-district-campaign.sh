# A campaign across villages: three real kabard gateways of one district,
# a poll queued for all of them reaches each exactly once through the
# updates cursor, residents vote by SMS in each village, and `results`
# adds the votes up per village and overall (text, CSV with a formula
# guard, JSON). A second poll for two named gateways reaches those two
# only, a survey for one region that region only; bad definitions and
# unknown gateways are refused with nothing queued. A gateway registered
# later is given the campaigns still open, never a closed one (with
# `gateway add`, when this kabar-district has it).
# DISTRICT_DB=postgresql://… runs the district on PostgreSQL.
. tests/integration/common.sh

DPORT=$((PORT + 1))
KD="$ROOT/$BIN/kabar-district"
district() { "$KD" -c "$T/d.conf" "$@"; }
entries=
for n in 1 2 3; do
	entries="$entries${entries:+, }{ id = \"desa$n\"; token = \"tok-desa$n-0000\"; hmac_key = \"key-desa$n-0000\"; }"
done
start_district $DPORT "$entries"

# Gateway n: its own folder, database, dummy modem and sync block.
gconf() { echo "$T/g$1/kabar.conf"; }
gsql() { sqlite3 -batch -noheader "$T/g$1/kabar.db" "$2"; }
gkabar() { local n=$1; shift; "$KABAR" -c "$(gconf $n)" "$@"; }
for n in 1 2 3; do
	mkdir -p "$T/g$n"
	CONF=$(gconf $n) DB="$T/g$n/kabar.db" MODEM="$T/g$n/modem-m1" write_conf \
	    "sync : { url = \"http://127.0.0.1:$DPORT/\"; token = \"tok-desa$n-0000\";
	      hmac_key = \"key-desa$n-0000\"; interval = 3600; min_backoff = 1;
	      max_backoff = 2; };"
	sed -i -e "s/id = \"test\"/id = \"desa$n\"/" -e 's/^http : {/http : { enabled = false;/' "$(gconf $n)"
	"$KABARD" -c "$(gconf $n)" -v >>"$T/g$n/kabard.log" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
done
for n in 1 2 3; do
	wait_for 20 grep -q "Modem m1 is up" "$T/g$n/kabard.log" ||
		fail "gateway $n did not come up: $(tail -5 "$T/g$n/kabard.log")"
done
synced() { [ "$(gsql $1 "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ]; }
sync_gw() {
	gkabar $1 sync now >"$T/now" 2>&1 || fail "sync at desa$1: $(cat "$T/now")"
	wait_for 20 synced $1 || fail "records still pending at desa$1"
}
sync_all() { for n in 1 2 3; do sync_gw $n; done; }
# Names and regions, as `gateway add --name --region` would give them.
dsql "INSERT INTO gateways (id, name, region, created_at) VALUES
  ('desa1', 'Desa Satu', 'Sungai Raya', 1), ('desa2', 'Desa Dua', 'Sungai Raya', 1),
  ('desa3', 'Desa Tiga', 'Rasau', 1) ON CONFLICT (id) DO UPDATE SET
  name = excluded.name, region = excluded.region" >/dev/null || fail "regions"

# Refused whole, with the reason, nothing queued.
echo '{"code": "AIR", "question": "Sumber air?", "options": ["Sumur bor", "PDAM"], "public_result": true}' >"$T/bad.json"
district campaign poll "$T/bad.json" --gateways all 2>"$T/err" && fail "an unknown key was taken"
grep -q 'did you mean "public_results"' "$T/err" || fail "no near miss named: $(cat "$T/err")"
echo '{"code": "AIR", "question": "x", "options": ["a", "b"], "closes_at": "2030-12-08 17:00"}' |
	district campaign poll - --gateways all 2>"$T/err" && fail "a local closes_at was taken"
grep -q UTC "$T/err" || fail "closes_at: $(cat "$T/err")"
echo '{"code": "AIR", "question": "x", "options": ["a", "b"]}' >"$T/ok.json"
district campaign poll "$T/ok.json" --gateways desa1,desa9 2>"$T/err" && fail "an unknown gateway was taken"
grep -q '"desa9"' "$T/err" || fail "the unknown gateway not named: $(cat "$T/err")"
district campaign poll "$T/ok.json" --region Kubu 2>"$T/err" && fail "an empty region was taken"
grep -q 'Rasau' "$T/err" || fail "the regions there are not named: $(cat "$T/err")"
[ "$(dsql "SELECT COUNT(*) FROM updates")" = 0 ] || fail "a refused campaign queued updates"

# One poll for every village: each gets it once.
cat >"$T/air.json" <<'JSON'
{"code": "AIR", "question": "Sumber air bersih mana yang dipilih?",
 "options": ["Sumur bor", "=PDAM", "Tandon"], "closes_at": "2099-12-08T10:00:00Z",
 "public_results": true}
JSON
district campaign poll "$T/air.json" --gateways all >"$T/out" || fail "campaign poll"
grep -q "queued for 3 villages" "$T/out" || fail "campaign poll said: $(cat "$T/out")"
district campaign poll "$T/air.json" --gateways all 2>"$T/err" && fail "a code taken twice"
sync_all
sync_all
for n in 1 2 3; do
	[ "$(gsql $n "SELECT COUNT(*) FROM polls WHERE code = 'AIR' AND status = 'open'")" = 1 ] ||
		fail "desa$n: AIR is not open once: $(gsql $n "SELECT code, status FROM polls")"
	grep -q "passed over" "$T/g$n/kabard.log" && fail "desa$n passed an update over"
done

# Residents vote: desa1 two for 1 (one changes to 1 from 2), one for 2;
# desa2 two for 3; desa3 nobody.
vote() { gkabar $1 inject --from "$2" "PILIH AIR $3" >/dev/null || fail "vote at desa$1"; }
votes() { [ "$(gsql $1 "SELECT COUNT(*) FROM journal WHERE type = 'vote'")" = "$2" ]; }
vote 1 081311110001 2
vote 1 081311110001 1
vote 1 081311110002 1
vote 1 081311110003 2
vote 2 081311110001 3
vote 2 081311110009 3
wait_for 20 votes 1 4 || fail "votes at desa1: $(gsql 1 "SELECT COUNT(*) FROM journal WHERE type = 'vote'")"
wait_for 20 votes 2 2 || fail "votes at desa2"
sync_all
district results AIR >"$T/res" || fail "results"
grep -q "2 of 3 villages reported" "$T/res" || fail "reported: $(cat "$T/res")"
grep -Eq "^ +1\. Sumur bor +2 +40\.0%" "$T/res" || fail "overall: $(cat "$T/res")"
grep -Eq "^desa1 +Desa Satu +2 +1 +0 +3$" "$T/res" || fail "desa1: $(cat "$T/res")"
grep -Eq "^desa3 +Desa Tiga +0 +0 +0 +0 +\(not reported\)" "$T/res" || fail "desa3: $(cat "$T/res")"
district results AIR --csv >"$T/res.csv" || fail "results --csv"
cat >"$T/want.csv" <<'CSV'
village,name,region,option,label,count,percent
(all),,,1,Sumur bor,2,40.0
(all),,,2,'=PDAM,1,20.0
(all),,,3,Tandon,2,40.0
desa2,Desa Dua,Sungai Raya,1,Sumur bor,0,0.0
desa2,Desa Dua,Sungai Raya,2,'=PDAM,0,0.0
desa2,Desa Dua,Sungai Raya,3,Tandon,2,100.0
desa1,Desa Satu,Sungai Raya,1,Sumur bor,2,66.7
desa1,Desa Satu,Sungai Raya,2,'=PDAM,1,33.3
desa1,Desa Satu,Sungai Raya,3,Tandon,0,0.0
desa3,Desa Tiga,Rasau,1,Sumur bor,0,0.0
desa3,Desa Tiga,Rasau,2,'=PDAM,0,0.0
desa3,Desa Tiga,Rasau,3,Tandon,0,0.0
CSV
tr -d '\r' <"$T/res.csv" | cmp -s - "$T/want.csv" || fail "CSV: $(cat "$T/res.csv")"
district results AIR --json | jq -e '.asked == 3 and .reported == 2 and .overall == [2, 1, 2]' >/dev/null ||
	fail "JSON: $(district results AIR --json)"

# A poll for two named villages, a survey for one region.
echo '{"code": "JALAN", "question": "Jalan mana dulu?", "options": ["Utara", "Selatan"]}' |
	district campaign poll - --gateways desa1,desa3 | grep -q "queued for 2 villages" || fail "JALAN"
cat >"$T/sehat.json" <<'JSON'
{"code": "SEHAT", "title": "Survei kesehatan", "closes_at": "2099-01-01T00:00:00Z",
 "questions": [{"text": "Berapa umur Anda?", "type": "number", "min": 0, "max": 120}]}
JSON
district campaign survey "$T/sehat.json" --region Rasau | grep -q "queued for 1 village" || fail "SEHAT"
sync_all
for n in 1 3; do
	[ "$(gsql $n "SELECT COUNT(*) FROM polls WHERE code = 'JALAN'")" = 1 ] || fail "desa$n has no JALAN"
done
[ "$(gsql 2 "SELECT COUNT(*) FROM polls WHERE code = 'JALAN'")" = 0 ] || fail "desa2 was given JALAN"
[ "$(gsql 3 "SELECT COUNT(*) FROM surveys WHERE code = 'SEHAT'")" = 1 ] || fail "desa3 has no SEHAT"
[ "$(gsql 1 "SELECT COUNT(*) FROM surveys")" = 0 ] || fail "desa1 was given SEHAT"
out3() { gsql 3 "SELECT text FROM outbox WHERE recipient = '+6281311110005' ORDER BY id DESC LIMIT 1"; }
gkabar 3 inject --from 081311110005 "SURVEI SEHAT" >/dev/null
wait_for 10 sh -c "sqlite3 '$T/g3/kabar.db' \"SELECT COUNT(*) FROM outbox WHERE recipient = '+6281311110005'\" | grep -q 1" ||
	fail "survey not started: $(out3)"
gkabar 3 inject --from 081311110005 "34" >/dev/null
responded() { [ "$(gsql 3 "SELECT COUNT(*) FROM journal WHERE type = 'survey_response'")" = 1 ]; }
wait_for 10 responded || fail "survey not answered: $(out3)"
sync_gw 3
district results SEHAT --json | jq -e '.reported == 1 and .questions[0].count == 1 and .questions[0].min == 34' >/dev/null ||
	fail "survey results: $(district results SEHAT --json)"
district campaign list | grep -Eq "^SEHAT +survey +open +1 of 1" || fail "list: $(district campaign list)"

# A late joiner: given AIR (open, for all), not LALU (closed since).
echo '{"code": "LALU", "question": "Sudah lewat?", "options": ["Ya", "Tidak"], "closes_at": "2099-01-01T00:00:00Z"}' |
	district campaign poll - --gateways all >/dev/null || fail "LALU"
dsql "UPDATE campaigns SET closes_at = 1000 WHERE code = 'LALU'" >/dev/null
if district gateway list >/dev/null 2>&1; then
	district gateway add desa4 --name "Desa Empat" --region Rasau >"$T/add" 2>&1 ||
		fail "gateway add: $(cat "$T/add")"
	queued() { dsql "SELECT COUNT(*) FROM updates WHERE gateway = 'desa4' AND payload LIKE '%\"code\":\"$1\"%'"; }
	[ "$(queued AIR)" = 1 ] || fail "the late joiner was not given AIR"
	[ "$(queued SEHAT)" = 1 ] || fail "the late joiner of Rasau was not given SEHAT"
	[ "$(queued LALU)" = 0 ] || fail "the late joiner was given the closed LALU"
	[ "$(queued JALAN)" = 0 ] || fail "the late joiner was given JALAN, meant for two"
	district results AIR | grep -q "of 4 villages reported" || fail "the joiner is not among those asked"
else
	echo "late joiner: this kabar-district has no gateway add (t_campaigns covers dcamp_join)"
fi
for n in 1 2 3; do
	grep -E ' (ERROR|fatal)' "$T/g$n/kabard.log" && fail "errors in desa$n's log"
done
grep -E ' (ERROR|fatal)' "$T/district.log" && fail "errors in the district's log"
echo ok
