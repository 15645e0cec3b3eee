# Shared by the district console's tests (084, 085), after common.sh: a
# district with its console on PORT + 1 and two officers, two villages
# that sent complaints, statuses and votes as signed batches, and curl
# helpers keeping each officer's cookie jar and CSRF token.

OFFICER_PW="kabupaten-rahasia"
OTHER_PW="camat-kubu-rahasia"
CPORT=$((PORT + 1))
URL="http://127.0.0.1:$CPORT"
DURL="http://127.0.0.1:$PORT"

# The text after `gateways = (` for start_district: three villages, then
# the console's address and its two officers.
district_console_settings() {
	local h1 h2
	h1=$(printf '%s\n' "$OFFICER_PW" | "$KABAR" password-hash) || fail "password-hash"
	h2=$(printf '%s\n' "$OTHER_PW" | "$KABAR" password-hash) || fail "password-hash"
	cat <<CONF
{ id = "leksono"; token = "tok-leksono-1"; hmac_key = "key-leksono-1"; },
  { id = "sungai"; token = "tok-sungai-12"; hmac_key = "key-sungai-12"; },
  { id = "diam"; token = "tok-diam-1234"; hmac_key = "key-diam-1234"; } );
http = { listen = "127.0.0.1:$CPORT"; };
officers = ( { phone = "081200000001"; name = "Dinas <Kominfo>"; password_hash = "$h1"; },
  { phone = "+6281300000002"; name = "Camat"; password_hash = "$h2"; }
CONF
}
# After start_district: the console answers.
wait_console() {
	wait_for 10 curl -sf -o /dev/null "$URL/" || {
		cat "$T/district.log"; fail "the district console did not start"; }
}
# restart_district: stopped and started again on the same settings.
restart_district() {
	kill -TERM "$DPID"
	wait_for 10 sh -c "! kill -0 $DPID" || fail "the district did not stop"
	"$ROOT/$BIN/kabar-district" -c "$T/d.conf" >>"$T/district.log" 2>&1 &
	DPID=$!
	BG_PIDS="$BG_PIDS $DPID"
	wait_console
}

# batch GATEWAY FILE.json: posts it signed as that gateway; the code.
batch() {
	local key tok
	case $1 in
	leksono) key=key-leksono-1 tok=tok-leksono-1 ;;
	sungai) key=key-sungai-12 tok=tok-sungai-12 ;;
	*) key=key-diam-1234 tok=tok-diam-1234 ;;
	esac
	gzip -c "$2" >"$T/body.gz"
	ts=$(date +%s)
	sig=$( { printf '%s.' "$ts"; cat "$T/body.gz"; } |
	    openssl dgst -sha256 -hmac "$key" -r | cut -d' ' -f1)
	curl -s -o "$T/answer" -w '%{http_code}' -H "Content-Type: application/json" \
	    -H "Content-Encoding: gzip" -H "Authorization: Bearer $tok" \
	    -H "X-Kabar-Gateway: $1" -H "X-Kabar-Timestamp: $ts" \
	    -H "X-Kabar-Signature: $sig" --data-binary @"$T/body.gz" "$DURL/v1/batches"
}

# iso SECONDS_AGO: that moment, as records carry it.
iso() { date -u -d "@$(( $(date +%s) - $1 ))" +%Y-%m-%dT%H:%M:%SZ; }

# The villages' records: in leksono three complaints (one 40 days old,
# one closed, one with markup in it), in sungai two (one moved to
# another category, one with a spreadsheet formula), and votes.
district_console_seed() {
	cat >"$T/l.json" <<JSON
{"gateway": "leksono", "batch": "l1", "records": [
 {"id": "leksono:ab12cd34-1", "type": "complaint", "at": "$(iso 3456000)",
  "data": {"ticket": "100001", "text": "Jembatan putus sejak lama", "category": "PU", "status": "baru"}},
 {"id": "leksono:ab12cd34-2", "type": "complaint", "at": "$(iso 7200)",
  "data": {"ticket": "100002", "text": "<script>alert(1)</script> jalan <b>rusak</b>", "category": "PU", "status": "baru"}},
 {"id": "leksono:ab12cd34-3", "type": "complaint", "at": "$(iso 200000)",
  "data": {"ticket": "100003", "text": "Air mati", "category": "PDAM", "status": "baru"}},
 {"id": "leksono:ab12cd34-4", "type": "complaint_status", "at": "$(iso 100000)",
  "data": {"ticket": "100003", "status": "diproses", "by": "+6281200000009"}},
 {"id": "leksono:ab12cd34-5", "type": "complaint_status", "at": "$(iso 50000)",
  "data": {"ticket": "100003", "status": "selesai", "note": "sudah", "by": "+6281200000009"}},
 {"id": "leksono:ab12cd34-6", "type": "vote", "at": "$(iso 600)",
  "data": {"poll": "AIR", "option": 1, "voter": "aaaa0000aaaa0000aaaa0000aaaa0001"}},
 {"id": "leksono:ab12cd34-7", "type": "vote", "at": "$(iso 500)",
  "data": {"poll": "AIR", "option": 2, "voter": "aaaa0000aaaa0000aaaa0000aaaa0002"}}]}
JSON
	[ "$(batch leksono "$T/l.json")" = 200 ] || fail "leksono's batch: $(cat "$T/answer")"
	cat >"$T/s.json" <<JSON
{"gateway": "sungai", "batch": "s1", "records": [
 {"id": "sungai:cd34ef56-1", "type": "complaint", "at": "$(iso 900000)",
  "data": {"ticket": "200001", "text": "Lampu jalan mati", "category": null, "status": "baru"}},
 {"id": "sungai:cd34ef56-2", "type": "complaint_status", "at": "$(iso 800000)",
  "data": {"ticket": "200001", "status": "diproses", "category": "PLN", "by": "+6281200000008"}},
 {"id": "sungai:cd34ef56-3", "type": "complaint", "at": "$(iso 300)",
  "data": {"ticket": "200002", "text": "=HYPERLINK(\"http://x\")", "category": "PU", "status": "baru"}},
 {"id": "sungai:cd34ef56-4", "type": "vote", "at": "$(iso 400)",
  "data": {"poll": "AIR", "option": 2, "voter": "bbbb0000bbbb0000bbbb0000bbbb0001"}}]}
JSON
	[ "$(batch sungai "$T/s.json")" = 200 ] || fail "sungai's batch: $(cat "$T/answer")"
	# What `gateway add --name --region` would have said of them.
	dsql "UPDATE gateways SET name = 'Desa Leksono', region = 'Kubu' WHERE id = 'leksono'" >/dev/null
	dsql "UPDATE gateways SET name = 'Sungai <Raya>', region = 'Kubu' WHERE id = 'sungai'" >/dev/null
}

# call WHO METHOD PATH [BODY [TYPE]]: the body into $T/body, the status
# into $T/code; WHO's cookie jar and CSRF token go along.
call() {
	local who=$1 m=$2 p=$3 body=${4-} type=${5:-application/json}
	set -- -s -o "$T/body" -w '%{http_code}' -b "$T/jar-$who" -c "$T/jar-$who" -X "$m"
	[ -s "$T/csrf-$who" ] && set -- "$@" -H "X-CSRF-Token: $(cat "$T/csrf-$who")"
	[ -n "$body" ] && set -- "$@" -H "Content-Type: $type" --data-binary "$body"
	curl "$@" "$URL$p" >"$T/code"
}
expect() {	# expect CODE WHAT
	[ "$(cat "$T/code")" = "$1" ] || fail "$2: got $(cat "$T/code"), wanted $1: $(head -c 400 "$T/body")"
}
jqe() { jq -e "$1" "$T/body" >/dev/null || fail "$2: $(head -c 600 "$T/body")"; }
login() {	# login WHO PHONE PASSWORD
	: >"$T/csrf-$1"
	call "$1" POST /api/v1/login "{\"phone\": \"$2\", \"password\": \"$3\"}"
	expect 200 "login $1"
	jq -r .csrf "$T/body" >"$T/csrf-$1"
}
