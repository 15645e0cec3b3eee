# A SIM's daily cap: the modem sends no more SMS parts in a day than
# daily_cap; what is left waits in the queue, nothing is lost.
. tests/integration/common.sh

MODEMS="{ name = \"m1\"; device = \"$MODEM\"; connection = \"none\";
  model = \"dummy\"; send_per_minute = 600; poll_ms = 100; daily_cap = 2; }" write_conf
start_gw
for i in 1 2 3; do
	kabar send 08123000000$i "Pesan $i" >/dev/null || fail "send $i"
done
two() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" = 2 ]; }
wait_for 10 two || fail "not sent: $(sql "SELECT id, status FROM outbox")"
sleep 1
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" = 2 ] || fail "the cap was passed"
[ "$(sql "SELECT status FROM outbox WHERE id = 3")" = queued ] || fail "the third is not waiting"
stop_gw
echo ok
