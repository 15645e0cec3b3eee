#!/bin/sh
# Disk writes, as `name: value unit` lines: what an SD card pays per SMS.
# write_bytes from /proc/PID/io of kabard and of its modem workers
# (`kabard --modem NAME`, its children) summed: the bytes they sent
# towards the disk, the WAL, the database and any other file.
#
# disk_bytes_per_sms: 1,000 received SMS waiting on Gammu's dummy phone
#   when kabard starts (as bench/run.sh), until the 1,000th reply went out.
# disk_bytes_per_sms_one_by_one: 100 SMS, each injected once the reply to
#   the one before went out: a village's pace, no batching.
# idle_disk_bytes_per_minute: kabard up with nothing to do.
#
# The database sits under TMPDIR (it must be a real disk: tmpfs counts
# nothing); the dummy phone sits in /dev/shm, so that the files the fake
# modem itself writes are not counted: a real modem writes nothing here.
BIN=${BIN:-bin}
N=${BENCH_N:-1000}
N1=${BENCH_N1:-100}
IDLE_S=${BENCH_IDLE_S:-20}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
if [ -d /dev/shm ]; then
	P=$(mktemp -d /dev/shm/kabar-bench.XXXXXX)
else
	P=$T
fi
PID=
trap 'kill $PID 2>/dev/null; rm -rf "$T" "$P"' EXIT

conf() {
	cat >"$T/k.conf" <<CONF
gateway : { id = "bench"; database = "$T/k.db"; daily_sms_budget = 0; };
limits : { replies_per_sender_per_hour = 0; };
modems = ( { name = "m1"; device = "$P/m1"; connection = "none";
  model = "dummy"; send_per_minute = 60000; poll_ms = 100; } );
http : { enabled = false; };
CONF
}

# The write_bytes of kabard and its children together.
io() {
	for p in $PID $(pgrep -P $PID); do
		awk '/^write_bytes:/ { print $2 }' /proc/$p/io 2>/dev/null
	done | awk '{ s += $1 } END { print s + 0 }'
}

sent() {
	sqlite3 "$T/k.db" "SELECT COUNT(*) FROM outbox WHERE status = 'sent'" \
	    2>/dev/null
}

wait_sent() {
	while [ "$(sent)" -lt "$1" ] 2>/dev/null || [ -z "$(sent)" ]; do
		kill -0 $PID 2>/dev/null ||
		    { echo "kabard died"; tail "$T/log"; exit 1; }
		sleep 0.05
	done
}

up() {
	[ "$(sqlite3 "$T/k.db" "SELECT state FROM modem_status WHERE
	    name = 'm1'" 2>/dev/null)" = up ]
}

inject() {
	"$BIN/kabar" -c "$T/k.conf" inject --from "0813$(printf '%08d' $1)" \
	    "DAFTAR Warga $1 #" >/dev/null || exit 1
}

stop() {
	kill -TERM $PID; wait $PID; PID=
}

# 1. A thousand waiting when kabard starts. The database is made first,
# so that its creation is not counted.
conf
"$BIN/kabar" -c "$T/k.conf" status >/dev/null 2>&1
i=0
while [ $i -lt $N ]; do
	inject $i
	i=$((i + 1))
done
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" &
PID=$!
wait_sent $N
w=$(io)
stop
echo "disk_bytes_per_sms: $((w / N)) bytes"

# 2. One at a time, then idle, on a fresh database.
rm -rf "$T"/k.db* "$P/m1"
"$BIN/kabar" -c "$T/k.conf" status >/dev/null 2>&1
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" &
PID=$!
n=0
while ! up; do
	kill -0 $PID 2>/dev/null || { echo "kabard died"; tail "$T/log"; exit 1; }
	n=$((n + 1))
	[ $n -gt 300 ] && { echo "the modem did not come up"; exit 1; }
	sleep 0.1
done
sleep 2
w0=$(io)
i=0
while [ $i -lt $N1 ]; do
	inject $i
	i=$((i + 1))
	wait_sent $i
done
w1=$(io)
echo "disk_bytes_per_sms_one_by_one: $(((w1 - w0) / N1)) bytes"
sleep "$IDLE_S"
w2=$(io)
echo "idle_disk_bytes_per_minute: $(((w2 - w1) * 60 / IDLE_S)) bytes"
stop
