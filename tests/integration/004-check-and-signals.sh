# kabard --check accepts the shipped configurations and refuses broken
# ones with FILE:LINE and exit 2; SIGHUP reloads, keeping the old
# configuration when the new one is broken and naming the settings that
# only a restart applies; SIGTERM exits 0 promptly.
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

# What only a restart applies is named on reload, and the running value
# stays: the endpoint keeps its port, the store its file.
NEW=$((PORT + 1))
sed -e "s/127.0.0.1:$PORT/127.0.0.1:$NEW/" -e "s|$DB|$T/other.db|" \
	"$T/good.conf" >"$CONF"
kill -HUP "$GW_PID"
wait_for 5 log_has "http.listen changed from '127.0.0.1:$PORT' to '127.0.0.1:$NEW'; it takes effect only after a restart" ||
	fail "no warning for http.listen"
log_has "gateway.database changed from '$DB' to '$T/other.db'" || fail "no warning for the database"
log_has "reloaded from '$CONF'; 2 setting(s) wait for a restart" || fail "reload summary"
code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health"; }
[ "$(code $PORT)" != 000 ] || fail "the running endpoint went away"
[ "$(code $NEW)" = 000 ] || fail "the new port answers"
[ ! -e "$T/other.db" ] || fail "the new database was created"
stop_gw
[ "$(stat -c %a "$DB")" = 600 ] || fail "database mode is $(stat -c %a "$DB")"
