# The database deleted or replaced under the running daemon (its folder
# removed, the card remounted): messages stay on the SIM, the log says so
# loudly, and once kabard is restarted on a real database they are stored
# and answered.
. tests/integration/common.sh

DB="$T/data/kabar.db"
write_conf
start_gw
inject --from 08123456789 "DAFTAR Budi #RT01"
wait_for 10 sh -c "[ \"\$(sqlite3 '$DB' \"SELECT state FROM inbox\")\" = done ]" ||
	fail "the first message was not handled"

# The folder goes, as when a card is pulled and the path remade empty.
rm -rf "$T/data"
mkdir -p "$T/data"
inject --from 08123456780 "ADUAN jembatan putus"
wait_for 15 log_has "DATABASE GONE" || fail "the lost database is not told"
# Sweep after sweep (100 ms apart) the message stays where it is.
wait_for 2 phone_empty && fail "the message left the SIM while the database was gone"
grep -q 'stored before' "$T/kabard.log" && fail "the message was read again and again"
[ "$(grep -c "DATABASE GONE" "$T/kabard.log")" -le 3 ] || fail "told too often"

# Restarted, kabard makes a new database there and keeps the message.
stop_gw
start_gw
wait_for 15 phone_empty || fail "the message was not taken after the restart"
wait_for 10 sh -c "[ \"\$(sqlite3 '$DB' \"SELECT COUNT(*) FROM tickets\")\" = 1 ]" ||
	fail "the complaint was lost"
stop_gw
