# An SMS put into the dummy phone is stored, answered through libgammu,
# and deleted from the phone; the reply is in the outbox, marked sent.
. tests/integration/common.sh

write_conf
start_gw
inject --from 08123456789 "DAFTAR Budi #RT01"
wait_for 10 sh -c "[ \"\$(sqlite3 '$DB' \"SELECT status FROM outbox\")\" = sent ]" ||
	fail "no reply was sent"
[ "$(sql "SELECT recipient FROM outbox")" = "+628123456789" ] || fail "wrong recipient"
sql "SELECT text FROM outbox" | grep -q "Budi" || fail "reply does not name Budi"
[ "$(sql "SELECT grp FROM residents WHERE phone = '+628123456789'")" = RT01 ] ||
	fail "resident not stored"
[ "$(sql "SELECT state FROM inbox")" = done ] || fail "inbox row not done"
wait_for 5 phone_empty || fail "message still on the phone"
log_has "Modem m1 sent outbox 1" || fail "the sent reply is not logged"

# The CLI listings show the same, as JSON too.
kabar outbox --json | grep -q '"to":"+628123456789"' || fail "outbox --json"
kabar outbox --json | grep -q '"status":"sent"' || fail "outbox status"
kabar inbox --json | grep -q '"from":"+628123456789"' || fail "inbox --json"
kabar inbox --json | grep -q '"state":"done"' || fail "inbox state"
kabar status | grep -Eq "^m1 +up" || fail "status shows the modem"
kabar status | grep -q "anggaran hari ini: 1 dari 2000" || fail "status budget"
kabar status | grep -Eq "^1 +20" || fail "status backlog: $(kabar status)"
kabar status --json | grep -q '"backlog":1' || fail "status --json backlog"

stop_gw
check_log
