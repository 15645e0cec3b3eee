#!/bin/sh
# Modem figures, as `name: value unit` lines. kabard drives 4 fake USB
# modems (tests/fakemodem, answering at once) over libgammu's AT driver;
# 400 SMS are queued and sent. Measured: the gateway's own CPU time per
# message sent (the daemon and its modem workers together, user + system,
# from /proc), and the memory of the daemon with its 4 workers (PSS, so
# that the libraries they share count once).
BIN=${BIN:-bin}
N=${BENCH_MODEM_N:-400}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
FAKES=
trap 'kill $PID $FAKES 2>/dev/null; rm -rf "$T"' EXIT
modems=
for m in m1 m2 m3 m4; do
	mkdir -p "$T/fm-$m"
	: >"$T/ctl-$m"
	"$BIN/fakemodem" "$T/tty-$m" "$T/ctl-$m" "$T/fm-$m" &
	FAKES="$FAKES $!"
	modems="$modems${modems:+,} { name = \"$m\"; device = \"$T/tty-$m\";
	  connection = \"at115200\"; send_per_minute = 60000; poll_ms = 1000;
	  delivery_reports = false; }"
done
cat >"$T/k.conf" <<CONF
gateway : { id = "bench"; database = "$T/k.db"; daily_sms_budget = 0; };
modems = ( $modems );
http : { enabled = false; };
CONF
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" &
PID=$!
# kabard creates the database as it starts: until then there is no table.
up() { [ "$(sqlite3 "$T/k.db" "SELECT COUNT(*) FROM modem_status WHERE state = 'up'" 2>/dev/null)" = 4 ]; }
i=0
while ! up; do
	i=$((i + 1))
	[ $i -gt 300 ] && { echo "modems did not come up"; tail "$T/log"; exit 1; }
	sleep 0.1
done
# CPU ticks of the daemon and its workers so far.
ticks() {
	for p in $PID $(pgrep -P $PID); do
		awk '{ print $14 + $15 }' /proc/$p/stat 2>/dev/null
	done | awk '{ s += $1 } END { print s + 0 }'
}
# Proportional set size: shared library pages counted once in all.
rss() {
	for p in $PID $(pgrep -P $PID); do
		awk '/^Pss:/ { print $2 }' /proc/$p/smaps_rollup 2>/dev/null
	done | awk '{ s += $1 } END { print s + 0 }'
}
before=$(ticks)
start=$(date +%s.%N)
sqlite3 "$T/k.db" "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1
  FROM c WHERE i < $N) INSERT INTO outbox (recipient, text, kind, parts,
  created_at) SELECT printf('+62812%08d', i), 'Pengumuman desa nomor ' || i,
  'notice', 1, strftime('%s', 'now') FROM c"
kill -HUP $PID	# a nudge; the workers also look every second
peak=0
while :; do
	sent=$(sqlite3 "$T/k.db" "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
	r=$(rss)
	[ "$r" -gt "$peak" ] && peak=$r
	[ "$sent" -ge "$N" ] && break
	kill -0 $PID 2>/dev/null || { echo "kabard died"; tail "$T/log"; exit 1; }
	sleep 0.2
done
end=$(date +%s.%N)
after=$(ticks)
hz=$(getconf CLK_TCK)
kill -TERM $PID; wait $PID
awk -v n=$N -v t=$((after - before)) -v hz=$hz -v s=$start -v e=$end 'BEGIN {
	printf "modem_cpu_per_sms: %.2f ms\n", t * 1000 / hz / n
	printf "modem_send_rate_4_modems: %.1f sms/s\n", n / (e - s) }'
echo "modem_pss_4_modems: $peak kB"
