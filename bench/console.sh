#!/bin/sh
# The village console's API: latency of the complaints list (the page
# Aduan asks for, 50 a page, newest first) with 10,000 complaints in the
# store, unfiltered and filtered, with wrk on loopback (4 connections: an
# office's handful of browsers). The bytes of a first load are
# bench/console_load.sh's.
BIN=${BIN:-bin}
D=${BENCH_SECONDS:-10}
N=${BENCH_COMPLAINTS:-10000}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
trap 'kill $GW 2>/dev/null; [ -n "${BENCH_HOLD:-}" ] || rm -rf "$T"' EXIT
P=$((30000 + $$ % 10000 + 2))
pw="bench-password"
hash=$(echo "$pw" | "$BIN/kabar" password-hash)
cat >"$T/k.conf" <<CONF
gateway : { id = "bench"; database = "$T/k.db"; timezone = "Asia/Jakarta"; };
modems = ( { name = "m1"; device = "$T/m1"; connection = "none"; model = "dummy"; } );
admins = ( { phone = "+6281200000001"; name = "Kades"; pin = "4321"; role = "head";
  password_hash = "$hash"; } );
categories = ( { code = "PU"; words = ( "jalan" ); contacts = ( ); },
  { code = "PDAM"; words = ( "air" ); contacts = ( ); } );
http : { listen = "127.0.0.1:$P"; ussd_key = "bench-key"; };
CONF
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" & GW=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$P/" || [ $i -gt 100 ]; do
	sleep 0.1; i=$((i + 1)); done
# Complaints over the last 100 days, four statuses, two categories.
sqlite3 "$T/k.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
  INSERT INTO tickets (number, kind, phone, category, text, status, created_at, updated_at)
  SELECT printf('%06d', 100000 + i), 'complaint', printf('+62813%08d', i),
    CASE i % 2 WHEN 0 THEN 'PU' ELSE 'PDAM' END,
    'Jalan di RT ' || (i % 9) || ' rusak sejak minggu lalu, mohon diperbaiki',
    CASE i % 4 WHEN 0 THEN 'baru' WHEN 1 THEN 'diproses' WHEN 2 THEN 'selesai' ELSE 'ditolak' END,
    strftime('%s', 'now') - i * 864, strftime('%s', 'now') - i * 864 FROM n"
curl -s -c "$T/jar" -H 'Content-Type: application/json' \
    -d "{\"phone\": \"081200000001\", \"password\": \"$pw\"}" \
    "http://127.0.0.1:$P/api/v1/login" >/dev/null
sid=$(awk '$6 == "kabar_session" { print $7 }' "$T/jar")
[ -n "$sid" ] || { echo "console bench: login failed" >&2; exit 1; }

run() {	# PATH -> "rps p50_ms p99_ms"
	wrk -t1 -c4 -d${D}s --latency -H "Cookie: kabar_session=$sid" \
	    -H "X-Kabar-Background: 1" "http://127.0.0.1:$P$1" | tee -a "$T/wrk" |
	awk '/Requests\/sec/ { rps = $2 }
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
	    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
	    END { printf "%s %.3f %.3f\n", rps, p50, p99 }'
}
set -- $(run "/api/v1/complaints?per_page=50")
echo "console_complaints_p50: $2 ms"
echo "console_complaints_p99: $3 ms"
echo "console_complaints_requests_per_second: $1 req/s"
set -- $(run "/api/v1/complaints?status=baru&category=PU&per_page=50&page=20")
echo "console_complaints_filtered_p50: $2 ms"
echo "console_complaints_filtered_p99: $3 ms"
grep -q "Non-2xx" "$T/wrk" && echo "console_non_2xx: $(grep Non-2xx "$T/wrk" | head -1 | awk '{ print $NF }') responses"
echo "console_complaints_in_store: $N complaints"
