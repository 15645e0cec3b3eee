# kill -9 three times while 500 messages are flowing, restarting each time:
# every message is handled exactly once (one inbox row and one reply each),
# none is left on the phone, and no reply went out twice.
. tests/integration/common.sh

N=${CRASH_N:-500}
RATE=3000 write_conf
i=0
while [ $i -lt $N ]; do
	kabar inject --from "0812$(printf '%08d' $i)" "INFO" >/dev/null ||
		fail "inject $i"
	i=$((i + 1))
done

done_at_least() {
	[ "$(sql "SELECT COUNT(*) FROM inbox WHERE state = 'done'")" -ge "$1" ]
}

kills=0
for at in $((N / 5)) $((N / 2)) $((N * 4 / 5)); do
	start_gw
	wait_for 30 done_at_least $at || fail "flow stalled before $at"
	kill -KILL "$GW_PID"; wait "$GW_PID" 2>/dev/null; GW_PID=
	kills=$((kills + 1))
	echo "killed with $(sql "SELECT COUNT(*) FROM inbox") stored, $(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'") sent"
done
start_gw
all_out() {
	[ "$(sql "SELECT COUNT(*) FROM outbox WHERE status IN ('sent', 'unknown')")" -eq $N ]
}
wait_for 60 all_out ||
	fail "not all replies went out: $(sql "SELECT status, COUNT(*) FROM outbox GROUP BY 1")"
wait_for 10 phone_empty || fail "messages left on the phone"
[ "$(sql "SELECT COUNT(*) FROM inbox")" = $N ] || fail "inbox has $(sql "SELECT COUNT(*) FROM inbox") rows"
[ "$(sql "SELECT COUNT(DISTINCT phone) FROM inbox")" = $N ] || fail "duplicate senders"
[ "$(sql "SELECT COUNT(*) FROM inbox WHERE state != 'done'")" = 0 ] || fail "unhandled rows"
[ "$(sql "SELECT COUNT(*) FROM outbox")" = $N ] || fail "outbox has $(sql "SELECT COUNT(*) FROM outbox") rows"
[ "$(sql "SELECT COUNT(DISTINCT inbox_id) FROM outbox")" = $N ] || fail "a message got two replies"
unknown=$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'unknown'")
[ "$unknown" -le $kills ] || fail "$unknown replies in doubt after $kills crashes"
echo "replies in doubt after $kills crashes: $unknown"
stop_gw
