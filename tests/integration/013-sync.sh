# The gateway's sync client against kabar-district: records reach the
# district once each, in signed gzip batches, and are marked done only
# when accepted; updates come back down (a poll opens, a broadcast goes
# out, a complaint's status reaches its resident) and are applied once;
# `kabar sync now` and `kabar status` tell the operator where things are;
# a wrong key is refused loudly and nothing is lost, and the refusal
# leaves status once a sync succeeds.
. tests/integration/common.sh

DPORT=$((PORT + 1))
KEY=key-12345678
start_district $DPORT "{ id = \"test\"; token = \"tok-12345678\"; hmac_key = \"$KEY\"; }"
district() { "$ROOT/$BIN/kabar-district" -c "$T/d.conf" "$@" >/dev/null; }

sync_conf() {
	write_conf "sync : { url = \"http://127.0.0.1:$DPORT/\";
	  token = \"tok-12345678\"; hmac_key = \"$1\"; interval = 5;
	  batch_size = 3; min_backoff = 1; max_backoff = 2; };"
}
sync_conf $KEY

# Records made before the daemon starts go up when it does.
start_gw
for i in 1 2 3 4; do
	inject --from "+62812300000$i" "DAFTAR Warga $i #RT01"
done
inject --from "+6281230000001" "ADUAN jalan rusak di RT01"
pending() { [ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ]; }
five() { [ "$(dsql "SELECT COUNT(*) FROM records")" -ge 5 ]; }
wait_for 20 five || fail "records did not reach the district: $(dsql "SELECT COUNT(*) FROM records")"
wait_for 10 pending || fail "records still pending at the gateway"
[ "$(dsql "SELECT COUNT(*) FROM records")" = "$(sql "SELECT COUNT(*) FROM journal")" ] ||
	fail "district and gateway disagree"
[ "$(dsql "SELECT COUNT(*) FROM records WHERE type = 'registration'")" = 4 ] || fail "registrations"
ticket=$(sql "SELECT number FROM tickets LIMIT 1")

# Updates come down: a poll opens and is sent, a broadcast goes out, the
# complainant hears of the status change.
district update poll '{"code": "AIR", "question": "Air bersih dari mana?", "options": ["Sumur", "PDAM"], "send": true}' --gateway test
district update broadcast '{"text": "Posyandu besok jam 8", "group": "RT01"}'
district update complaint_status "{\"ticket\": \"$ticket\", \"status\": \"diproses\", \"note\": \"tim berangkat\"}"
district update complaint_status '{"ticket": "000000", "status": "selesai"}'
applied() { [ "$(sql "SELECT value FROM meta WHERE key = 'sync.cursor'")" = 4 ]; }
wait_for 20 applied || fail "updates not applied: cursor $(sql "SELECT value FROM meta WHERE key = 'sync.cursor'")"
[ "$(sql "SELECT status FROM polls WHERE code = 'AIR'")" = open ] || fail "poll not open"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast'")" = 4 ] || fail "broadcast to RT01: $(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast'")"
[ "$(sql "SELECT status FROM tickets WHERE number = '$ticket'")" = diproses ] || fail "status"
sql "SELECT text FROM outbox WHERE recipient = '+6281230000001'" | grep -q "tim berangkat" || fail "resident not told"
log_has "passed over (no ticket 000000)" || fail "a bad update was not logged"
# Applied once: a second look at the district changes nothing.
n=$(sql "SELECT COUNT(*) FROM outbox")
kabar sync now >"$T/now" || fail "sync now: $(cat "$T/now")"
grep -q "sinkron selesai" "$T/now" || fail "sync now said: $(cat "$T/now")"
[ "$(sql "SELECT COUNT(*) FROM outbox")" = "$n" ] || fail "updates applied twice"
kabar status >"$T/status" || fail "status"
grep -q "TERAKHIR BERHASIL" "$T/status" && grep -Eq "^0 +- +0 +20" "$T/status" || fail "status: $(cat "$T/status")"
stop_gw
check_log

# A wrong key: refused loudly once, nothing marked, all sent once fixed.
sync_conf wrong-key-000
start_gw
inject --from "+6281230000009" "DAFTAR Telat RT02"
refused() { log_has "DISTRICT SYNC REFUSED"; }
wait_for 20 refused || fail "wrong key not reported"
waiting() { [ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 1 ]; }
wait_for 10 waiting || fail "the new record is not waiting"
kabar sync now >/dev/null 2>&1 && fail "sync now with a wrong key succeeded"
waiting || fail "marked without acceptance"
kabar status | grep -q "refused our credentials (401" || fail "status hides the refusal"
[ "$(grep -c "DISTRICT SYNC REFUSED" "$T/kabard.log")" = 1 ] || fail "said more than once"
stop_gw
sync_conf $KEY
kabar sync now >"$T/now" || fail "sync now after the fix: $(cat "$T/now")"
pending || fail "still pending after the fix"
kabar status | grep -q "refused our" && fail "status still shows the refusal: $(kabar status)"
[ "$(dsql "SELECT COUNT(*) FROM records")" = "$(sql "SELECT COUNT(*) FROM journal")" ] ||
	fail "district and gateway disagree at the end"

# A record the district calls malformed is found by splitting the batch
# and set aside; the ones around it go through.
sql "INSERT INTO journal (type, at, data) VALUES ('vote', 1795400000, '{\"option\":1}'),
  ('bogus', 1795400001, '{}'), ('vote', 1795400002, '{\"option\":2}'),
  ('vote', 1795400003, 'not json'), ('vote', 1795400004, '{\"option\":3}')"
kabar sync now >"$T/now" || fail "sync with a bad record: $(cat "$T/now")"
grep -q "3 catatan diterima, 2 disisihkan" "$T/now" || fail "split: $(cat "$T/now")"
pending || fail "pending after the split"
kabar sync rejected >"$T/rej" || fail "sync rejected"
grep -q "bogus" "$T/rej" && [ "$(grep -c 422 "$T/rej")" = 1 ] || fail "rejected list: $(cat "$T/rej")"
kabar status | grep -Eq "^0 +- +2 " || fail "status does not show the set-aside records"
kabar sync retry | grep -q "^2 catatan" || fail "retry"
kabar sync now >"$T/now"
grep -q "0 catatan diterima, 2 disisihkan" "$T/now" || fail "retry again: $(cat "$T/now")"
kill -TERM $DPID
echo ok
