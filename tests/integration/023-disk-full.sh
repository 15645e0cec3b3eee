# A full disk: kabard keeps every message on the SIM while the store
# cannot write, says "disk full" about once a minute instead of flooding
# the log on the same card, and recovers with a little space freed, not
# the megabytes a grown WAL would take. On a small tmpfs of the test's
# own; skipped where mounting one is refused.
. tests/integration/common.sh

DISK="$T/disk"
mkdir -p "$DISK"
mount -t tmpfs -o size=3m tmpfs "$DISK" 2>/dev/null || {
	echo "cannot mount a tmpfs here"; exit 77; }
trap '[ -n "$GW_PID" ] && kill -KILL $GW_PID 2>/dev/null; wait $GW_PID 2>/dev/null; umount "$DISK" 2>/dev/null; cleanup' EXIT
DB="$DISK/kabar.db"
write_conf
start_gw
inject --from 08123456789 "DAFTAR Budi #RT01"
wait_for 10 sh -c "[ \"\$(sqlite3 '$DB' \"SELECT count(*) FROM outbox WHERE status = 'sent'\")\" = 1 ]" ||
	fail "the first reply was not sent"

# Fill the card, then residents write.
dd if=/dev/zero of="$DISK/fill" bs=16k 2>/dev/null
before=$(grep -c ' ERROR' "$T/kabard.log")
for i in 1 2 3 4 5; do
	inject --from 0812345678$i "ADUAN jalan rusak nomor $i"
done
wait_for 15 log_has "disk is full" || fail "the full disk is not told"
# Give the workers a few sweeps at the full disk.
sleep_until=$(( $(date +%s) + 4 ))
wait_for 10 sh -c "[ \$(date +%s) -ge $sleep_until ]"
errors=$(( $(grep -c ' ERROR' "$T/kabard.log") - before ))
[ "$errors" -le 12 ] || fail "$errors errors logged in a few seconds of a full disk"
# A message leaves the SIM only once stored: the WAL's room already taken
# (small pages, slack in its last page) may hold a few, never all lost.
left=$(find "$MODEM/sms" -type f ! -name '.*' | wc -l)
stored=$(sqlite3 "$DB" "SELECT count(*) FROM inbox" 2>/dev/null)
[ $((left + ${stored:-0})) -ge 6 ] ||
	fail "messages left the SIM while the store could not write"

# A little room comes back: everything waiting is stored and answered.
truncate -s -512K "$DISK/fill"
wait_for 30 phone_empty || fail "messages still on the SIM after room came back"
wait_for 20 sh -c "[ \"\$(sqlite3 '$DB' \"SELECT count(*) FROM tickets\")\" = 5 ]" ||
	fail "complaints lost: $(sql 'SELECT count(*) FROM tickets')"
log_has "disk has room again" || fail "recovery is not told"
stop_gw
