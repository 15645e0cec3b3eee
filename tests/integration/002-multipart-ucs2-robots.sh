# A 3-part concatenated SMS (parts arriving in different reads), a UCS-2
# SMS, a 1,000-character UCS-2 SMS in 15 parts (its row spills to overflow
# pages with small database pages) and one from an operator's robot: each
# stored once, the first three answered, the robot never; the phone ends
# empty.
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
huge="DAFTAR Budi #RT03 $(printf 'catatan ☺ %.0s' $(seq 98))ok"
inject --from 081377776666 --ucs2 "$huge"
inject --from TELKOMSEL "Sisa pulsa Anda Rp5.000. Info 188"
wait_for 10 sh -c "[ \"\$(sqlite3 '$DB' \"SELECT COUNT(*) FROM outbox WHERE status = 'sent'\")\" = 3 ]" ||
	fail "three replies were not sent"
four_in() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state != 'new'")" = 4 ]; }
wait_for 10 four_in || fail "not 4 inbox rows: $(sql "SELECT sender, state FROM inbox")"
[ "$(sql "SELECT parts FROM inbox WHERE phone = '+6281377776666'")" = 15 ] ||
	fail "the 1,000-character SMS not joined from 15 parts"
[ "$(sql "SELECT text FROM inbox WHERE phone = '+6281377776666'")" = "$huge" ] ||
	fail "the 1,000-character SMS differs"
[ "$(sql "SELECT length(text) FROM inbox WHERE phone = '+6281377776666'")" = 1000 ] ||
	fail "the 1,000-character SMS is not 1,000 characters"
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
