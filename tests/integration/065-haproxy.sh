# tests/haproxy.sh in front of two district receivers sharing one
# database: both seen up, batches spread over both, and a receiver killed
# mid-run is skipped (its batches in flight go to the other or are sent
# again by the gateways) with every record stored once.
# One store is enough: this is about the load balancer; 068 runs two receivers on PostgreSQL.
. tests/integration/common.sh
. tests/haproxy.sh
haproxy_available || { echo "skip: no haproxy"; exit 77; }

LOADGEN="$ROOT/$BIN/loadgen"
SECRET=test-secret-065
# A third port of our own, outside common.sh's range (20000-31999).
R2=$((32000 + $$ % 700))
gateways=$("$LOADGEN" --print-conf --gateways 4 --secret $SECRET)
start_district $((PORT + 1)) "$gateways"
R1PID=$DPID
sed "s/127.0.0.1:$((PORT + 1))/127.0.0.1:$R2/" "$T/d.conf" >"$T/d2.conf"
"$ROOT/$BIN/kabar-district" -c "$T/d2.conf" >"$T/district2.log" 2>&1 &
R2PID=$!
BG_PIDS="$BG_PIDS $R2PID"
wait_for 10 curl -s -o /dev/null "http://127.0.0.1:$R2/" ||
    fail "the second receiver did not start"

haproxy_start $PORT $((PORT + 1)) $R2 || fail "haproxy did not start"
both_up() { [ "$(haproxy_up)" = 2 ]; }
wait_for 10 both_up || fail "haproxy sees $(haproxy_up) receivers up"
echo "ok haproxy sees both receivers"

timeout $((120 * MULT)) "$LOADGEN" --url "http://127.0.0.1:$PORT" \
    --gateways 4 --secret $SECRET --batch 100 --resend-on-error \
    --records-per-gateway 25000 >"$T/figures" 2>&1 &
LPID=$!
BG_PIDS="$BG_PIDS $LPID"
batches() { [ "$(grep -c 'Batch from' "$T/district2.log")" -gt 4 ]; }
wait_for 30 batches || fail "no batch reached the second receiver"
kill -KILL $R2PID
one_up() { [ "$(haproxy_up)" = 1 ]; }
wait_for 10 one_up || fail "haproxy still sees $(haproxy_up) receivers up"
wait $LPID || { cat "$T/figures"; fail "loadgen exited $?"; }
grep -q '^records_never_accepted: 0 ' "$T/figures" || fail "$(cat "$T/figures")"
[ "$(dsql "SELECT COUNT(*) = 100000 AND COUNT(DISTINCT id) = 100000 \
    FROM records")" = 1 ] || fail "not 100000 records once: $(dsql \
    "SELECT COUNT(*), COUNT(DISTINCT id) FROM records")"
grep -q 'receivers/r1 ' "$HAPROXY_DIR/log" &&
    grep -q 'receivers/r2 ' "$HAPROXY_DIR/log" ||
    fail "batches did not go to both receivers"
echo "ok a receiver killed mid-run: skipped, every record stored once"
haproxy_stop
echo ok
