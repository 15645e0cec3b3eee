#!/bin/sh
# District sync figures, as `name: value unit` lines. 100,000 journal
# records in a realistic mix (votes with a hashed voter, complaints with
# free text, registrations, status changes, feedback) wait in a gateway's
# database; kabard starts with kabar-district on loopback and sends them
# in batches of 500. Measured: records a second until none is pending,
# bytes on the wire a record (headers included, from kabard's own count),
# and kabard's peak RSS during the sync.
BIN=${BIN:-bin}
N=${BENCH_SYNC_N:-100000}
PORT=${BENCH_PORT:-29417}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
trap 'kill $PID $DPID 2>/dev/null; rm -rf "$T"' EXIT
cat >"$T/d.conf" <<CONF
district : { listen = "127.0.0.1:$PORT"; database = "$T/d.db"; };
gateways = ( { id = "bench"; token = "tok-bench-1"; hmac_key = "key-bench-1"; } );
CONF
cat >"$T/k.conf" <<CONF
gateway : { id = "bench"; database = "$T/k.db"; };
modems = ( { name = "m1"; device = "$T/m1"; connection = "none";
  model = "dummy"; } );
http : { enabled = false; };
sync : { url = "http://127.0.0.1:$PORT"; token = "tok-bench-1";
  hmac_key = "key-bench-1"; batch_size = 500; };
CONF
# kabard creates the database on its first start (kabar never does); the
# district is not up yet, so nothing is sent.
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" &
PID=$!
i=0
until sqlite3 "$T/k.db" "SELECT COUNT(*) FROM journal" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -gt 200 ] && { echo "kabard made no database"; tail "$T/log"; exit 1; }
	sleep 0.05
done
kill -TERM $PID; wait $PID
sqlite3 "$T/k.db" <<SQL || exit 1
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N)
INSERT INTO journal (type, at, data)
SELECT CASE i % 10 WHEN 0 THEN 'complaint' WHEN 1 THEN 'complaint'
  WHEN 2 THEN 'registration' WHEN 3 THEN 'complaint_status'
  WHEN 4 THEN 'feedback' ELSE 'vote' END,
  1795400000 + i * 7,
  CASE i % 10
  WHEN 0 THEN json_object('ticket', printf('%06d', abs(random()) % 900000 + 100000),
    'text', 'Jalan di RT0' || (i % 5) || ' rusak parah, banyak lubang sejak hujan minggu lalu',
    'category', 'jalan', 'status', 'baru')
  WHEN 1 THEN json_object('ticket', printf('%06d', abs(random()) % 900000 + 100000),
    'text', 'Lampu jalan dekat masjid mati ' || (i % 30) || ' hari', 'category', 'listrik',
    'status', 'baru')
  WHEN 2 THEN json_object('phone', '+62812' || printf('%08d', abs(random()) % 100000000),
    'name', 'Warga ' || i, 'group', 'RT0' || (i % 5 + 1))
  WHEN 3 THEN json_object('ticket', printf('%06d', abs(random()) % 900000 + 100000),
    'status', 'diproses', 'note', NULL, 'by', 'operator')
  WHEN 4 THEN json_object('ticket', printf('%06d', abs(random()) % 900000 + 100000),
    'mark', i % 5 + 1, 'service', 'complaint', 'category', 'jalan')
  ELSE json_object('poll', 'AIR', 'option', i % 3 + 1,
    'voter', lower(hex(randomblob(16)))) END
FROM c;
SQL
"$BIN/kabar-district" -c "$T/d.conf" 2>"$T/d.log" &
DPID=$!
sleep 0.5
start=$(date +%s.%N)
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" &
PID=$!
peak=0
while :; do
	left=$(sqlite3 "$T/k.db" "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL" 2>/dev/null)
	rss=$(awk '/VmHWM/ { print $2 }' /proc/$PID/status 2>/dev/null)
	[ -n "$rss" ] && peak=$rss
	[ "${left:-1}" = 0 ] && break
	kill -0 $PID 2>/dev/null || { echo "kabard died"; tail "$T/log"; exit 1; }
	sleep 0.05
done
end=$(date +%s.%N)
kill -TERM $PID; wait $PID
bytes=$(awk '/District sync:/ { for (i = 1; i <= NF; i++) if ($(i+1) == "bytes" && $(i+2) == "sent,") s += $i } END { print s + 0 }' "$T/log")
stored=$(sqlite3 "$T/d.db" "SELECT COUNT(*) FROM records")
[ "$stored" = "$N" ] || echo "warning: the district holds $stored of $N"
awk -v n=$N -v s=$start -v e=$end -v b=$bytes 'BEGIN {
	printf "sync_rate: %.0f records/s\n", n / (e - s)
	printf "sync_time_100k: %.2f s\n", e - s
	printf "sync_bytes_per_record: %.1f B\n", b / n }'
echo "sync_peak_rss: $peak kB"
