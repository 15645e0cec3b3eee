# kabar-district, the reference receiver, driven with curl, gzip and
# openssl as a gateway would: signed batches accepted and stored once,
# duplicates accepted again, tampered or badly signed or stale requests
# refused with 401, a gzip bomb refused, a malformed record refused with
# 422, updates served after the cursor, and the report.
. tests/integration/common.sh

KEY=key-12345678
start_district $PORT "{ id = \"leksono\"; token = \"tok-12345678\"; hmac_key = \"$KEY\"; },
  { id = \"other\"; token = \"tok-other-99\"; hmac_key = \"key-other-99\"; }"
URL="http://127.0.0.1:$PORT"

DGW=leksono DTOKEN=tok-12345678
post() { district_post "$@"; }

cat >"$T/b1.json" <<'JSON'
{"gateway": "leksono", "batch": "b1", "records": [
 {"id": "leksono:1", "type": "registration", "at": "2026-11-22T10:00:00Z", "data": {"name": "Budi"}},
 {"id": "leksono:2", "type": "complaint", "at": "2026-11-22T10:01:00Z", "data": {"ticket": "123455"}},
 {"id": "leksono:3", "type": "vote", "at": "2026-11-22T10:02:00Z", "data": {"poll": "AIR", "option": 2}}]}
JSON
[ "$(post "$T/b1.json")" = 200 ] || fail "valid batch: $(cat "$T/answer")"
grep -q '"accepted":\["leksono:1","leksono:2","leksono:3"\]' "$T/answer" || fail "accepted: $(cat "$T/answer")"
[ "$(post "$T/b1.json")" = 200 ] || fail "duplicate batch"
[ "$(dsql "SELECT COUNT(*) FROM records")" = 3 ] || fail "a duplicate was stored twice"
[ "$(post "$T/b1.json" "" "" tamper)" = 401 ] || fail "tampered body accepted"
[ "$(post "$T/b1.json" wrong-key-000)" = 401 ] || fail "wrong key accepted"
[ "$(post "$T/b1.json" "" $(( $(date +%s) - 7200 )))" = 401 ] || fail "2 h old timestamp accepted"
sed 's/"registration"/"bogus"/' "$T/b1.json" >"$T/bad.json"
[ "$(post "$T/bad.json")" = 422 ] || fail "malformed record: $(cat "$T/answer")"
sed 's/leksono:1/other:1/' "$T/b1.json" >"$T/foreign.json"
[ "$(post "$T/foreign.json")" = 422 ] || fail "another gateway's id accepted"
# A recreated database reusing an id with other content: a conflict,
# never accepted; the same record again is accepted. Ids that carry the
# database's identity are taken, old plain ones too.
cat >"$T/b2.json" <<'JSON'
{"gateway": "leksono", "batch": "b2", "records": [
 {"id": "leksono:2", "type": "complaint", "at": "2026-11-29T08:00:00Z", "data": {"ticket": "654325"}},
 {"id": "leksono:3", "type": "vote", "at": "2026-11-22T10:02:00Z", "data": {"poll": "AIR", "option": 2}},
 {"id": "leksono:9f3a61c2d0b4-1", "type": "optout", "at": "2026-11-29T08:01:00Z", "data": {}},
 {"id": "leksono:4", "type": "erasure", "at": "2026-11-29T08:02:00Z", "data": {}}]}
JSON
[ "$(post "$T/b2.json")" = 200 ] || fail "batch with a reused id: $(cat "$T/answer")"
grep -q '"accepted":\["leksono:3","leksono:9f3a61c2d0b4-1","leksono:4"\]' "$T/answer" ||
	fail "accepted with a conflict: $(cat "$T/answer")"
grep -q '"conflicts":\["leksono:2"\]' "$T/answer" || fail "conflicts: $(cat "$T/answer")"
[ "$(dsql "SELECT data FROM records WHERE id = 'leksono:2'")" = '{"ticket":"123455"}' ] ||
	fail "the held record was replaced"
# A batch naming one id twice: the first is stored, the second, other
# content under a held id, is a conflict.
cat >"$T/b3.json" <<'JSON'
{"gateway": "leksono", "batch": "b3", "records": [
 {"id": "leksono:7", "type": "vote", "at": "2026-11-29T08:00:00Z", "data": {"poll": "AIR", "option": 1}},
 {"id": "leksono:7", "type": "vote", "at": "2026-11-29T08:00:00Z", "data": {"poll": "AIR", "option": 2}}]}
JSON
[ "$(post "$T/b3.json")" = 200 ] || fail "batch naming an id twice: $(cat "$T/answer")"
grep -q '"accepted":\["leksono:7"\],"conflicts":\["leksono:7"\]' "$T/answer" ||
	fail "an id named twice: $(cat "$T/answer")"
[ "$(dsql "SELECT data FROM records WHERE id = 'leksono:7'")" = '{"option":1,"poll":"AIR"}' ] ||
	fail "an id named twice: the second was stored"
for bad in 'leksono:abc-1' 'leksono:9f3a-1' 'leksono:9F3A61C2-1' 'leksono:9f3a61c2-'; do
	sed "s/leksono:9f3a61c2d0b4-1/$bad/" "$T/b2.json" >"$T/bad.json"
	[ "$(post "$T/bad.json")" = 422 ] || fail "id $bad accepted"
done
for bad in 'yesterday' '2026-13-40T10:00:00Z' '2026-11-29 08:01:00'; do
	sed "s/2026-11-29T08:01:00Z/$bad/" "$T/b2.json" >"$T/bad.json"
	[ "$(post "$T/bad.json")" = 422 ] || fail "at '$bad' accepted"
done
district_on_sqlite && [ "$(stat -c %a "$T/d.db")" != 600 ] && fail "the district database is $(stat -c %a "$T/d.db")"

{ printf '{"gateway": "leksono", "batch": "z", "records": ["'; head -c 20000000 /dev/zero | tr '\0' a; printf '"]}'; } >"$T/bomb.json"
[ "$(post "$T/bomb.json")" = 413 ] || fail "gzip bomb: $(cat "$T/answer")"

"$ROOT/$BIN/kabar-district" -c "$T/d.conf" update poll '{"code": "AIR", "question": "Air?", "options": ["a", "b"]}' --gateway leksono >/dev/null || fail "update"
"$ROOT/$BIN/kabar-district" -c "$T/d.conf" update broadcast '{"text": "Rapat", "group": null}' >/dev/null || fail "update all"
"$ROOT/$BIN/kabar-district" -c "$T/d.conf" update nonsense '{}' 2>/dev/null && fail "bad update type accepted"
ts=$(date +%s)
sig=$(printf '%s.' "$ts" | openssl dgst -sha256 -hmac "$KEY" -r | cut -d' ' -f1)
curl -s -H "Authorization: Bearer tok-12345678" -H "X-Kabar-Gateway: leksono" \
    -H "X-Kabar-Timestamp: $ts" -H "X-Kabar-Signature: $sig" \
    "$URL/v1/updates?gateway=leksono&since=0" >"$T/upd"
grep -q '"cursor":"2"' "$T/upd" || fail "updates cursor: $(cat "$T/upd")"
grep -q '"type":"poll"' "$T/upd" && grep -q '"type":"broadcast"' "$T/upd" || fail "updates: $(cat "$T/upd")"
curl -s -H "Authorization: Bearer tok-12345678" -H "X-Kabar-Gateway: leksono" \
    -H "X-Kabar-Timestamp: $ts" -H "X-Kabar-Signature: $sig" \
    "$URL/v1/updates?gateway=leksono&since=2" | grep -q '"updates":\[\]' || fail "since cursor"
"$ROOT/$BIN/kabar-district" -c "$T/d.conf" report | grep -q "^leksono  vote  2  last sync 20" || fail "report"
kill -TERM $DPID

# Several district programs opening a new SQLite file at the same moment
# (a receiver starting while the operator lists gateways): each waits
# for the others' migration and import, none fails "database is locked".
if [ -z "${DISTRICT_DB:-}" ]; then
	sed "s|$T/d.db|$T/fresh.db|" "$T/d.conf" >"$T/fresh.conf"
	for i in 1 2 3 4 5 6; do
		"$ROOT/$BIN/kabar-district" -c "$T/fresh.conf" gateway list \
		    >"$T/fresh.$i" 2>&1 &
		eval "p$i=$!"
	done
	for i in 1 2 3 4 5 6; do
		eval "wait \$p$i" || fail "program $i of 6 on a new file: $(cat "$T/fresh.$i")"
	done
	grep -q leksono "$T/fresh.1" || fail "the new file: $(cat "$T/fresh.1")"
fi
