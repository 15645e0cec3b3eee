# Each modem runs in a worker process of its own. A crash inside it (here
# a SIGSEGV, as libgammu may give on a malformed PDU) costs that modem a
# few seconds: the daemon keeps serving (HTTP answers, the other modem
# sends), starts the worker again, and nothing committed is lost.
. tests/integration/common.sh

start_fake m2
MODEMS="{ name = \"m1\"; device = \"$MODEM\"; connection = \"none\";
  model = \"dummy\"; send_per_minute = 6000; poll_ms = 100; },
  $(at_modem m2)" write_conf
start_gw
up2() { [ "$(sql "SELECT state FROM modem_status WHERE name = 'm2'")" = up ]; }
wait_for 20 up2 || fail "m2 did not come up"
worker() { pgrep -f "kabard --modem $1 -c $CONF" | head -1; }
pid1=$(worker m1)
[ -n "$pid1" ] || fail "no worker process for m1"
[ "$pid1" != "$GW_PID" ] || fail "the worker is the daemon"

inject --from 081230000001 "DAFTAR Sebelum #RT01"
handled() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state = 'done'")" -ge "$1" ]; }
wait_for 10 handled 1 || fail "first message"
kill -SEGV "$pid1"
# Straight after the crash: the daemon answers, m2 still works.
curl -s "http://127.0.0.1:$PORT/health" | grep -q '"modems"' || fail "HTTP down after the crash"
fake m2 sms +6281230000002 "DAFTAR Lewat #RT02"
wait_for 10 handled 2 || fail "m2 stopped with m1"
crashed() { log_has "Modem m1's worker ended ("; }
wait_for 20 crashed || fail "the crash was not logged"
newpid() { p=$(worker m1); [ -n "$p" ] && [ "$p" != "$pid1" ]; }
wait_for 20 newpid || fail "m1's worker was not started again"
inject --from 081230000003 "DAFTAR Sesudah #RT01"
wait_for 10 handled 3 || fail "m1 did not come back"
# Replies went out on either modem; none lost.
sent() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" = 3 ]; }
wait_for 10 sent || fail "replies: $(sql "SELECT id, modem, status FROM outbox")"
kill -0 "$GW_PID" || fail "the daemon died"
stop_gw
[ -z "$(worker m1)$(worker m2)" ] || fail "workers left running after stop"
echo ok
