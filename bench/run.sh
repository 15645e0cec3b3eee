#!/bin/sh
# Figures, printed as `name: value unit` lines. Not a test: nothing here
# passes or fails on a number.
#
# inbound: 1,000 received SMS waiting on Gammu's dummy phone when kabard
# starts, until the 1,000th reply has gone out through the same phone;
# kabard's peak RSS over that run.
BIN=${BIN:-bin}
N=${BENCH_N:-1000}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT
cat >"$T/k.conf" <<CONF
gateway : { id = "bench"; database = "$T/k.db"; daily_sms_budget = 0; };
limits : { replies_per_sender_per_hour = 0; };
modems = ( { name = "m1"; device = "$T/m1"; connection = "none";
  model = "dummy"; send_per_minute = 60000; poll_ms = 100; } );
CONF
i=0
while [ $i -lt $N ]; do
	"$BIN/kabar" -c "$T/k.conf" inject --from "0813$(printf '%08d' $i)" \
	    "DAFTAR Warga $i #" >/dev/null || exit 1
	i=$((i + 1))
done
start=$(date +%s.%N)
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" &
PID=$!
peak=0
while :; do
	sent=$(sqlite3 "$T/k.db" "SELECT COUNT(*) FROM outbox WHERE status = 'sent'" 2>/dev/null)
	rss=$(awk '/VmHWM/ { print $2 }' /proc/$PID/status 2>/dev/null)
	[ -n "$rss" ] && peak=$rss
	[ "${sent:-0}" -ge $N ] && break
	kill -0 $PID 2>/dev/null || { echo "kabard died"; tail "$T/log"; exit 1; }
	sleep 0.05
done
end=$(date +%s.%N)
rss=$(awk '/VmHWM/ { print $2 }' /proc/$PID/status 2>/dev/null)
[ -n "$rss" ] && peak=$rss
kill -TERM $PID; wait $PID
awk -v n=$N -v s=$start -v e=$end 'BEGIN {
	printf "inbound_to_reply_rate: %.0f msg/s\n", n / (e - s)
	printf "inbound_to_reply_time: %.2f s\n", e - s }'
echo "inbound_peak_rss: $peak kB"
