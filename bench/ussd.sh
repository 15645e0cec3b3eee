#!/bin/sh
# USSD requests per second and latency with wrk (64 connections, loopback)
# against kabard, beside a bare libmicrohttpd server as the ceiling.
BIN=${BIN:-bin}
D=${BENCH_SECONDS:-10}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
trap 'kill $GW $BARE 2>/dev/null; rm -rf "$T"' EXIT
P1=$((30000 + $$ % 10000)); P2=$((P1 + 1))
cat >"$T/k.conf" <<CONF
gateway : { id = "bench"; database = "$T/k.db"; };
modems = ( { name = "m1"; device = "$T/m1"; connection = "none"; model = "dummy"; } );
http : { listen = "127.0.0.1:$P1"; ussd_key = "bench-key"; };
ussd : { per_minute = 600; menu = { title = "Desa"; items = (
  { title = "Cek tiket"; action = "status"; },
  { title = "Info"; text = "Kantor buka 08.00-14.00."; } ); }; };
CONF
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" & GW=$!
"$BIN/bare_http" $P2 & BARE=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$P1/health" || [ $i -gt 50 ]; do
	sleep 0.1; i=$((i + 1)); done
run() {	# PORT -> "rps p50_ms p99_ms"
	wrk -t2 -c64 -d${D}s --latency -s bench/ussd.lua "http://127.0.0.1:$1" | tee -a "$T/wrk" |
	awk '/Requests\/sec/ { rps = $2 }
	    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
	    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
	    END { printf "%s %.3f %.3f\n", rps, p50, p99 }'
}
set -- $(run $P1); k_rps=$1 k50=$2 k99=$3
set -- $(run $P2); b_rps=$1
echo "ussd_requests_per_second: $k_rps req/s"
echo "ussd_latency_p50: $k50 ms"
echo "ussd_latency_p99: $k99 ms"
echo "bare_mhd_requests_per_second: $b_rps req/s"
grep -q "Non-2xx" "$T/wrk" && echo "ussd_non_2xx: $(grep Non-2xx "$T/wrk" | head -1 | awk "{ print \$NF }") responses"
awk -v a="$k_rps" -v b="$b_rps" 'BEGIN { printf "ussd_vs_bare_ratio: %.2f\n", a / b }'
