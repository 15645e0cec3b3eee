#!/bin/sh
# The district's ingest, as `name: value unit` lines: loadgen posing as
# 16 and then 200 village gateways sending batches of 500 at once to one
# kabar-district on loopback, into PostgreSQL (a server of our own,
# tests/pg.sh, fsync on) and into SQLite beside it; then a bare COPY of
# as many records of the same shape into PostgreSQL, the ceiling of what
# any receiver could do on this machine. Figures are named after the
# store and the gateways (district_pg_g16_batch_p99_ms).
# Knobs: BENCH_DISTRICT_SECONDS (10) each run sends for.
BIN=${BIN:-bin}
SECS=${BENCH_DISTRICT_SECONDS:-10}
PORT=${BENCH_PORT:-29431}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
. tests/pg.sh
on_exit 'kill $DPID 2>/dev/null; rm -rf "$T"'
pg_available || { echo "district: no PostgreSQL 15; skipped"; exit 0; }
pg_start "${BENCH_PG_PORT:-32731}" >"$T/pg.log" 2>&1 ||
    { cat "$T/pg.log"; exit 1; }

# run STORE TARGET GATEWAYS: one receiver on TARGET, GATEWAYS sending.
run() {
	list=$("$BIN/loadgen" --print-conf --gateways $3)
	cat >"$T/d.conf" <<CONF
district : { listen = "127.0.0.1:$PORT"; database = "$2"; };
gateways = ( $list );
CONF
	"$BIN/kabar-district" -c "$T/d.conf" 2>"$T/d.log" &
	DPID=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "the district did not start"
		    cat "$T/d.log"; exit 1; }
		sleep 0.1
	done
	"$BIN/loadgen" --url "http://127.0.0.1:$PORT" --gateways $3 \
	    --seconds $SECS --batch 500 --resend-on-error --timeout 120 \
	    >"$T/out" || echo "warning: loadgen exited $?"
	grep -E '^(records_per_second|batch_p50_ms|batch_p99_ms|answers_503|timeouts|records_never_accepted):' \
	    "$T/out" | sed "s/^/district_$1_g$3_/"
	kill -TERM $DPID
	wait $DPID
}

for g in 16 200; do
	pg_psql_admin -c "SET client_min_messages = warning" \
	    -c "DROP DATABASE IF EXISTS bench" \
	    -c "CREATE DATABASE bench OWNER kabar" >/dev/null
	run pg "${PG_URL%/*}/bench" $g
	rm -f "$T"/d.db*
	run sqlite "$T/d.db" $g
done

# The ceiling: COPY of 200,000 records shaped as loadgen's (a vote with
# its resident's hash) into the same table, in one transaction.
n=200000
pg_psql_admin -d bench -c "COPY (SELECT 'g001:0123456789ab-' || i, 'g001',
    'vote', '2026-11-22T10:00:00Z', json_build_object('poll', 'AIR',
    'option', i % 3 + 1, 'voter', md5(i::text) || md5(i::text)),
    1795400000 FROM generate_series(1, $n) i) TO STDOUT" >"$T/copy.tsv"
pg_psql_admin -d bench -c "TRUNCATE records" >/dev/null
s=$(date +%s%N)
pg_psql_admin -d bench -c "\\copy records (id, gateway, type, at, data, received_at) FROM '$T/copy.tsv'" >/dev/null
e=$(date +%s%N)
echo "district_pg_bare_copy_records_per_second: $((n * 1000000000 / (e - s))) records/s"
