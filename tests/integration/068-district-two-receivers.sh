# Two district receivers on one PostgreSQL store behind haproxy, as a
# province runs them: three real kabard gateways and the load generator's
# eight send through it while one receiver or the other is killed with
# SIGKILL at random moments and started again. At the end the district
# holds every record once and no gateway has anything pending.
. tests/integration/common.sh
. tests/haproxy.sh
district_on_sqlite && { echo "skip: receivers share a PostgreSQL store"; exit 77; }
haproxy_available || { echo "skip: no haproxy"; exit 77; }

LOADGEN="$ROOT/$BIN/loadgen"
SECRET=test-secret-068
N=3000	# records in each kabard's journal, sent 10 a batch
# A third port of our own, outside common.sh's range (20000-31999).
R1=$((PORT + 1)) R2=$((32000 + $$ % 700))
list=$("$LOADGEN" --print-conf --gateways 8 --secret $SECRET)
for i in 1 2 3; do
	list="$list, { id = \"v$i\"; token = \"tok-v$i-5678\"; hmac_key = \"key-v$i-5678\"; }"
done
start_district $R1 "$list"
PID1=$DPID
sed "s/127.0.0.1:$R1/127.0.0.1:$R2/" "$T/d.conf" >"$T/d2.conf"
# receiver N: start it (again) on its port; its pid in PIDN.
receiver() {
	local conf=$T/d.conf port=$R1
	[ "$1" = 2 ] && conf=$T/d2.conf port=$R2
	"$ROOT/$BIN/kabar-district" -c "$conf" >>"$T/district$1.log" 2>&1 &
	eval PID$1=$!
	BG_PIDS="$BG_PIDS $!"
	wait_for 10 curl -s -o /dev/null "http://127.0.0.1:$port/" ||
	    fail "receiver $1 did not start again: $(tail -3 "$T/district$1.log")"
}
receiver 2
haproxy_start $PORT $R1 $R2 || fail "haproxy did not start"
both_up() { [ "$(haproxy_up)" = 2 ]; }
wait_for 10 both_up || fail "haproxy sees $(haproxy_up) receivers up"

# Village gateway i: its own folder, database and journal of N votes.
for i in 1 2 3; do
	mkdir -p "$T/v$i"
	CONF=$T/v$i/kabar.conf DB=$T/v$i/kabar.db MODEM=$T/v$i/modem write_conf \
	    "sync : { url = \"http://127.0.0.1:$PORT\"; token = \"tok-v$i-5678\";
  hmac_key = \"key-v$i-5678\"; interval = 5; batch_size = 10;
  min_backoff = 1; max_backoff = 2; };"
	sed -i "s/id = \"test\"/id = \"v$i\"/; s/^http : {/http : { enabled = false;/" \
	    "$T/v$i/kabar.conf"
	# kabard creates the database; it is stopped before it can sync.
	"$KABARD" -c "$T/v$i/kabar.conf" >"$T/v$i/kabard.log" 2>&1 &
	pid=$!
	wait_for 20 grep -q "Modem m1 is up" "$T/v$i/kabard.log" ||
	    fail "kabard v$i did not come up"
	kill -TERM $pid
	wait $pid
	sqlite3 "$T/v$i/kabar.db" "DELETE FROM journal; WITH RECURSIVE c(i) AS
	  (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N) INSERT INTO
	  journal (type, at, data) SELECT 'vote', 1795400000 + i,
	  json_object('poll', 'AIR', 'option', i % 3 + 1) FROM c"
done
pending() {
	sqlite3 "$T/v$1/kabar.db" "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL"
}
GWS=
for i in 1 2 3; do
	"$KABARD" -c "$T/v$i/kabar.conf" >>"$T/v$i/kabard.log" 2>&1 &
	GWS="$GWS $!"
done
BG_PIDS="$BG_PIDS $GWS"
timeout $((180 * MULT)) "$LOADGEN" --url "http://127.0.0.1:$PORT" \
    --gateways 8 --secret $SECRET --batch 100 --resend-on-error \
    --seconds 10 >"$T/figures" 2>&1 &
LPID=$!
BG_PIDS="$BG_PIDS $LPID"

# SIGKILL to one receiver or the other while anything is being sent.
none() { [ "$(pending 1)$(pending 2)$(pending 3)" = 000 ]; }
kills=0
while { kill -0 $LPID 2>/dev/null || ! none; } && [ $kills -lt 20 ]; do
	sleep 0.$(( $(od -An -N1 -tu1 /dev/urandom) % 9 + 1 ))
	r=$(( $(od -An -N1 -tu1 /dev/urandom) % 2 + 1 ))
	eval pid=\$PID$r
	kill -KILL $pid
	wait $pid 2>/dev/null
	kills=$((kills + 1))
	receiver $r
done
wait $LPID || { cat "$T/figures"; fail "loadgen exited $?"; }
grep -q '^records_never_accepted: 0 ' "$T/figures" || fail "$(cat "$T/figures")"
wait_for 90 none || fail "still pending at the gateways: $(pending 1) $(pending 2) $(pending 3)"
kill -TERM $GWS
echo "killed a receiver $kills times; $(grep -h -c 'Batch from' "$T"/district*.log | paste -sd+ | bc) batches"

# Every record once: the load generator's as it counted them, each
# village's exactly as its journal holds them.
sent=$(sed -n 's/^records_accepted: \([0-9]*\) .*/\1/p' "$T/figures")
[ "$(dsql "SELECT COUNT(*) FROM records WHERE gateway LIKE 'g%'")" = "$sent" ] ||
	fail "loadgen's records: $(dsql "SELECT COUNT(*) FROM records WHERE gateway LIKE 'g%'") held, $sent accepted"
for i in 1 2 3; do
	sqlite3 "$T/v$i/kabar.db" "SELECT 'v$i:' || (SELECT id FROM store_ids WHERE
	  since <= seq ORDER BY since DESC LIMIT 1) || '-' || seq FROM journal
	  ORDER BY 1" >"$T/ours$i"
	dsql "SELECT id FROM records WHERE gateway = 'v$i' ORDER BY 1" >"$T/theirs$i"
	[ "$(wc -l <"$T/ours$i")" = $N ] && cmp -s "$T/ours$i" "$T/theirs$i" ||
		fail "village v$i: $(wc -l <"$T/theirs$i") held of $N: $(diff "$T/ours$i" "$T/theirs$i" | head -5)"
done
grep -h -E ' (ERROR|fatal)' "$T"/district*.log && fail "errors in a receiver's log"
haproxy_stop
echo ok
