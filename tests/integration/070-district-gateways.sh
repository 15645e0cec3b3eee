# Gateways registered in the district's store: a receiver with none
# starts and says so; `gateway add` prints credentials once and a real
# kabard configured with them syncs; `gateway list` shows its release,
# records and last contact; updates queued before it joined are not its,
# the campaigns still open are;
# the configuration's gateways are imported once (a restart imports
# nothing); a batch of the previous release (no X-Kabar-Release, plain
# ids) is accepted and listed as such; over its requests a minute a
# gateway gets 429 with Retry-After; a revoked gateway is refused, and
# both logs say so.
. tests/integration/common.sh

DPORT=$((PORT + 1))
URL="http://127.0.0.1:$DPORT"
district() { "$ROOT/$BIN/kabar-district" -c "$T/d.conf" "$@"; }

district_down() {
	kill -TERM $DPID
	wait $DPID 2>/dev/null
}
dlog() { grep -c "$1" "$T/district.log"; }

# No gateways anywhere: it starts, and says every request is refused.
start_district $DPORT ""
grep -q "No gateway may send yet" "$T/district.log" || fail "no word about no gateways: $(cat "$T/district.log")"
district gateway list | grep -q "(no gateways" || fail "empty list: $(district gateway list)"
district_down

# The configuration's gateway is imported on start, once.
OLD='{ id = "old"; token = "tok-old-1234"; hmac_key = "key-old-1234"; }'
LIMIT="requests_per_minute = 40;"
start_district $DPORT "$OLD" "$LIMIT"
[ "$(dlog "Imported 1 gateway from $T/d.conf into the store")" = 1 ] || fail "import not said: $(cat "$T/district.log")"
[ "$(dsql "SELECT source FROM gateways WHERE id = 'old'")" = config ] || fail "imported gateway's source"
# An update for every gateway queued before `test` joins is not its.
district update broadcast '{"text": "Sebelum bergabung", "group": "RT01"}' >/dev/null || fail "update before"

# A campaign still open for every village is the new gateway's too.
echo '{"code": "AIR", "question": "Air dari mana?", "options": ["Sumur", "PDAM"], "closes_at": "2099-12-08T10:00:00Z"}' |
	district campaign poll - --gateways all >/dev/null || fail "campaign"

district gateway add test --name "Desa Uji" --region Mojo >"$T/add" 2>"$T/add.err" || fail "add: $(cat "$T/add")"
grep -q "joins 1 campaign still open" "$T/add.err" || fail "add did not join the open campaign: $(cat "$T/add.err")"
grep -q "shown this once" "$T/add" || fail "add does not say the credentials are shown once"
TOKEN=$(sed -n 's/^ *token = "\([0-9a-f]*\)";$/\1/p' "$T/add")
KEY=$(sed -n 's/^ *hmac_key = "\([0-9a-f]*\)";$/\1/p' "$T/add")
[ ${#TOKEN} = 64 ] && [ ${#KEY} = 64 ] || fail "credentials: $(cat "$T/add")"
[ "$(dsql "SELECT COUNT(*) FROM gateways WHERE token_hash = '$TOKEN'")" = 0 ] || fail "the token is stored as it is"
[ "$(dsql "SELECT token_hash FROM gateways WHERE id = 'test'")" = "$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)" ] ||
	fail "the token's hash is not its SHA-256"
district gateway add test 2>"$T/err" && fail "an id taken was added again"
grep -q "already" "$T/err" || fail "taken id: $(cat "$T/err")"
district gateway add 'bad id!' 2>"$T/err"; [ $? = 2 ] || fail "a malformed id was not a usage error"
grep -q "letters, digits, - and _" "$T/err" || fail "malformed id: $(cat "$T/err")"

# A real gateway with them syncs.
write_conf "sync : { url = \"$URL/\"; token = \"$TOKEN\"; hmac_key = \"$KEY\";
  interval = 5; batch_size = 50; min_backoff = 1; max_backoff = 2; };"
start_gw
for i in 1 2 3; do
	inject --from "+62812300000$i" "DAFTAR Warga $i #RT01"
done
all_there() {
	[ "$(dsql "SELECT COUNT(*) FROM records WHERE type = 'registration'")" = 3 ] &&
	    [ "$(dsql "SELECT COUNT(*) FROM records WHERE gateway = 'test'")" = "$(sql "SELECT COUNT(*) FROM journal")" ] &&
	    [ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" = 0 ]
}
wait_for 20 all_there || fail "records did not reach the district"
district update broadcast '{"text": "Sesudah bergabung", "group": "RT01"}' >/dev/null || fail "update after"
after() { [ "$(sql "SELECT COUNT(*) FROM broadcasts WHERE text = 'Sesudah bergabung'")" = 1 ]; }
wait_for 20 after || fail "the update queued after joining did not come"
[ "$(sql "SELECT COUNT(*) FROM polls WHERE code = 'AIR'")" = 1 ] || fail "the open campaign did not reach the new gateway"
[ "$(sql "SELECT text FROM broadcasts")" = "Sesudah bergabung" ] ||
	fail "an update queued before the gateway joined reached it: $(sql "SELECT text FROM broadcasts")"
n=$(dsql "SELECT COUNT(*) FROM records WHERE gateway = 'test'")
release=$("$ROOT/$BIN/kabar-district" --version | cut -d' ' -f2)
rel_re=$(printf %s "$release" | sed 's/[.+]/\\&/g')
district gateway list >"$T/list" || fail "list"
head -1 "$T/list" | grep -Eq "^ID +NAME +REGION +RELEASE +LAST CONTACT +RECORDS +NEWEST +STATE$" || fail "list header: $(cat "$T/list")"
grep -Eq "^test +Desa Uji +Mojo +$rel_re +[0-9]+ s ago +$n +[0-9]+ (s|min) +ok$" "$T/list" || fail "list row: $(cat "$T/list")"
grep -Eq "^old +- +- +- +never +0 +- +never$" "$T/list" || fail "imported row: $(cat "$T/list")"
district gateway list --json | grep -q "\"id\":\"test\",.*\"release\":\"$release\",.*\"records\":$n," ||
	fail "list --json: $(district gateway list --json)"
[ "$(dsql "SELECT records FROM gateways WHERE id = 'test'")" = "$n" ] || fail "records counted"
kabar sync now >/dev/null 2>&1
[ "$(dsql "SELECT records FROM gateways WHERE id = 'test'")" = "$(dsql "SELECT COUNT(*) FROM records WHERE gateway = 'test'")" ] ||
	fail "records counted: $(dsql "SELECT records FROM gateways WHERE id = 'test'")"

# A restart imports nothing again; the store keeps the gateways.
district_down
start_district $DPORT "$OLD" "$LIMIT"
[ "$(dlog "Imported")" = 0 ] || fail "imported again: $(grep Imported "$T/district.log")"

# post GATEWAY TOKEN KEY FILE [RELEASE]: the HTTP code; headers in
# $T/answer.h.
post() {
	DGW=$1 DTOKEN=$2 DRELEASE=${5:-}
	district_post "$4" "$3"
}

# The previous release's batch: no release header, ids GATEWAY:SEQ.
cat >"$T/prev.json" <<'JSON'
{"gateway": "old", "batch": "7", "records": [
 {"id": "old:1", "type": "complaint", "at": "2026-11-22T10:00:00Z", "data": {"ticket": "123455"}},
 {"id": "old:2", "type": "vote", "at": "2026-11-22T10:05:00Z", "data": {"poll": "AIR", "option": 2}}]}
JSON
[ "$(post old tok-old-1234 key-old-1234 "$T/prev.json")" = 200 ] || fail "previous release's batch: $(cat "$T/answer")"
grep -q '"accepted":\["old:1","old:2"\]' "$T/answer" || fail "previous release's ids: $(cat "$T/answer")"
# Sent again (its answer lost): accepted again, counted once.
[ "$(post old tok-old-1234 key-old-1234 "$T/prev.json")" = 200 ] || fail "again: $(cat "$T/answer")"
grep -q '"accepted":\["old:1","old:2"\]' "$T/answer" || fail "again: $(cat "$T/answer")"
district gateway list | grep -Eq "^old +- +- +older +[0-9]+ s ago +2 +[0-9]+ d +ok$" ||
	fail "previous release not listed: $(district gateway list)"
[ "$(dsql "SELECT newest_at FROM gateways WHERE id = 'old'")" = 2026-11-22T10:05:00Z ] || fail "newest_at"

# Not heard from for more than --quiet-hours: quiet.
dsql "UPDATE gateways SET last_contact = last_contact - 7300 WHERE id = 'old'" >/dev/null
district gateway list --quiet-hours 2 | grep -Eq "^old +- +- +older +2 h ago +2 +[0-9]+ d +quiet$" ||
	fail "quiet not marked: $(district gateway list --quiet-hours 2)"
district gateway list | grep -Eq "^old .* ok$" || fail "quiet within the default 24 h"

# Over its requests a minute: 429 with Retry-After.
codes=
i=0
while [ $i -lt 90 ]; do
	i=$((i + 1))
	codes="$codes $(post old tok-old-1234 key-old-1234 "$T/prev.json" 0.9.0)"
	case $codes in *429*) break ;; esac
done
case $codes in *429*) ;; *) fail "never limited: $codes" ;; esac
grep -Eiq "^Retry-After: [0-9]+" "$T/answer.h" || fail "429 without Retry-After: $(cat "$T/answer.h")"
ra=$(sed -n 's/^[Rr]etry-[Aa]fter: \([0-9]*\).*/\1/p' "$T/answer.h")
[ "$ra" -ge 1 ] && [ "$ra" -le 60 ] || fail "Retry-After $ra"
[ "$(dsql "SELECT release FROM gateways WHERE id = 'old'")" = 0.9.0 ] || fail "release from the header"

# Revoked: refused from then on, loudly on both sides; nothing lost.
district gateway revoke test | grep -q "revoked" || fail "revoke"
district gateway revoke nobody 2>/dev/null && fail "revoking no gateway succeeded"
inject --from "+6281230000009" "DAFTAR Telat #RT02"
refused() { log_has "DISTRICT SYNC REFUSED"; }
wait_for 20 refused || fail "the gateway did not say it was refused"
grep -q "GATEWAY REVOKED: 'test'" "$T/district.log" || fail "the district did not say: $(tail -5 "$T/district.log")"
[ "$(sql "SELECT COUNT(*) FROM journal WHERE synced_at IS NULL")" -ge 1 ] || fail "a refused record was marked"
district gateway list | grep -Eq "^test .* revoked$" || fail "revoked not marked: $(district gateway list)"
[ "$(dsql "SELECT COUNT(*) FROM gateway_keys WHERE gateway = 'test'")" = 0 ] || fail "a revoked gateway's key stays"
district gateway list --quiet-hours 0 2>/dev/null && fail "--quiet-hours 0 accepted"
stop_gw
district_down
echo ok
