# Record ids are never reused: a database made anew (a new SD card) gets
# an identity of its own, so its records do not pass for the old ones; a
# restored backup that reuses ids is answered with conflicts and sends
# those records again under a new identity. At the end the district
# holds every record the village made, each once.
. tests/integration/common.sh

DPORT=$((PORT + 1))
KEY=key-12345678
start_district $DPORT "{ id = \"test\"; token = \"tok-12345678\"; hmac_key = \"$KEY\"; }"
write_conf "sync : { url = \"http://127.0.0.1:$DPORT/\";
  token = \"tok-12345678\"; hmac_key = \"$KEY\"; interval = 5;
  batch_size = 3; min_backoff = 1; max_backoff = 2; };"
synced() { [ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ]; }
held() { [ "$(dsql "SELECT COUNT(*) FROM records")" = "$1" ]; }
complain() {	# complain N TEXT...: N complaints from different phones
	n=$1; shift
	for i in $(seq 1 "$n"); do
		inject --from "+6281230001$i$n" "ADUAN $* nomor $i"
	done
}

start_gw
complain 3 jalan rusak
wait_for 20 held 3 || fail "first records: $(dsql "SELECT id FROM records")"
wait_for 10 synced || fail "first records still pending"
dsql "SELECT id FROM records" | grep -Eq '^test:[0-9a-f]{12}-[0-9]+$' ||
	fail "ids carry no identity: $(dsql "SELECT id FROM records")"
stop_gw
cp "$DB" "$T/backup.db"

# Two more; then the card is lost and a new database starts.
start_gw
complain 2 lampu mati
wait_for 20 held 5 || fail "two more did not arrive"
stop_gw
rm -f "$DB" "$DB-wal" "$DB-shm"
start_gw
complain 2 sampah menumpuk
wait_for 20 held 7 || fail "a new database's records were taken for old ones: $(dsql "SELECT id FROM records")"
wait_for 10 synced || fail "the new database's records still pending"
stop_gw

# The backup of before comes back: its next seqs clash with what the
# district already holds; they go again under a new identity.
cp "$T/backup.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
start_gw
complain 2 air keruh
wait_for 30 held 9 || fail "records of a restored backup lost: $(dsql "SELECT id, data FROM records")"
wait_for 10 synced || fail "a restored backup's records still pending"
log_has "holds record .* with other content" || fail "the clash is not told"
[ "$(dsql "SELECT COUNT(*) FROM records WHERE data LIKE '%air keruh%'")" = 2 ] ||
	fail "the restored backup's complaints are not all at the district"
[ "$(dsql "SELECT COUNT(DISTINCT substr(id, 1, instr(id, '-'))) FROM records")" = 3 ] ||
	fail "not three identities: $(dsql "SELECT id FROM records")"
stop_gw
