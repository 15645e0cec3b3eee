# The district's side of a resident's erasure. Through kabard: with
# sync.share_personal off a registration reaches the district as the
# group and the keyed hash, never a name or number; an erasure record
# removes the complaint's text and the typed survey answers from what the
# district already holds, while every count stays and another resident
# is untouched. With share_personal on the name and number go, and the
# erasure (carrying the number then) removes them. Driven by hand: a
# record rewritten in the village after it was sent (its answer lost) is
# accepted as the same record, not counted twice; the erasure record
# itself keeps no number at the district.
. tests/integration/common.sh

DPORT=$((PORT + 1))
KEY=key-12345678
start_district $DPORT "{ id = \"test\"; token = \"tok-12345678\"; hmac_key = \"$KEY\"; }"
sync_conf() {
	write_conf "sync : { url = \"http://127.0.0.1:$DPORT/\";
	  token = \"tok-12345678\"; hmac_key = \"$KEY\"; interval = 5;
	  min_backoff = 1; max_backoff = 2; share_personal = $1; };"
}
synced() { [ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ]; }
sync_all() {
	kabar sync now >"$T/now" 2>&1 || true
	wait_for 20 synced || fail "records still pending: $(cat "$T/now")"
}
out_to() { sql "SELECT text FROM outbox WHERE recipient = '$1' ORDER BY id DESC LIMIT 1"; }
has() { out_to "$1" | grep -q "$2"; }

sync_conf false
start_gw
echo '{"code": "SEHAT", "title": "Survei", "questions": [{"text": "Umur?", "type": "number", "min": 0, "max": 120}, {"text": "Saran?", "type": "text"}]}' |
	kabar survey create - >/dev/null || fail "survey create"
for n in 1 2; do
	inject --from 08131111000$n "DAFTAR Warga$n Santoso #RT01"
	wait_for 10 has +628131111000$n "Warga$n" || fail "register $n"
	inject --from 08131111000$n "ADUAN lampu jalan mati dekat rumah Warga$n"
	wait_for 10 has +628131111000$n "tiket" || fail "complaint $n"
	inject --from 08131111000$n "SURVEI SEHAT"
	wait_for 10 has +628131111000$n "(1/2)" || fail "survey $n"
	inject --from 08131111000$n "3$n"
	wait_for 10 has +628131111000$n "(2/2)" || fail "survey q2 $n"
	inject --from 08131111000$n "Saran dari Warga$n"
	wait_for 10 has +628131111000$n "tercatat" || fail "survey done $n"
done
sync_all
reg=$(dsql "SELECT data FROM records WHERE type = 'registration' LIMIT 1")
echo "$reg" | grep -q '"resident":"[0-9a-f]\{32\}"' || fail "registration without the hash: $reg"
dsql "SELECT data FROM records" | grep -E -q '\+62|Santoso' &&
	fail "a name or number reached the district: $(dsql "SELECT data FROM records" | grep -E '\+62|Santoso')"
before=$(dsql "SELECT type, COUNT(*) FROM records GROUP BY type ORDER BY type")

kabar residents erase 081311110001 >/dev/null || fail "erase"
sync_all
[ "$(dsql "SELECT COUNT(*) FROM records WHERE type = 'erasure'")" = 1 ] || fail "no erasure record at the district"
after=$(dsql "SELECT type, COUNT(*) FROM records WHERE type != 'erasure' GROUP BY type ORDER BY type")
[ "$after" = "$before" ] || fail "counts changed: $after (were $before)"
dsql "SELECT data FROM records" | grep -q "Warga1" && fail "Warga1's texts are still at the district: $(dsql "SELECT data FROM records" | grep Warga1)"
dsql "SELECT data FROM records WHERE type = 'complaint'" | grep -q "Warga2" || fail "another resident's complaint lost its text"
dsql "SELECT data FROM records WHERE type = 'survey_response'" | grep -q '"answers":\[31,""\]' ||
	fail "the erased survey answers: $(dsql "SELECT data FROM records WHERE type = 'survey_response'")"
dsql "SELECT data FROM records WHERE type = 'survey_response'" | grep -q "Saran dari Warga2" ||
	fail "another resident's answer went"
grep -q "personal data was erased from" "$T/district.log" || fail "the district did not log the erasure"
stop_gw

# Where the district may hold names and numbers.
sync_conf true
start_gw
inject --from 081311110003 "DAFTAR Ketiga Rahayu #RT02"
wait_for 10 has +6281311110003 "Ketiga" || fail "register 3"
sync_all
dsql "SELECT data FROM records WHERE type = 'registration'" | grep -q '"name":"Ketiga Rahayu".*"phone":"+6281311110003"' ||
	fail "share_personal: $(dsql "SELECT data FROM records WHERE type = 'registration'")"
kabar residents erase 081311110003 >/dev/null || fail "erase 3"
sql "SELECT data FROM journal WHERE type = 'erasure'" | grep -q '"phone":"+6281311110003"' ||
	fail "the erasure record lacks the number the district holds"
sync_all
dsql "SELECT data FROM records" | grep -E -q '6281311110003|Rahayu' &&
	fail "the number or name stays at the district: $(dsql "SELECT data FROM records" | grep -E '6281311110003|Rahayu')"
stop_gw
check_log

# By hand, as a gateway whose answer was lost: the same id, rewritten
# without its personal fields, is the same record.
URL="http://127.0.0.1:$DPORT" DGW=test DTOKEN=tok-12345678
post() { district_post "$1"; }
cat >"$T/b1.json" <<'JSON'
{"gateway": "test", "batch": "h1", "records": [
 {"id": "test:abcdef123456-901", "type": "registration", "at": "2026-11-22T10:00:00Z", "data": {"group": "RT01", "name": "Lama", "phone": "+6281399990001"}},
 {"id": "test:abcdef123456-902", "type": "complaint", "at": "2026-11-22T10:01:00Z", "data": {"ticket": "123455", "text": "got", "status": "baru"}}]}
JSON
cat >"$T/b2.json" <<'JSON'
{"gateway": "test", "batch": "h2", "records": [
 {"id": "test:abcdef123456-901", "type": "registration", "at": "2026-11-22T10:00:00Z", "data": {"group": "RT01", "resident": "00ff00ff00ff00ff00ff00ff00ff00ff"}},
 {"id": "test:abcdef123456-902", "type": "complaint", "at": "2026-11-22T10:01:00Z", "data": {"ticket": "123455", "status": "diproses"}},
 {"id": "test:abcdef123456-903", "type": "erasure", "at": "2026-11-22T10:02:00Z", "data": {"resident": "00ff00ff00ff00ff00ff00ff00ff00ff", "phone": "+6281399990001", "tickets": ["123455"]}}]}
JSON
[ "$(post "$T/b1.json")" = 200 ] || fail "by hand: $(cat "$T/answer")"
[ "$(post "$T/b2.json")" = 200 ] || fail "by hand, rewritten: $(cat "$T/answer")"
grep -q '"accepted":\["test:abcdef123456-901","test:abcdef123456-903"\]' "$T/answer" ||
	fail "a rewritten record is not the same one, or a changed one is: $(cat "$T/answer")"
grep -q '"conflicts":\["test:abcdef123456-902"\]' "$T/answer" ||
	fail "a record changed beyond its personal fields was taken: $(cat "$T/answer")"
dsql "SELECT data FROM records WHERE id LIKE 'test:abcdef123456-90%'" | grep -E -q '6281399990001|Lama|got' &&
	fail "by hand: personal data kept: $(dsql "SELECT data FROM records WHERE id LIKE 'test:abcdef123456-90%'")"
# The erasure sent again (its answer lost too) is still the same.
[ "$(post "$T/b2.json")" = 200 ] && grep -q '"test:abcdef123456-903"' "$T/answer" ||
	fail "the erasure sent again: $(cat "$T/answer")"
[ "$(dsql "SELECT COUNT(*) FROM records WHERE id LIKE 'test:abcdef123456-90%'")" = 3 ] || fail "stored twice"
echo ok
