# One daemon per database: a second kabard on the same configuration is
# refused (exit 1, naming the database and the running one's pid) before
# it touches anything, so the first stays healthy; --check takes no lock
# and the modem workers hold none; a daemon killed with -9 lets go of the
# lock, and the next one starts.
. tests/integration/common.sh

health() {
	curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health"
}
healthy() { [ "$(health)" = 200 ]; }
modems() { sql "SELECT name, state, changed_at FROM modem_status"; }

write_conf
start_gw
wait_for 10 healthy || fail "the first kabard is not healthy: $(health)"
[ "$(cat "$DB.lock")" = "$GW_PID" ] ||
	fail "the lock file holds '$(cat "$DB.lock")', not $GW_PID"
[ "$(stat -c %a "$DB.lock")" = 600 ] || fail "lock file mode $(stat -c %a "$DB.lock")"
"$KABARD" --check -c "$CONF" >/dev/null 2>&1 || fail "--check refused beside a daemon"
for p in $(pgrep -P "$GW_PID"); do
	ls -l "/proc/$p/fd" 2>/dev/null | grep -q "$DB.lock" &&
		fail "modem worker $p holds the lock file"
done

# The second: refused at once, and the modems' rows are as they were.
before=$(modems)
out=$(timeout $((10 * MULT)) "$KABARD" -c "$CONF" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "the second kabard: exit $rc: $out"
echo "$out" | grep -q "database '$DB' is in use by another kabard (pid $GW_PID," ||
	fail "the second kabard said: $out"
[ "$(modems)" = "$before" ] || fail "the second kabard changed the modems: $(modems)"
healthy || fail "the first kabard is not healthy after the second: $(health)"
kill -0 "$GW_PID" || fail "the first kabard died"

# kill -9: no one to let go of the lock but the kernel.
kill -KILL "$GW_PID"
wait "$GW_PID" 2>/dev/null
GW_PID=
start_gw
wait_for 10 healthy || fail "the restarted kabard is not healthy: $(health)"
[ "$(cat "$DB.lock")" = "$GW_PID" ] || fail "the lock file holds '$(cat "$DB.lock")' after the restart"
stop_gw
check_log
echo ok
