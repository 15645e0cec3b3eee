# loadgen, the many gateways of the district's tests and figures, against
# today's kabar-district: 4 gateways x 2,000 records all accepted and
# stored once (the report counts them per gateway and type); sent again
# under the same ids, accepted again and still stored once; continued
# with --start-seq; and a district killed mid-run and started again: what
# was not answered is sent again until everything is stored, once.
. tests/integration/common.sh

LOADGEN="$ROOT/$BIN/loadgen"
[ -x "$LOADGEN" ] || fail "no $LOADGEN (make all builds it)"
SECRET=test-secret-064

gateways=$("$LOADGEN" --print-conf --gateways 4 --secret $SECRET)
[ -n "$gateways" ] || fail "loadgen printed no credentials"
start_district $PORT "$gateways"
URL="http://127.0.0.1:$PORT"

# load ARGS...: loadgen with our 4 gateways, figures into $T/figures.
load() {
	timeout $((120 * MULT)) "$LOADGEN" --url "$URL/" --gateways 4 \
	    --secret $SECRET --batch 500 --resend-on-error "$@" \
	    >"$T/figures" 2>&1
}
figure() {
	sed -n "s/^$1: \([0-9.]*\) .*/\1/p" "$T/figures"
}

# report_has GATEWAY TYPE COUNT
report_has() {
	"$ROOT/$BIN/kabar-district" -c "$T/d.conf" report >"$T/report" ||
	    fail "report failed"
	grep -q "^$1  $2  $3  last sync " "$T/report"
}

# stored_once PER_GATEWAY: the report and the table agree, each id once.
stored_once() {
	local g
	for g in g001 g002 g003 g004; do
		report_has $g complaint $(($1 / 5)) &&
		    report_has $g registration $(($1 / 10)) &&
		    report_has $g vote $(($1 * 7 / 10)) ||
		    fail "$g: not $1 records: $(cat "$T/report")"
	done
	[ "$(dsql "SELECT COUNT(*) = COUNT(DISTINCT id) AND COUNT(*) = \
	    4 * $1 FROM records")" = 1 ] || fail "records stored twice or lost"
}

load --records-per-gateway 2000 || { cat "$T/figures"; fail "loadgen exited $?"; }
[ "$(figure records_accepted)" = 8000 ] || fail "accepted: $(cat "$T/figures")"
[ "$(figure records_never_accepted)" = 0 ] || fail "$(cat "$T/figures")"
grep -q '^records_per_second: [0-9]* records/s$' "$T/figures" ||
    fail "no records_per_second: $(cat "$T/figures")"
grep -q '^batch_p99_ms: [0-9]* ms$' "$T/figures" || fail "no batch_p99_ms"
stored_once 2000
echo "ok 4 gateways x 2000 records stored once"

# The same ids again (a gateway that never heard the answers).
load --records-per-gateway 2000 || fail "loadgen again exited $?"
[ "$(figure records_accepted)" = 8000 ] || fail "again: $(cat "$T/figures")"
[ "$(figure records_conflicting)" = 0 ] || fail "conflicts: $(cat "$T/figures")"
stored_once 2000
echo "ok the same records again: accepted, stored once"

load --records-per-gateway 500 --start-seq 2001 || fail "loadgen --start-seq"
stored_once 2500
echo "ok --start-seq continues"

# The district dies while batches are on the wire (SIGKILL: no answer,
# connections reset) and comes back; loadgen sends again until done.
timeout $((120 * MULT)) "$LOADGEN" --url "$URL" --gateways 4 \
    --secret $SECRET --batch 100 --resend-on-error --start-seq 2501 \
    --records-per-gateway 25000 >"$T/figures" 2>&1 &
LPID=$!
BG_PIDS="$BG_PIDS $LPID"
batches() {
	[ "$(grep -c 'Batch from' "$T/district.log")" -gt "$1" ]
}
seen=$(grep -c 'Batch from' "$T/district.log")
wait_for 30 batches $((seen + 8)) || fail "no batches reached the district"
kill -KILL $DPID
wait $DPID 2>/dev/null
cp "$T/district.log" "$T/district.log.1"
start_district $PORT "$gateways"
wait $LPID || { cat "$T/figures"; fail "loadgen across the restart exited $?"; }
[ "$(figure records_never_accepted)" = 0 ] || fail "$(cat "$T/figures")"
[ "$(figure connection_failures)" -gt 0 ] ||
    fail "the district's death went unseen: $(cat "$T/figures")"
stored_once 27500
echo "ok a district killed mid-run: everything stored once"

echo ok
