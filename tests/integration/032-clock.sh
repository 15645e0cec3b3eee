# A board with no real-time clock (lib/clock.h), played by libfaketime
# under kabard, its modem workers and the operator's `kabar` (the fake
# modem and the test keep the true time; the board's uptime and files
# stay true, as on a Pi).
#
# A board that woke in 2000: the time is not known, so a broadcast waits
# while replies go; a modem clock counting from 2000 tells nothing; once
# the modem's clock speaks the network's zone the time is known and the
# broadcast goes, dated right. A restart keeps what this boot learnt.
#
# A board a week and twelve hours behind (fake-hwclock after a power cut):
# a resident's complaint brings the network's time in its SMSC time stamp;
# the complaint and the inbox are dated by it, and quiet hours are judged
# by it (the board's own clock says it is not quiet).
#
# A board in 2000 that hears only from the district takes its time.
# One store is enough: this is about the gateway's clock.
. tests/integration/common.sh

LIBFT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$LIBFT" ] || { echo "libfaketime is not installed (Debian: faketime)"; exit 77; }
# The board's clock only: its uptime and file times are true, and timed
# waits on the monotonic clock are left alone (the "fix" makes them spin).
export FAKETIME_DONT_FAKE_MONOTONIC=1 NO_FAKE_STAT=1 FAKETIME_FORCE_MONOTONIC_FIX=0
# Under make asan the sanitizer wants to come first; libfaketime before it
# is harmless here (it only answers the time).
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
GW_TEST_WRAPPER="env LD_PRELOAD=$LIBFT ${GW_TEST_WRAPPER:-}"
board() { env LD_PRELOAD="$LIBFT" "$KABAR" -c "$CONF" "$@"; }
# near SECONDS: within a minute of the true time.
near() { [ "$1" -ge $(($(date +%s) - 60)) ] && [ "$1" -le $(($(date +%s) + 5)) ]; }

start_fake m1
fake m1 clock 2000
MODEMS="$(at_modem m1 'health_seconds = 1;')" write_conf
export FAKETIME="-$(($(date +%s) - 946684800))"
start_gw
# libfaketime cannot hide a kernel that NTP keeps: then NTP wins, rightly.
if kabar status --json | grep -q '"clock_source":"ntp"'; then
	echo "NTP keeps this machine's clock: no board without one to play"
	stop_gw
	exit 77
fi
board status | grep -q "jam: TIDAK DIKETAHUI; jam sistem menunjukkan 2000-01-01" ||
	fail "status: $(board status)"
{ echo "phone,name,group"; echo "081311110001,Warga Satu,RT01"; } >"$T/r.csv"
board residents import "$T/r.csv" >/dev/null || fail import
board broadcast --yes "Kerja bakti Minggu" | grep -q "untuk 1 warga" || fail broadcast
# INFO, stamped by an SMSC whose clock says 2025: answered, and it tells
# nothing about the time. Its reply went, so the broadcast was passed over.
fake m1 pdu 040D91261832000000F80000526010010000820449A7F109
info() { sent_on m1 | grep -q "^+6281230000008	"; }
wait_for 20 info || fail "INFO not answered: $(sent_on m1)"
[ "$(sql "SELECT status FROM outbox WHERE kind = 'broadcast'")" = queued ] ||
	fail "the broadcast did not wait: $(sql "SELECT status FROM outbox")"
log_has "broadcasts, polls and surveys wait: the time is not known" ||
	fail "no word of the wait"
log_has "its clock (2000-01-01" || fail "the modem's clock was not read"
fake m1 clock +28
went() { [ "$(sql "SELECT status FROM outbox WHERE kind = 'broadcast'")" = sent ]; }
wait_for 20 went || fail "the broadcast did not go: $(sent_on m1)"
sent_on m1 | grep -q "^+6281311110001	1/1	Kerja bakti" || fail "sent: $(sent_on m1)"
log_has "behind the modem's clock (the mobile network)" || fail "no word of the step"
near "$(sql "SELECT sent_at FROM outbox WHERE kind = 'broadcast'")" ||
	fail "sent_at: $(sql "SELECT sent_at FROM outbox WHERE kind = 'broadcast'")"
board status | grep -q "jam: .* dari jam modem" || fail "status: $(board status)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -q 'kabar_clock_known{source="modem"} 1' ||
	fail "metrics: $(curl -s "http://127.0.0.1:$PORT/metrics" | grep clock)"
stop_gw
# Restarted in the same boot, with a modem that has no clock: the time
# learnt stays.
fake m1 clock off
start_gw
board status --json | grep -q '"clock_known":true,"clock_source":"modem"' ||
	fail "status after restart: $(board status --json)"
stop_gw
check_log

# A fresh database on a board a week and twelve hours behind. Quiet hours
# are the true hour give or take one: the board's clock is outside them.
DB="$T/behind.db"
now=$(date +%s)
QUIET="$(TZ=Asia/Jakarta date -d "@$((now - 3600))" +%H:%M)-$(TZ=Asia/Jakarta date -d "@$((now + 3600))" +%H:%M)"
MODEMS="$(at_modem m1)" write_conf
export FAKETIME="-180h"
start_gw
board residents import "$T/r.csv" >/dev/null || fail import
board broadcast --yes "Rapat RT" | grep -q "untuk 1 warga" || fail broadcast
board status | grep -q "jam: TIDAK DIKETAHUI" || fail "status: $(board status)"
fake m1 sms +6281230000009 "ADUAN #PU jalan di RT01 rusak"
ticket() { sent_on m1 | grep -q "^+6281230000009	"; }
wait_for 20 ticket || fail "no ticket: $(sent_on m1)"
log_has "The clock was 64[78][0-9][0-9][0-9] s behind an SMS time stamp" || fail "no step"
near "$(sql "SELECT received_at FROM inbox WHERE phone = '+6281230000009'")" ||
	fail "received_at: $(sql "SELECT received_at FROM inbox")"
near "$(sql "SELECT at FROM journal WHERE type = 'complaint'")" ||
	fail "journal at: $(sql "SELECT type, at FROM journal")"
# The ticket went after the step, and the broadcast stayed: quiet hours.
[ "$(sql "SELECT status FROM outbox WHERE kind = 'broadcast'")" = queued ] ||
	fail "sent in quiet hours: $(sql "SELECT kind, status FROM outbox")"
board status --json | grep -q '"clock_known":true,"clock_source":"sms"' ||
	fail "status: $(board status --json)"
QUIET= MODEMS="$(at_modem m1)" write_conf
kill -HUP "$GW_PID"
rapat() { sent_on m1 | grep -q "^+6281311110001	1/1	Rapat RT"; }
wait_for 20 rapat || fail "the broadcast did not go after quiet hours"
stop_gw
check_log

# A board in 2000 that hears only from the district: the sync client
# signs by the district's Date, and the daemon takes the time from it.
DPORT=$((PORT + 1))
start_district $DPORT "{ id = \"test\"; token = \"tok-12345678\"; hmac_key = \"key-12345678\"; }"
DB="$T/district.db"
MODEMS= write_conf "sync : { url = \"http://127.0.0.1:$DPORT/\";
  token = \"tok-12345678\"; hmac_key = \"key-12345678\"; interval = 5;
  min_backoff = 1; max_backoff = 2; };"
export FAKETIME="-$(($(date +%s) - 946684800))"
start_gw
told() { board status --json | grep -q '"clock_known":true,"clock_source":"district"'; }
wait_for 30 told || fail "not told by the district: $(board status --json)"
log_has "behind the district's clock" || fail "no word of the step"
# The district's clock minus ours is nothing now.
[ "$(sql "SELECT value FROM meta WHERE key = 'sync.clock_offset'")" = 0 ] ||
	fail "offset: $(sql "SELECT * FROM meta")"
stop_gw
# With nothing to upload, the first request fetches updates, which the
# sync client does not sign again by the Date of a 401: that refusal is
# expected here (sync/sync_client.c).
grep -E ' (ERROR|fatal)' "$T/kabard.log" | grep -v "DISTRICT SYNC REFUSED.*timestamp" &&
	fail "errors in the log"
echo ok
