# Shared by the console's API tests (040-044), after common.sh: a
# configuration with a head, an office admin and a staff member who have
# passwords and a staff member who has none, and curl helpers that keep
# each person's cookie jar and CSRF token.

HEAD_PW="kepala-desa-rahasia"
OFFICE_PW="dinas-pu-rahasia"
STAFF_PW="kasi-pelayanan"
URL="${CONSOLE_SCHEME:-http}://127.0.0.1:$PORT"

# console_conf [extra config text]
console_conf() {
	local head_hash office_hash staff_hash
	head_hash=$(echo "$HEAD_PW" | "$KABAR" password-hash) || fail "password-hash"
	staff_hash=$(echo "$STAFF_PW" | "$KABAR" password-hash) || fail "password-hash"
	office_hash=$(echo "$OFFICE_PW" | "$KABAR" password-hash) || fail "password-hash"
	write_conf '
letters = ( { code = "DOMISILI"; name = "Surat domisili"; bring = "KTP dan KK"; days = 2; } );
categories = ( { code = "PU"; words = ( "jalan" ); contacts = ( ); },
  { code = "PDAM"; words = ( "air" ); contacts = ( ); } );
counters = ( { code = "UMUM"; name = "Pelayanan umum"; hours = "00:00-23:59"; minutes = 5; } );'"
$*"
	sed -i "/^admins = (/{N;s|.*|admins = ( { phone = \"+6281200000001\"; name = \"Kades\"; pin = \"4321\"; role = \"head\"; password_hash = \"$head_hash\"; },\n  { phone = \"081277770001\"; name = \"PU\"; pin = \"5555\"; role = \"office\"; category = \"PU\"; password_hash = \"$office_hash\"; },\n  { phone = \"081277770002\"; name = \"Staf\"; pin = \"6666\"; role = \"staff\"; },\n  { phone = \"081277770003\"; name = \"Kasi\"; pin = \"7777\"; role = \"staff\"; password_hash = \"$staff_hash\"; } );|}" "$CONF"
	"$KABARD" --check -c "$CONF" >/dev/null 2>&1 ||
	    fail "config: $("$KABARD" --check -c "$CONF" 2>&1)"
}

start_console() {
	start_gw
	wait_for 10 curl -skf -o /dev/null "$URL/" || fail "no console"
}

# call WHO METHOD PATH [BODY [TYPE]]: the body on stdout, the status in
# $T/code; WHO's cookie jar and CSRF token go along.
call() {
	local who=$1 m=$2 p=$3 body=${4-} type=${5:-application/json}
	set -- -sk -o "$T/body" -w '%{http_code}' -b "$T/jar-$who" \
	    -c "$T/jar-$who" -X "$m"
	[ -s "$T/csrf-$who" ] && set -- "$@" -H "X-CSRF-Token: $(cat "$T/csrf-$who")"
	[ -n "$body" ] && set -- "$@" -H "Content-Type: $type" --data-binary "$body"
	curl "$@" "$URL$p" >"$T/code"
	cat "$T/body"
}
code() { cat "$T/code"; }
expect() {	# expect CODE WHAT
	[ "$(code)" = "$1" ] || fail "$2: got $(code), wanted $1: $(cat "$T/body")"
}
# jqe FILTER WHAT: the last answer passes the jq filter.
jqe() { jq -e "$1" "$T/body" >/dev/null || fail "$2: $(cat "$T/body")"; }
json_error() { jqe '.error | type == "string"' "$1: no JSON error"; }
login() {	# login WHO PHONE PASSWORD
	: >"$T/csrf-$1"
	call "$1" POST /api/v1/login "{\"phone\": \"$2\", \"password\": \"$3\"}" >/dev/null
	expect 200 "login $1"
	jq -r .csrf "$T/body" >"$T/csrf-$1"
}
