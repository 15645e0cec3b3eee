# Under systemd, stderr is the journal's stream (JOURNAL_STREAM names its
# device and inode): every line, the modem workers' too, carries its
# priority as "<N>" and no timestamp of ours. A JOURNAL_STREAM that is not
# stderr (inherited, then redirected) leaves the ordinary format.
. tests/integration/common.sh

write_conf
LOG="$T/kabard.log"
: >"$LOG"
stream=$(stat -c '%d:%i' "$LOG")

# --check: the plain pin's warning, as the journal wants it.
JOURNAL_STREAM=$stream "$KABARD" --check -c "$CONF" >/dev/null 2>>"$LOG" ||
	fail "--check refused the configuration"
grep -q "^<4>$CONF:[0-9]*: admin 'Kades' has a plain pin" "$LOG" ||
	fail "warning not at priority 4: $(cat "$LOG")"
out=$(JOURNAL_STREAM=$stream "$KABARD" --check -c "$CONF" 2>&1 >/dev/null)
echo "$out" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ kabard WARN: ' ||
	fail "stderr elsewhere, yet the journal format: $out"

# A configuration refused at start: FILE:LINE as ever, at priority 3.
echo 'colour = "red";' >>"$CONF"
JOURNAL_STREAM=$stream "$KABARD" -c "$CONF" >/dev/null 2>>"$LOG"
[ $? -eq 2 ] || fail "a bad configuration did not exit 2"
grep -q "^<3>$CONF:[0-9]*: unknown key 'colour'" "$LOG" ||
	fail "the refused configuration is not at priority 3: $(tail -2 "$LOG")"
echo 'district : { colour = "red"; };' >"$T/d.conf"
JOURNAL_STREAM=$stream "$ROOT/$BIN/kabar-district" -c "$T/d.conf" \
    >/dev/null 2>>"$LOG"
grep -q "^<3>$T/d.conf:[0-9]*: " "$LOG" ||
	fail "kabar-district's refused configuration is not at priority 3: $(tail -2 "$LOG")"
write_conf

# The daemon: info, debug (-v), the workers, an error.
JOURNAL_STREAM=$stream "$KABARD" -c "$CONF" -v >>"$LOG" 2>&1 &
GW_PID=$!
wait_for 20 log_has "^<6>Modem m1 is up" || fail "no '<6>Modem m1 is up'"
wait_for 10 log_has "^<6>kabard started: gateway 'test'" || fail "no '<6>kabard started'"
inject --from 08123456789 "INFO"
wait_for 10 log_has "^<7>" || fail "no debug line at priority 7"
echo 'gateway : { id = ' >"$CONF.broken"
cp "$CONF" "$CONF.good"
cp "$CONF.broken" "$CONF"
kill -HUP "$GW_PID"
wait_for 5 log_has "^<3>Reload refused: " || fail "error not at priority 3"
cp "$CONF.good" "$CONF"
stop_gw
log_has "^<6>kabard stopped." || fail "no '<6>kabard stopped.'"

# Every line: a priority, then the message; never our timestamp.
bad=$(grep -v '^<[0-7]>' "$LOG")
[ -z "$bad" ] || fail "lines without a priority: $bad"
! grep -Eq '^<[0-7]>[0-9]{4}-[0-9]{2}-[0-9]{2} ' "$LOG" ||
	fail "a timestamp of ours in the journal"
echo "051-journal-log: ok"
