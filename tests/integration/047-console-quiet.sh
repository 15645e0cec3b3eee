# A broadcast from the console during quiet hours (tests/browser/
# quiet.test.mjs): the estimate says it will wait, and the progress bar
# shows it held, not sent. The quiet window is set around the gateway's
# local time now, so the test holds whenever it runs. Skipped (77) only
# when chromium or playwright-core cannot be had.
. tests/integration/common.sh
. tests/browser/setup.sh

PW='rahasia-desa-kepala'
hash=$(pw_hash "$PW")
h=$(TZ=Asia/Jakarta date +%H | sed 's/^0//')
QUIET=$(printf '%02d:00-%02d:00' $(((h + 23) % 24)) $(((h + 2) % 24)))
write_conf
sed -i "s/pin = \"4321\";/pin = \"4321\"; password_hash = \"$hash\";/" "$CONF"
"$KABARD" --check -c "$CONF" >/dev/null 2>&1 || fail "config: $("$KABARD" --check -c "$CONF" 2>&1)"
start_gw
wait_for 10 curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || fail "no console at /"
run_browser tests/browser/quiet.test.mjs KABAR_HEAD_PASSWORD="$PW"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE broadcast_id IS NOT NULL AND status = 'sent'")" = 0 ] ||
	fail "a broadcast went out in quiet hours"
stop_gw
check_log
