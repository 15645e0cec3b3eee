# kabar residents show PHONE prints, as JSON, everything kept about one
# number; kabar residents erase PHONE removes its name, texts, NIK and
# the number itself from every table while votes, answers, marks, queue
# places and tickets stay counted under the keyed hash; an erasure record
# for the district carries that hash (not the number: share_personal is
# off), records not yet sent that named the number are rewritten without
# it, and nothing is sent to it any more. Another resident is untouched.
. tests/integration/common.sh

write_conf '
letters = ( { code = "DOMISILI"; name = "Surat domisili"; bring = "KTP dan KK"; days = 2; } );
categories = ( { code = "PU"; words = ( "jalan" ); contacts = ( "081277770001" ); } );
counters = ( { code = "UMUM"; name = "Pelayanan umum"; hours = "00:00-23:59"; minutes = 5; } );'
start_gw

P=+6281311110001
OTHER=+6281311110002
NIK=3201234508900001
out_to() { sql "SELECT text FROM outbox WHERE recipient = '$1' ORDER BY id DESC LIMIT 1"; }
has() { out_to "$1" | grep -q "$2"; }

echo '{"code": "AIR", "question": "Air dari mana?", "options": ["Sumur", "PDAM"], "send": false}' |
	kabar poll create - >/dev/null || fail "poll create"
echo '{"code": "SEHAT", "title": "Survei", "questions": [{"text": "Umur?", "type": "number", "min": 0, "max": 120}, {"text": "Saran?", "type": "text"}]}' |
	kabar survey create - >/dev/null || fail "survey create"
for who in 081311110001:Sutinah:Wulandari 081311110002:Bambang:Sugiarto; do
	num=${who%%:*}; name=${who#*:}; name=${name%:*}; family=${who##*:}
	inject --from $num "DAFTAR $name $family #RT01"
	wait_for 10 has "+62${num#0}" "$name" || fail "register $num"
	inject --from $num "ADUAN jalan rusak depan rumah $name"
	wait_for 10 has "+62${num#0}" "tiket" || fail "complaint $num"
	inject --from $num "PILIH AIR 2"
	wait_for 10 has "+62${num#0}" "PDAM" || fail "vote $num"
	inject --from $num "ANTRI"
	wait_for 10 has "+62${num#0}" "antrian" || fail "queue $num"
done
inject --from 081311110001 "SURAT DOMISILI pindah RT NIK $NIK"
wait_for 10 has $P "KTP dan KK" || fail "letter request"
inject --from 081311110001 "SURVEI SEHAT"
wait_for 10 has $P "(1/2)" || fail "survey q1"
inject --from 081311110001 "41"
wait_for 10 has $P "(2/2)" || fail "survey q2"
inject --from 081311110001 "Tambah bidan desa Sutinah"
answered() { [ "$(sql "SELECT COUNT(*) FROM survey_responses")" = 1 ]; }
wait_for 10 answered || fail "survey not done"
ticket=$(sql "SELECT number FROM tickets WHERE phone = '$P' AND kind = 'complaint'")
kabar complaint set "$ticket" selesai "Sudah diperbaiki untuk Sutinah" >/dev/null ||
	fail "complaint set"
wait_for 10 has $P "Beri nilai" || fail "no request for a mark"
inject --from 081311110001 "4"
wait_for 10 has $P "Terima kasih atas" || fail "mark"

# Everything kept, as one JSON object.
kabar residents show 081311110001 >"$T/show.json" || fail "show"
python3 - "$T/show.json" "$P" "$NIK" <<'PY' || fail "show: $(cat "$T/show.json")"
import json, sys
d = json.load(open(sys.argv[1]))
p, nik = sys.argv[2], sys.argv[3]
assert d["phone"] == p and len(d["hash"]) == 32, d
assert d["resident"]["name"] == "Sutinah Wulandari", d["resident"]
for k in ("inbox", "outbox", "tickets", "votes", "survey_responses",
          "feedback", "queue", "journal"):
    assert d.get(k), k
assert any(t["nik"] == nik for t in d["tickets"])
assert any(r["type"] == "registration" for r in d["journal"])
assert all(r["phone"] == p for r in d["inbox"])
PY
kabar residents show 08999 >/dev/null 2>&1 && fail "show took a non-mobile number"

before_votes=$(sql "SELECT COUNT(*) FROM votes WHERE code = 'AIR' AND option = 2")
before_tickets=$(sql "SELECT COUNT(*) FROM tickets")
before_queue=$(sql "SELECT COUNT(*) FROM queue")
before_other=$(kabar residents show $OTHER | grep -v '"hash"')
hash=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hash"])' "$T/show.json")

out=$(kabar residents erase 081311110001) || fail "erase: $out"
echo "$out" | grep -q "Erased $P" || fail "erase said: $out"

# The number, the name, the NIK and the texts are nowhere.
sqlite3 "$DB" .dump >"$T/after.sql"
for s in "$P" "81311110001" "Sutinah" "Wulandari" "$NIK" "Tambah bidan" \
    "Sudah diperbaiki"; do
	grep -q "$s" "$T/after.sql" && fail "'$s' is still kept: $(grep "$s" "$T/after.sql" | head -3)"
done
grep -q "Bambang" "$T/after.sql" || fail "another resident's name went too"
[ "$(sql "SELECT COUNT(*) FROM residents WHERE phone = '$P'")" = 0 ] || fail "resident row kept"
# Counts stay, under the hash.
[ "$(sql "SELECT COUNT(*) FROM votes WHERE code = 'AIR' AND option = 2")" = "$before_votes" ] ||
	fail "the tally changed"
[ "$(sql "SELECT phone FROM votes WHERE code = 'AIR' AND phone != '$OTHER'")" = "h:$hash" ] ||
	fail "the vote is not kept under the hash"
[ "$(sql "SELECT COUNT(*) FROM tickets")" = "$before_tickets" ] || fail "tickets lost"
[ "$(sql "SELECT status || ' ' || text FROM tickets WHERE number = '$ticket'")" = "selesai " ] ||
	fail "ticket: $(sql "SELECT status, text FROM tickets WHERE number = '$ticket'")"
[ "$(sql "SELECT COUNT(*) FROM queue")" = "$before_queue" ] || fail "queue places lost"
[ "$(sql "SELECT COUNT(*) FROM survey_responses WHERE phone = 'h:$hash'")" = 1 ] || fail "answer lost"
[ "$(sql "SELECT mark FROM feedback WHERE ticket = '$ticket'")" = 4 ] || fail "mark lost"
# The district's record: the hash and the tickets, not the number.
rec=$(sql "SELECT data FROM journal WHERE type = 'erasure'")
echo "$rec" | grep -q "\"resident\":\"$hash\"" || fail "erasure record: $rec"
echo "$rec" | grep -q "\"$ticket\"" || fail "erasure record lacks the ticket: $rec"
echo "$rec" | grep -q "+62" && fail "erasure record carries a number: $rec"
# Records not sent yet that named it were rewritten, not dropped.
[ "$(sql "SELECT COUNT(*) FROM journal WHERE type = 'registration'")" = 2 ] || fail "registration record dropped"
sql "SELECT data FROM journal WHERE type = 'registration'" | grep -q "\"resident\":\"$hash\"" ||
	fail "registration not under the hash: $(sql "SELECT data FROM journal WHERE type = 'registration'")"
# Another resident is as before.
[ "$(kabar residents show $OTHER | grep -v '"hash"')" = "$before_other" ] ||
	fail "another resident changed"
# Show now tells only what is counted.
kabar residents show $P >"$T/show2.json" || fail "show after erase"
python3 - "$T/show2.json" <<'PY' || fail "show after erase: $(cat "$T/show2.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["resident"] is None
for k in ("inbox", "outbox", "tickets", "menu_sessions", "audit"):
    assert not d.get(k), k
assert len(d["votes"]) == 1 and d["votes"][0]["phone"].startswith("h:")
PY

# A later status change of its ticket tells no one, and fails nothing.
n=$(sql "SELECT COUNT(*) FROM outbox")
kabar complaint set "$ticket" ditolak >/dev/null || fail "status change of an erased ticket"
[ "$(sql "SELECT COUNT(*) FROM outbox")" = "$n" ] || fail "an SMS was queued to an erased number"
inject --from 081200000001 "TIKET 4321 $ticket diproses"
changed() { [ "$(sql "SELECT status FROM tickets WHERE number = '$ticket'")" = diproses ]; }
wait_for 10 changed || fail "TIKET on an erased ticket"
# The same number writing again is a new resident, nothing more.
inject --from 081311110001 "INFO"
wait_for 10 has $P "DAFTAR" || fail "the erased number is not answered again"
stop_gw
check_log
echo ok
