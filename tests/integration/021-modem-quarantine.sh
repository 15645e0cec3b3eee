# A stored message that crashes libgammu's decoder (as 1.42 may on some
# malformed PDUs; here tests/fakemodem/crashshim.c makes the decoder crash
# on a marked PDU). Each crash costs the modem's worker only; after three
# at the same place the next worker reads one message at a time, the
# crash names the message, and it is deleted from the SIM unread, with a
# log line and an audit row. The messages around it are handled and the
# daemon serves throughout.
. tests/integration/common.sh

start_fake m1
fake m1 sms +6281230000001 "DAFTAR Sebelum #RT01"
fake m1 pdu 040B919621430000F000046211324110048204DEADBEEF
fake m1 sms +6281230000003 "DAFTAR Sesudah #RT01"
MODEMS="$(at_modem m1)" write_conf
LD_PRELOAD="$ROOT/$BIN/libcrashshim.so" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" start_gw
crashed() { log_has "Modem m1's worker ended (killed by signal 11"; }
wait_for 20 crashed || fail "the decoder did not crash (is the shim loaded?)"
curl -s "http://127.0.0.1:$PORT/health" >/dev/null || fail "HTTP down while the worker crashes"
quarantined() { [ "$(sql "SELECT COUNT(*) FROM audit WHERE command = 'quarantine' AND allowed = 1")" = 1 ]; }
wait_for 90 quarantined || fail "not quarantined: $(sql "SELECT * FROM audit")"
sql "SELECT detail FROM audit WHERE command = 'quarantine'" | grep -q "location 2: crashed the decoder; kept with its text, deleted" || fail "audit: $(sql "SELECT detail FROM audit")"
# Kept before it went, read past the decoder that crashes on it.
grep -q '^AT+CMGR=2$' "$T/fm-m1/at.log" || fail "not read raw before it was deleted"
[ "$(sql "SELECT raw FROM inbox WHERE raw IS NOT NULL")" = 00040B919621430000F000046211324110048204DEADBEEF ] ||
	fail "raw PDU not kept: $(sql "SELECT state, raw FROM inbox")"
sql "SELECT text FROM inbox WHERE raw IS NOT NULL" | grep -q "8-bit data: DE AD BE EF" || fail "its data was not read"
grep -q '^AT+CMGD=2$' "$T/fm-m1/at.log" || fail "not deleted from the SIM"
both() { [ "$(sql "SELECT COUNT(*) FROM residents")" = 2 ]; }
wait_for 30 both || fail "the messages around it: $(sql "SELECT phone, state FROM inbox")"
fake m1 sms +6281230000004 "INFO"
info() { sent_on m1 | grep -q "^+6281230000004	"; }
wait_for 20 info || fail "the modem is not back to normal"
kill -0 "$GW_PID" || fail "the daemon died"
stop_gw
echo ok
