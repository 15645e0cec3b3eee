# kabard and kabar-district speak systemd's notify protocol (Type=notify)
# to a socket of the test's own: READY=1 only once the store is open and
# the workers run, WATCHDOG=1 every half WATCHDOG_USEC from the main loop,
# RELOADING=1 then READY=1 around a SIGHUP, STOPPING=1 on SIGTERM.
. tests/integration/common.sh

command -v python3 >/dev/null || { echo "no python3"; exit 77; }
LISTEN="$ROOT/tests/integration/notify_listen.py"
WD_USEC=1000000		# pings every 0.5 s; a gap over 1 s would be fatal

# listen NAME [DB]: a notify socket $T/NAME.sock logging to $T/NAME.notify.
listen() {
	python3 "$LISTEN" "$T/$1.sock" "$T/$1.notify" ${2:+"$2"} &
	BG_PIDS="$BG_PIDS $!"
	wait_for 10 test -S "$T/$1.sock" || fail "the $1 listener did not start"
}
# count NAME LINE: how many times LINE came on NAME's socket.
count() {
	grep -c " $2\$" "$T/$1.notify" 2>/dev/null
}
at_least() {
	[ "$(count "$1" "$2")" -ge "$3" ]
}
# The widest gap between two WATCHDOG=1, in milliseconds.
widest_gap() {
	awk '$2 == "WATCHDOG=1" { if (last != "") { g = ($1 - last) * 1000;
	    if (g > w) w = g } last = $1 } END { printf "%d\n", w }' "$T/$1.notify"
}
# The line number of the first LINE in NAME's log.
first() {
	grep -n " $2\$" "$T/$1.notify" | head -1 | cut -d: -f1
}

listen gw "$DB"
write_conf
# WATCHDOG_PID names the process meant: kabard itself, not its modem
# workers, which inherit the environment.
NOTIFY_SOCKET="$T/gw.sock" WATCHDOG_USEC=$WD_USEC \
    sh -c 'WATCHDOG_PID=$$ exec "$@"' sh "$KABARD" -c "$CONF" -v \
    >>"$T/kabard.log" 2>&1 &
GW_PID=$!
wait_for 20 at_least gw READY=1 1 || fail "no READY=1"
tables=$(sed -n 's/.* DB_TABLES=//p' "$T/gw.notify" | head -1)
[ "${tables:--1}" -gt 0 ] || fail "READY=1 came before the store was open ($tables tables)"
log_has "kabard started" || fail "READY=1 before the start-up finished"
[ "$(first gw 'STATUS=Opening the database.*')" -lt "$(first gw READY=1)" ] ||
	fail "no status while opening the store"
grep -q " STATUS=Running: gateway 'test', 1 modem(s)." "$T/gw.notify" ||
	fail "no running status: $(cat "$T/gw.notify")"

# Between events, the status says how the gateway is doing.
wait_for 15 grep -q " STATUS=Running: gateway 'test', [01] of 1 modem(s) up, [0-9]* record(s) waiting for the district.\$" \
    "$T/gw.notify" || fail "no running status with the modems and the backlog"

# The watchdog is fed, and on time.
wait_for 10 at_least gw WATCHDOG=1 6 || fail "WATCHDOG=1 does not keep coming"
[ "$(first gw READY=1)" -lt "$(first gw WATCHDOG=1)" ] ||
	fail "a watchdog ping before READY=1"

# A reload is told to the manager: RELOADING=1, then READY=1 again.
kill -HUP "$GW_PID"
wait_for 10 at_least gw READY=1 2 || fail "no READY=1 after the reload"
at_least gw RELOADING=1 1 || fail "no RELOADING=1"
[ "$(first gw RELOADING=1)" -lt "$(grep -n ' READY=1$' "$T/gw.notify" |
    sed -n 2p | cut -d: -f1)" ] || fail "READY=1 came before RELOADING=1"
n=$(count gw WATCHDOG=1)
wait_for 10 at_least gw WATCHDOG=1 $((n + 2)) || fail "no pings after the reload"

stop_gw
# Sent before the exit; the listener may write it a moment later.
wait_for 5 at_least gw STOPPING=1 1 || fail "no STOPPING=1 on SIGTERM"
grep -q " STATUS=Stopping: finishing the work in hand." "$T/gw.notify" ||
	fail "no stopping status"
gap=$(widest_gap gw)
[ "$gap" -lt $((WD_USEC / 1000 * MULT)) ] ||
	fail "the watchdog went ${gap} ms without a ping (limit $((WD_USEC / 1000)))"
# Nothing from the modem workers: only the main process speaks.
[ "$(count gw READY=1)" -eq 2 ] || fail "READY=1 from elsewhere: $(cat "$T/gw.notify")"
check_log

# A WATCHDOG_PID that is not kabard's: the watchdog is someone else's.
listen other "$DB"
NOTIFY_SOCKET="$T/other.sock" WATCHDOG_USEC=200000 WATCHDOG_PID=1 \
    "$KABARD" -c "$CONF" >>"$T/kabard.log" 2>&1 &
GW_PID=$!
wait_for 20 at_least other READY=1 1 || fail "no READY=1 (other pid)"
# Pings would be due every 0.1 s: a reload's round trip lets some fall due.
kill -HUP "$GW_PID"
wait_for 10 at_least other READY=1 2 || fail "no READY=1 after reload (other pid)"
stop_gw
[ "$(count other WATCHDOG=1)" -eq 0 ] || fail "pings for another process's watchdog"

# kabar-district: READY=1 once it listens, the watchdog, STOPPING=1.
listen district
cat >"$T/d.conf" <<CONF
district : { listen = "127.0.0.1:$((PORT + 1))"; database = "$T/d.db"; };
gateways = ( { id = "test"; token = "token-of-test"; hmac_key = "key-of-test"; } );
CONF
NOTIFY_SOCKET="$T/district.sock" WATCHDOG_USEC=$WD_USEC \
    sh -c 'WATCHDOG_PID=$$ exec "$@"' sh "$ROOT/$BIN/kabar-district" \
    -c "$T/d.conf" >"$T/district.log" 2>&1 &
DPID=$!
wait_for 10 at_least district READY=1 1 || fail "district: no READY=1"
curl -s -o /dev/null "http://127.0.0.1:$((PORT + 1))/" ||
	fail "district: READY=1 before it listens"
grep -q " STATUS=Listening on 127.0.0.1:$((PORT + 1))." "$T/district.notify" ||
	fail "district: no status"
wait_for 10 at_least district WATCHDOG=1 4 || fail "district: no watchdog pings"
kill -HUP $DPID
wait_for 5 grep -q "restart it to apply a change" "$T/district.log" ||
	fail "district: SIGHUP not answered"
kill -0 $DPID || fail "district: SIGHUP killed it"
kill -TERM $DPID
wait $DPID || fail "district: exit $? on SIGTERM"
wait_for 5 at_least district STOPPING=1 1 || fail "district: no STOPPING=1"
gap=$(widest_gap district)
[ "$gap" -lt $((WD_USEC / 1000 * MULT)) ] || fail "district: ${gap} ms without a ping"
echo "050-sd-notify: ok"
