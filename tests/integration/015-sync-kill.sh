# Exactly once across crashes: kabard is killed with SIGKILL at random
# moments while it sends 4,000 records to kabar-district in small batches,
# and started again each time. At the end the district holds every record
# once and the gateway has nothing pending.
# One store is enough: this is about the gateway's crashes; 068 kills receivers on PostgreSQL.
. tests/integration/common.sh

DPORT=$((PORT + 1))
# Batches of 3 to catch up on 4,000 records: far more requests a
# minute than a gateway's sane share.
start_district $DPORT "{ id = \"test\"; token = \"tok-12345678\"; hmac_key = \"k-12345678\"; }" \
    "requests_per_minute = 100000;"

write_conf "sync : { url = \"http://127.0.0.1:$DPORT\"; token = \"tok-12345678\";
  hmac_key = \"k-12345678\"; interval = 5; batch_size = 3; min_backoff = 1;
  max_backoff = 2; };"
# kabard creates the database on its first start; kabar never does.
start_gw
stop_gw
sql "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c
  WHERE i < 4000) INSERT INTO journal (type, at, data) SELECT 'vote',
  1795400000 + i, json_object('poll', 'AIR', 'option', i % 3 + 1) FROM c"

pending() { sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL"; }
kills=0
for round in 1 2 3 4 5 6 7 8; do
	start_gw
	sleep 0.$(( $(od -An -N1 -tu1 /dev/urandom) % 4 + 1 ))
	kill -KILL "$GW_PID"
	wait "$GW_PID" 2>/dev/null
	GW_PID=
	kills=$((kills + 1))
	[ "$(pending)" = 0 ] && break
done
echo "killed $kills times, $(pending) pending, $(dsql "SELECT COUNT(*) FROM records") at the district, $(grep -c "Batch from" "$T/district.log") batches"
start_gw
none() { [ "$(pending)" = 0 ]; }
wait_for 60 none || fail "still pending: $(pending)"
stop_gw
[ "$(dsql "SELECT COUNT(*) FROM records")" = 4000 ] || fail "district holds $(dsql "SELECT COUNT(*) FROM records")"
sql "SELECT 'test:' || (SELECT id FROM store_ids WHERE since <= seq ORDER BY since DESC LIMIT 1) || '-' || seq FROM journal ORDER BY 1" >"$T/ours"
dsql "SELECT id FROM records ORDER BY 1" >"$T/theirs"
cmp -s "$T/ours" "$T/theirs" || fail "ids differ"
[ "$(dsql "SELECT COUNT(*) FROM records WHERE type = 'vote' AND data LIKE '%AIR%'")" = 4000 ] || fail "data lost"
echo ok
