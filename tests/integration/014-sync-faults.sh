# The sync client against a district that misbehaves (tests/faultd): 500,
# 429 and 503 with Retry-After, a server that hangs, one that drips a byte a
# second, a connection reset mid-answer, a 200 with garbage, "accepted"
# lists that omit ids, name ids never sent or name them twice, and a
# district clock two hours off. Through all of it the gateway marks a
# record done only when the district named it, waits as it was told, and
# ends with nothing pending and every record at the district.
. tests/integration/common.sh

DPORT=$((PORT + 1))
cat >"$T/plan" <<'PLAN'
status 500
status 429 3
hang
drip
reset
garbage
omit 2
unknown
dup
status 503 3
skew 7200
PLAN
"$ROOT/$BIN/faultd" $DPORT "$T/plan" "$T/faultd.log" 2>"$T/faultd.err" &
BG_PIDS="$BG_PIDS $!"
write_conf "sync : { url = \"http://127.0.0.1:$DPORT\"; token = \"t-1234\";
  hmac_key = \"k-1234\"; interval = 5; batch_size = 4; min_backoff = 1;
  max_backoff = 2; connect_timeout = 2; timeout = 5; low_speed_time = 2;
  low_speed_limit = 20; };"
start_gw
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	inject --from "+6281230000$((10 + i))" "DAFTAR Warga $i #RT01"
done
twelve() { [ "$(sql "SELECT COUNT(*) FROM journal")" = 12 ]; }
wait_for 10 twelve || fail "records were not made"
pending() { [ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ]; }
wait_for 90 pending || fail "still pending: $(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL"); faultd: $(cat "$T/faultd.log")"

# Every record reached the district, and only what it named is done.
sql "SELECT 'test:' || (SELECT id FROM store_ids WHERE since <= seq ORDER BY since DESC LIMIT 1) || '-' || seq FROM journal ORDER BY 1" >"$T/ours"
sort -u "$T/faultd.log.ids" >"$T/theirs"
cmp -s "$T/ours" "$T/theirs" || fail "district and gateway disagree: $(diff "$T/ours" "$T/theirs")"
for what in "answered 500" "answered 429" "answered 503" \
    "too slow\|timed out" "reset by peer" 'without an "accepted" list' \
    "off the district's"; do
	log_has "$what" || fail "no log of: $what"
done
log_has "DISTRICT SYNC REFUSED" && fail "the clock was not corrected"
# The 429 asked for 3 s; the next request came no sooner.
t429=$(awk '$2 == "status" && $3 == 429 { print $1 }' "$T/faultd.log")
tnext=$(awk -v t="$t429" '$1 > t { print $1; exit }' "$T/faultd.log")
[ $((tnext - t429)) -ge 2900 ] || fail "Retry-After not honoured: $((tnext - t429)) ms"
# So did the 503 (a busy district, CONTRACT section 8).
t503=$(awk '$2 == "status" && $3 == 503 { print $1 }' "$T/faultd.log")
tnext=$(awk -v t="$t503" '$1 > t { print $1; exit }' "$T/faultd.log")
[ $((tnext - t503)) -ge 2900 ] || fail "Retry-After of a 503 not honoured: $((tnext - t503)) ms"
kill -0 "$GW_PID" || fail "kabard died"
stop_gw
echo ok
