# kabard --check accepts the shipped configurations and refuses broken
# ones with FILE:LINE and exit 2; SIGHUP reloads, keeping the old
# configuration when the new one is broken; SIGTERM exits 0 promptly.
. tests/integration/common.sh

"$KABARD" --check -c conf/demo.conf >/dev/null || fail "demo.conf refused"
"$KABARD" --check -c conf/kabar.conf.example >/dev/null 2>&1 || fail "example refused"

write_conf 'sync : { batch_size = "x"; };'
out=$("$KABARD" --check -c "$CONF" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "wrong type: exit $rc"
echo "$out" | grep -q "^$CONF:.*: 'sync.batch_size' must be a whole number" ||
	fail "wrong type message: $out"

write_conf 'colour = "red";'
out=$("$KABARD" -c "$CONF" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "unknown key at start: exit $rc"
echo "$out" | grep -q "^$CONF:[0-9]*: unknown key 'colour'" || fail "unknown key message: $out"

printf 'gateway : { id = "x" \n' >"$CONF"
out=$("$KABARD" --check -c "$CONF" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "syntax: exit $rc"
echo "$out" | grep -q "^$CONF:[0-9]*: syntax error" || fail "syntax message: $out"

"$KABARD" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no -c: not exit 2"
"$KABAR" -c "$CONF" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "kabar bad command: not exit 2"

# Reload: a new reply text takes effect; a broken file is refused.
write_conf
start_gw
write_conf 'replies = { info = "Bantuan baru."; };'
kill -HUP "$GW_PID"
wait_for 5 log_has "Configuration reloaded" || fail "no reload"
inject --from 08123456789 "INFO"
wait_for 10 sh -c "sqlite3 '$DB' 'SELECT text FROM outbox' | grep -q 'Bantuan baru'" ||
	fail "the reloaded reply was not used"
cp "$CONF" "$T/good.conf"
echo 'gateway : { id = ' >"$CONF"
kill -HUP "$GW_PID"
wait_for 5 log_has "Reload refused" || fail "broken reload not refused"
"$KABAR" -c "$T/good.conf" inject --from 08123456780 "INFO" >/dev/null || fail inject
wait_for 10 sh -c "[ \$(sqlite3 '$DB' \"SELECT COUNT(*) FROM outbox WHERE text = 'Bantuan baru.'\") = 2 ]" ||
	fail "the old configuration did not stay in force"
kill -0 "$GW_PID" || fail "kabard died on a broken reload"
stop_gw
[ "$(stat -c %a "$DB")" = 600 ] || fail "database mode is $(stat -c %a "$DB")"
