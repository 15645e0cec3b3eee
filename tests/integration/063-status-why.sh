# kabar status says why messages wait, in words an operator acts on:
# quiet hours, the day's budget spent, a modem resting after failed
# sends, a SIM's credit below its floor; and it exits 1 with no modem up.
. tests/integration/common.sh

BUDGET=1 QUIET="00:00-23:59" MODEMS="{ name = \"m1\"; device = \"$MODEM\"; connection = \"none\";
  model = \"dummy\"; send_per_minute = 600; poll_ms = 100; balance_floor = 5000; }" write_conf
no_http	# these tests need no HTTP port (another may hold it)
start_gw
kabar send 081311110001 "satu" >/dev/null || fail send
sent() { [ "$(sql "SELECT status FROM outbox WHERE id = 1")" = sent ]; }
wait_for 10 sent || fail "the first SMS was not sent"
kabar send 081311110002 "dua" >/dev/null || fail send
out=$(kabar status) || fail "status with the modem up: exit $?"
echo "$out" | grep -q "mengapa pesan menunggu (1 dalam antrean):" || fail "no reasons: $out"
echo "$out" | grep -q "anggaran SMS hari ini (1) habis: 1 menunggu besok" || fail "budget: $out"
echo "$out" | grep -q "jam tenang (00:00-23:59): siaran, polling dan survei menunggu" || fail "quiet: $out"
kabar status --json | grep -q '"modems_up":1' || fail "status --json modems_up"
stop_gw

# What the modem worker would have written: up but resting, low credit
# (kabard itself is stopped now, which status says too, exiting 1).
sql "UPDATE modem_status SET state = 'up', balance = 1200,
    resting_until = strftime('%s', 'now') + 600 WHERE name = 'm1'"
out=$(kabar status)
echo "$out" | grep -Eq "^m1 +resting" || fail "resting state: $out"
echo "$out" | grep -q "modem m1 beristirahat setelah gagal mengirim, sampai 20.* WIB" || fail "resting: $out"
echo "$out" | grep -q "modem m1: pulsa Rp1.200 di bawah batas Rp5.000" || fail "floor: $out"

sql "UPDATE modem_status SET state = 'down', resting_until = 0 WHERE name = 'm1'"
out=$(kabar status); rc=$?
[ $rc -eq 1 ] || fail "no modem up: exit $rc"
echo "$out" | grep -q "tidak ada modem yang aktif" || fail "no modem up: $out"
kabar status --json | grep -q '"modems_up":0' || fail "status --json modems_up 0"
check_log

# A daemon killed hard leaves its modems "up" in the store: status sees
# that its pid is gone rather than believe them.
sql "UPDATE modem_status SET state = 'stopped'"
start_gw
kabar status >/dev/null || fail "status with kabard up"
kill -KILL "$GW_PID"
gone() { ! kill -0 "$GW_PID" 2>/dev/null; }
wait_for 5 gone || fail "kabard did not die"
GW_PID=
sql "UPDATE modem_status SET state = 'up'"	# as a worker may have left it
out=$(kabar status); rc=$?
[ $rc -eq 1 ] || fail "status after kill -9: exit $rc: $out"
echo "$out" | grep -q "kabard tidak berjalan (pid [0-9]* sudah tidak ada)" || fail "kill -9 not seen: $out"
