# What a phone may hold besides fresh inbox messages: an unreadable file
# and a sent message in the outbox folder. Both are passed over (said once
# in the log), the inbox messages around them are handled, and the daemon
# keeps serving. The unreadable one, met in three sweeps, is kept raw in
# the inbox and then deleted, with an audit row; the sent message is left
# where it is.
. tests/integration/common.sh

write_conf
mkdir -p "$MODEM/sms/2" "$MODEM/sms/3"
printf 'this is not an SMS backup file\n' >"$MODEM/sms/3/1"
cat >"$MODEM/sms/2/1" <<'SMS'
[SMSBackup000]
Number = "+6281299990000"
PDU = Submit
State = Sent
Coding = Default_No_Compression
Text00 = 00480061006C006F
SMS
inject --from 081311110001 "INFO"
inject --from 081311110002 "INFO"
start_gw
two() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" = 2 ]; }
wait_for 10 two || fail "messages beside the odd files were not handled"
[ "$(sql "SELECT COUNT(*) FROM inbox WHERE state != 'unreadable'")" = 2 ] || fail "the outbox message was taken as received"
[ -f "$MODEM/sms/2/1" ] || fail "the sent message was deleted"
gone() { [ ! -f "$MODEM/sms/3/1" ]; }
wait_for 10 gone || fail "the unreadable message was not deleted"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE command = 'quarantine' AND allowed = 1")" = 1 ] || fail "no audit row"
# Kept before it went: its bytes, as an operator can read them later.
[ "$(sql "SELECT raw FROM inbox WHERE state = 'unreadable'")" = "$(printf 'this is not an SMS backup file\n' | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F)" ] ||
	fail "the unreadable message was not kept raw: $(sql "SELECT state, raw FROM inbox")"
kabar inbox --json | grep -q '"state":"unreadable".*"raw":"7468' || fail "inbox --json shows no raw"
inject --from 081311110003 "INFO"
three() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" = 3 ]; }
wait_for 10 three || fail "later messages stuck behind the odd files"
[ "$(grep -c 'cannot be read' "$T/kabard.log")" = 1 ] || fail "the unreadable file was not reported once"
log_has "Modem m1 is down" && fail "an unreadable file took the modem down"
stop_gw
