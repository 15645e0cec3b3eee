# A modem's health and what happens when it misbehaves. m1 is Gammu's
# dummy phone, m2 a fake USB modem: its signal, registration and operator
# are shown; when it hangs it is found within the health interval, the
# admins are told through m1, and it is back when it answers again; when
# it is unplugged the reset_command runs and it reconnects when it comes
# back; a full SIM is emptied; garbage on the line and a malformed PDU do
# not stop it, and the daemon serves throughout.
. tests/integration/common.sh

start_fake m2
MODEMS="{ name = \"m1\"; device = \"$MODEM\"; connection = \"none\";
  model = \"dummy\"; send_per_minute = 6000; poll_ms = 100; },
  $(at_modem m2 "health_seconds = 2; watchdog_seconds = 8; reset_command = \"echo ran >> $T/reset.log\";")" write_conf
start_gw
state() { [ "$(sql "SELECT state FROM modem_status WHERE name = '$1'")" = "$2" ]; }
wait_for 20 state m2 up || fail "m2 did not come up"
healthy() { [ "$(sql "SELECT registration || ' ' || operator || ' ' || (signal > 0) FROM modem_status WHERE name = 'm2'")" = "home 510 10 1" ]; }
wait_for 10 healthy || fail "health: $(sql "SELECT registration, operator, signal FROM modem_status WHERE name = 'm2'")"
kabar status | grep -Eq "^m2 +up +[0-9]+ +home +510 10" || fail "status: $(kabar status)"
curl -s "http://127.0.0.1:$PORT/health" | grep -Eq '"name":"m2","state":"up","signal":[0-9]+,"registration":"home","operator":"510 10"' || fail "/health: $(curl -s "http://127.0.0.1:$PORT/health")"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -q 'kabar_modem_registered{modem="m2"} 1' || fail "/metrics"

# Garbage on the line, a malformed PDU and a full SIM.
fake m2 garbage
fake m2 sms +6281230000001 "DAFTAR Satu #RT01"
fake m2 pdu 440B919621430000F0000062113241100482FF0500
fake m2 fill 28 +6281230000002 INFO
handled() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state IN ('done', 'capped')")" -ge "$1" ]; }
wait_for 60 handled 29 || fail "SIM not emptied: $(sql "SELECT COUNT(*) FROM inbox")"
quarantined() { [ "$(sql "SELECT COUNT(*) FROM audit WHERE command = 'quarantine'")" = 1 ]; }
wait_for 10 quarantined || fail "the malformed PDU was not deleted"

# It hangs: found, admins told through m1, back when it answers. (The
# noise above may already have wedged the driver once; count from here.)
notices() { sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281200000001' AND text LIKE '%m2 $1%'"; }
wait_for 20 state m2 up || fail "m2 not up before the hang"
down0=$(notices mati)
up0=$(notices hidup)
fake m2 hang
wait_for 60 state m2 down || fail "a hung modem was not noticed"
told() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281200000001' AND text LIKE '%m2 mati%' AND status = 'sent' AND modem = 'm1'")" = $((down0 + 1)) ]; }
wait_for 10 told || fail "admins not told: $(sql "SELECT recipient, text, status, modem FROM outbox WHERE kind = 'notice'")"
curl -s "http://127.0.0.1:$PORT/health" | grep -q '"status":"ok"' || fail "HTTP down with one modem hung"
fake m2 unhang
wait_for 60 state m2 up || fail "m2 did not come back"
back() { [ "$(notices hidup)" = $((up0 + 1)) ]; }
wait_for 10 back || fail "no 'up again' notice"

# Unplugged: the reset command runs; plugged back, it reconnects.
fake m2 unplug
wait_for 40 state m2 down || fail "unplug not noticed"
ran() { [ -s "$T/reset.log" ]; }
wait_for 60 ran || fail "reset_command did not run"
fake m2 replug
wait_for 60 state m2 up || fail "m2 did not reconnect after replug"
fake m2 sms +6281230000003 "DAFTAR Tiga #RT01"
wait_for 20 handled 30 || fail "m2 does not receive after replug"
kill -0 "$GW_PID" || fail "the daemon died"
stop_gw
echo ok
