# A 3-part concatenated SMS (parts arriving in different reads), a UCS-2
# SMS and one from an operator's robot: each stored once, the first two
# answered, the robot never; the phone ends empty.
. tests/integration/common.sh

write_conf
start_gw
long="DAFTAR Siti Rahayu #RT02 $(printf 'tolong dicatat bahwa keluarga kami sudah pindah ke rumah baru %.0s' 1 2 3 4 5)"
inject --from 081311112222 --ref 42 --part 2 "$long"
wait_for 5 phone_empty || fail "part 2 not read"
[ "$(sql "SELECT COUNT(*) FROM inbox")" = 0 ] || fail "an incomplete SMS was handled"
inject --from 081311112222 --ref 42 --part 1 "$long"
inject --from 081311112222 --ref 42 --part 3 "$long"
inject --from 081399998888 "DAFTAR Ñoño ☺ #RT01"
inject --from TELKOMSEL "Sisa pulsa Anda Rp5.000. Info 188"
wait_for 10 sh -c "[ \"\$(sqlite3 '$DB' \"SELECT COUNT(*) FROM outbox WHERE status = 'sent'\")\" = 2 ]" ||
	fail "two replies were not sent"
three_in() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state != 'new'")" = 3 ]; }
wait_for 10 three_in || fail "not 3 inbox rows: $(sql "SELECT sender, state FROM inbox")"
[ "$(sql "SELECT parts FROM inbox WHERE phone = '+6281311112222'")" = 3 ] ||
	fail "parts not joined"
[ "$(sql "SELECT text FROM inbox WHERE phone = '+6281311112222'")" = "$long" ] ||
	fail "joined text differs"
[ "$(sql "SELECT name FROM residents WHERE phone = '+6281399998888'")" = "Ñoño ☺" ] ||
	fail "UCS-2 name not decoded"
[ "$(sql "SELECT state FROM inbox WHERE sender = 'TELKOMSEL'")" = kept ] ||
	fail "robot message not kept"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = 'TELKOMSEL'")" = 0 ] ||
	fail "answered a robot"
wait_for 5 phone_empty || fail "phone not empty"
stop_gw
check_log
