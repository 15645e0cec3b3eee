#!/bin/sh
# The district's ingest, as `name: value unit` lines: loadgen posing as
# many village gateways, each with one batch of 500 records on the wire at
# a time, resending what was not accepted, giving up on an answer after
# 120 s (sync.timeout's default), against kabar-district on
#   pg_16, pg_200, pg_1000  a private PostgreSQL 15 (tests/pg.sh, fsync
#                           on), 16, 200 and 1000 gateways at once;
#   sqlite_16, sqlite_200   a fresh SQLite file, for comparison;
#   pg_haproxy2_16          two receivers behind haproxy (tests/haproxy.sh)
#                           on one PostgreSQL database, 16 gateways;
#   pg_copy                 the ceiling: the records pg_16 stored, written
#                           out and put back into the emptied table with one
#                           COPY by psql (same columns, same JSON, same
#                           indexes), no HTTP, no receiver.
# Each run has a database of its own. Per run: records_per_second,
# batch_p50_ms, batch_p99_ms, answers_503, timeouts, records_never_accepted,
# and the CPU seconds each side burned: the receivers, PostgreSQL's
# processes, loadgen, and whatever else ran on the machine meanwhile
# (elsewhere: other work on a shared machine skews every figure); on
# PostgreSQL the WAL written a record.
# pg_bytes_per_record: the records table with its indexes and TOAST over
# its rows after pg_16 (pg_total_relation_size / count); of which the
# table alone (heap), and the records' JSON as text (what they were like).
#
# Knobs: BENCH_DISTRICT_N (records per gateway at 16, 20,000),
# BENCH_DISTRICT_N200 (2,000), BENCH_DISTRICT_N1000 (500; 0 skips the
# run), BENCH_PORT (29420 and the next two). PostgreSQL or haproxy
# missing: their runs are skipped with a word.
BIN=${BIN:-bin}
N16=${BENCH_DISTRICT_N:-20000}
N200=${BENCH_DISTRICT_N200:-2000}
N1000=${BENCH_DISTRICT_N1000:-500}
PORT=${BENCH_PORT:-29420}
HZ=$(getconf CLK_TCK)
# What is kept of loadgen's lines.
FIGS="records_per_second|batch_p50_ms|batch_p99_ms|answers_503|\
answers_other_errors|timeouts|records_never_accepted"
RPIDS=

. tests/on_exit.sh
. tests/pg.sh
. tests/haproxy.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX") || exit 1
cleanup() {
	for p in $RPIDS; do kill -TERM $p 2>/dev/null; wait $p 2>/dev/null; done
	rm -rf "$T"
}
on_exit cleanup
# Read through a pipe that closes early (| head): clean up all the same.
trap 'exit 141' PIPE

# Clock ticks a process and its reaped children used: fields 14-17 of
# /proc/PID/stat (the name in parentheses may hold spaces); 0 when it is
# gone already.
ticks() {
	sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null |
	    awk '{ t = $12 + $13 + $14 + $15 } END { print t + 0 }'
}

# PostgreSQL's processes: the postmaster (which reaps the backends, so
# their time lands in its children's fields) and those alive now.
pg_ticks() {
	local pm t=0 c
	pm=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
	[ -n "$pm" ] || { echo 0; return; }
	for c in $pm $(cat /proc/$pm/task/*/children 2>/dev/null); do
		t=$((t + $(ticks $c)))
	done
	echo $t
}

# Waits (5 s at most) until the backends of the receivers stopped are
# gone and reaped: a backend on its way out shows no time of its own.
pg_settle() {
	local pm n=0
	pm=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
	[ -n "$pm" ] || return 0
	while ps -o stat=,args= --ppid "$pm" |
	    grep -q -e '^Z' -e 'postgres: kabar '; do
		n=$((n + 1))
		[ $n -gt 50 ] && return 0
		sleep 0.1
	done
}

# The machine's busy ticks, all cores (/proc/stat: all but idle, iowait).
busy_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' \
	    /proc/stat
}

# conf FILE DATABASE PORT GATEWAYS
conf() {
	cat >"$1" <<CONF
district : { listen = "127.0.0.1:$3"; database = "$2"; };
gateways = ( $("$BIN/loadgen" --print-conf --gateways $4) );
CONF
}

# receiver CONF PORT: starts one, its pid added to RPIDS.
receiver() {
	local i=0 pid
	"$BIN/kabar-district" -c "$1" 2>>"$T/d.log" &
	pid=$!
	RPIDS="$RPIDS $pid"
	until curl -s -o /dev/null "http://127.0.0.1:$2/"; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 $pid 2>/dev/null; then
			echo "the district did not start on port $2"
			tail -20 "$T/d.log"
			exit 1
		fi
		sleep 0.1
	done
}

# Stops the receivers, adding their ticks to RTICKS first.
stop_receivers() {
	local p
	for p in $RPIDS; do
		RTICKS=$((RTICKS + $(ticks $p)))
		kill -TERM $p
		wait $p
	done
	RPIDS=
}

secs() {
	awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }'
}

# load NAME URL GATEWAYS N: loadgen against the receivers already
# started, then the figures; stops the receivers.
load() {
	local name=$1 url=$2 g=$3 n=$4 b0 p0 h0=0 lg b1 p1 h1=0 w0 w
	RTICKS=0
	b0=$(busy_ticks)
	p0=$(pg_ticks)
	[ -n "$HAPROXY_PID" ] && h0=$(ticks $HAPROXY_PID)
	[ -n "$PG_DIR" ] && w0=$(pg_psql_admin -c "SELECT pg_current_wal_lsn()")
	# `times` in the subshell: loadgen's own CPU, as its parent sees it.
	( "$BIN/loadgen" --url "$url" --gateways $g --records-per-gateway $n \
	    --batch 500 --resend-on-error --timeout 120 >"$T/out" 2>"$T/err" ||
	    echo "warning: $name: loadgen exited $?" >&2; times >"$T/times" )
	[ -n "$HAPROXY_PID" ] && h1=$(ticks $HAPROXY_PID)
	stop_receivers
	[ -n "$PG_DIR" ] && pg_settle
	p1=$(pg_ticks)
	b1=$(busy_ticks)
	lg=$(awk -v hz="$HZ" 'NR == 2 { u = $1; s = $2; sub(/s$/, "", u);
	    sub(/s$/, "", s); split(u, a, "m"); split(s, b, "m");
	    printf "%d", (a[1] * 60 + a[2] + b[1] * 60 + b[2]) * hz }' \
	    "$T/times")
	grep -E "^($FIGS):" "$T/out" | sed "s/^/district_${name}_/"
	[ -s "$T/err" ] && sed 's/^/  /' "$T/err" | head -5 >&2
	echo "district_${name}_cpu_receivers: $(secs $RTICKS) s"
	[ -n "$PG_DIR" ] && case $name in pg*)
		echo "district_${name}_cpu_postgres: $(secs $((p1 - p0))) s"
		w=$(pg_psql_admin -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$w0')")
		awk -v w="$w" '/^records_accepted:/ && $2 > 0 {
		    printf "district_'"$name"'_wal_bytes_per_record: %.0f bytes\n",
		    w / $2 }' "$T/out" ;;
	esac
	[ -n "$HAPROXY_PID" ] &&
	    echo "district_${name}_cpu_haproxy: $(secs $((h1 - h0))) s"
	echo "district_${name}_cpu_loadgen: $(secs $lg) s"
	echo "district_${name}_cpu_elsewhere: $(secs $((b1 - b0 - RTICKS - lg - \
	    (p1 - p0) - (h1 - h0)))) s"
}

# One receiver on DATABASE: NAME DATABASE GATEWAYS N.
single() {
	conf "$T/d.conf" "$2" $PORT $3
	receiver "$T/d.conf" $PORT
	load "$1" "http://127.0.0.1:$PORT" $3 $4
}

# A fresh PostgreSQL database of kabar's: its URL. A checkpoint first,
# so that no run pays for the writes of the one before.
pg_db() {
	pg_psql_admin -c "CREATE DATABASE $1 OWNER kabar" -c "CHECKPOINT" \
	    >/dev/null || exit 1
	echo "postgresql://kabar@127.0.0.1:$PG_PORT/$1"
}

# psql_on URL ARGS...: as pg_psql, on that database.
psql_on() {
	local url=$1
	shift
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$url" "$@"
}

echo "district_machine_cores: $(nproc) cores"
echo "district_machine_load_before: $(cut -d' ' -f1 /proc/loadavg) runnable"

for g in 16 200; do
	eval n=\$N$g
	rm -f "$T"/s.db*
	single sqlite_$g "$T/s.db" $g $n
done

if ! pg_available; then
	echo "district_pg: skipped: no PostgreSQL 15 in $PG_BIN" >&2
	exit 0
fi
pg_start || exit 1

url=$(pg_db b16)
single pg_16 "$url" 16 $N16
rows=$(psql_on "$url" -c "SELECT count(*) FROM records")
size=$(psql_on "$url" -c "SELECT pg_total_relation_size('records')")
awk -v s="$size" -v r="$rows" 'BEGIN {
	printf "district_pg_bytes_per_record: %.0f bytes\n", s / r }'
psql_on "$url" -F ' ' -c "SELECT pg_relation_size('records') / count(*),
    avg(octet_length(data::text))::int FROM records" | while read h d; do
	echo "district_pg_heap_bytes_per_record: $h bytes"
	echo "district_pg_data_json_bytes_per_record: $d bytes"
done

# The ceiling: the same rows out, the table emptied, one COPY back in.
psql_on "$url" -c "\\copy records TO '$T/records.copy'" || exit 1
psql_on "$url" -c "TRUNCATE records" || exit 1
pg_psql_admin -c "CHECKPOINT" >/dev/null
s=$(date +%s.%N)
psql_on "$url" -c "\\copy records FROM '$T/records.copy'" || exit 1
e=$(date +%s.%N)
awk -v n="$rows" -v s="$s" -v e="$e" 'BEGIN {
	printf "district_pg_copy_records_per_second: %.0f records/s\n",
	    n / (e - s) }'
rm -f "$T/records.copy"

single pg_200 "$(pg_db b200)" 200 $N200
[ "$N1000" -gt 0 ] && single pg_1000 "$(pg_db b1000)" 1000 $N1000

if ! haproxy_available; then
	echo "district_pg_haproxy2_16: skipped: no $HAPROXY" >&2
	exit 0
fi
url=$(pg_db bha)
conf "$T/r1.conf" "$url" $((PORT + 1)) 16
conf "$T/r2.conf" "$url" $((PORT + 2)) 16
receiver "$T/r1.conf" $((PORT + 1))
receiver "$T/r2.conf" $((PORT + 2))
haproxy_start $PORT $((PORT + 1)) $((PORT + 2)) || exit 1
load pg_haproxy2_16 "http://127.0.0.1:$PORT" 16 $N16
haproxy_stop
