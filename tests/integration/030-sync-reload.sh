# Mending the district credentials brings the sync back at once: with a
# wrong token the district refuses (401 in the log and in `kabar status`);
# the fixed configuration and a SIGHUP make the next attempt now rather
# than max_backoff (an hour here) later, and the success clears the error
# that status shows.
# One store is enough: this is about the gateway's reload.
. tests/integration/common.sh

DPORT=$((PORT + 1))
start_district $DPORT '{ id = "test"; token = "tok-12345678"; hmac_key = "key-12345678"; }'
sync_conf() {
	write_conf "sync : { url = \"http://127.0.0.1:$DPORT/\";
	  token = \"$1\"; hmac_key = \"key-12345678\"; interval = 5;
	  min_backoff = 1; max_backoff = 3600; };"
}
status_says() { kabar status | grep -q "$1"; }

sync_conf tok-wrong-0000
start_gw
inject --from "+6281230000001" "DAFTAR Warga Satu #RT01"
wait_for 20 log_has "DISTRICT SYNC REFUSED.*401" || fail "the wrong token was not reported"
wait_for 5 status_says "refused our credentials (401" ||
	fail "status does not show the refusal: $(kabar status)"

sync_conf tok-12345678
kill -HUP "$GW_PID"
arrived() { [ "$(dsql "SELECT COUNT(*) FROM records" 2>/dev/null)" -ge 1 ]; }
wait_for 10 arrived || fail "records did not reach the district after the fix"
log_has "sync settings changed; trying now" || fail "the reset was not logged"
wait_for 5 sh -c "! '$KABAR' -c '$CONF' status | grep -q 'refused our'" ||
	fail "status still shows the refusal: $(kabar status)"
[ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ] ||
	fail "records still pending"
stop_gw
grep -v "DISTRICT SYNC REFUSED" "$T/kabard.log" >"$T/rest.log"
grep -E ' (ERROR|fatal)' "$T/rest.log" && fail "errors in the log"
echo ok
