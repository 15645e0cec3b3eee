#!/bin/sh
# The district under many gateways at once, as `name: value unit` lines:
# loadgen posing as 4 and then 16 village gateways, each sending
# BENCH_LOAD_N records (20,000) in batches of 500 to today's
# kabar-district on loopback, every gateway's batch on the wire at once,
# resending what was not accepted. Each figure is named after the store
# and the number of gateways (district_sqlite_g16_batch_p99_ms). The
# database is a fresh file in TMPDIR: its disk is part of the figure.
BIN=${BIN:-bin}
N=${BENCH_LOAD_N:-20000}
PORT=${BENCH_PORT:-29419}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
trap 'kill $DPID 2>/dev/null; rm -rf "$T"' EXIT
for g in 4 16; do
	rm -f "$T"/d.db*
	list=$("$BIN/loadgen" --print-conf --gateways $g)
	cat >"$T/d.conf" <<CONF
district : { listen = "127.0.0.1:$PORT"; database = "$T/d.db"; };
gateways = ( $list );
CONF
	"$BIN/kabar-district" -c "$T/d.conf" 2>"$T/d.log" &
	DPID=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "the district did not start"; cat "$T/d.log"; exit 1; }
		sleep 0.1
	done
	"$BIN/loadgen" --url "http://127.0.0.1:$PORT" --gateways $g \
	    --records-per-gateway $N --batch 500 --resend-on-error \
	    >"$T/out" || echo "warning: loadgen exited $?"
	grep -E '^(records_per_second|batch_p50_ms|batch_p99_ms|answers_503|answers_other_errors|timeouts|records_never_accepted):' \
	    "$T/out" | sed "s/^/district_sqlite_g${g}_/"
	kill -TERM $DPID; wait $DPID
done
