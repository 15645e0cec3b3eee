# Shared by the integration tests: a temporary folder with a config, a
# dummy modem and a database; starting and stopping the real kabard; and
# waiting for a condition with a deadline (never a bare sleep).
#
# Knobs: GW_TEST_LEAVE=1 keeps the folder; GW_TEST_WRAPPER runs kabard
# under a wrapper (valgrind); GW_TEST_TIMEOUT_MULT scales deadlines.

BIN=${BIN:-bin}
ROOT=$(pwd)
KABARD="$ROOT/$BIN/kabard"
KABAR="$ROOT/$BIN/kabar"
MULT=${GW_TEST_TIMEOUT_MULT:-1}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-test.XXXXXX")
CONF="$T/kabar.conf"
DB="$T/kabar.db"
MODEM="$T/modem-m1"
GW_PID=
# Ports of this test's own (PORT, and PORT + 1 for a district), so tests
# running side by side never share one.
# They stay below 32768, where Linux's ephemeral ports begin
# (net.ipv4.ip_local_port_range): any outgoing connection on the machine
# could hold one above, and kabard then says "cannot listen ... in use?".
PORT=${PORT:-$((20000 + $$ % 6000 * 2))}

# Helpers started in the background (a district, fake modems), stopped
# with the test.
BG_PIDS=

# Under GW_TEST_PG (the superuser's URL of the PostgreSQL tests/run.sh
# starts for the district tests' second run) the test gets a database of
# its own there, named after it, owned by the unprivileged role kabar the
# district connects as, and dropped at the end; start_district uses it.
if [ -n "${GW_TEST_PG:-}" ] && [ -z "${DISTRICT_DB:-}" ]; then
	PG_TEST_DB=t$(basename "$0" .sh | tr -c 'a-z0-9\n' _)_$$
	psql -X -q "$GW_TEST_PG" -c "CREATE DATABASE $PG_TEST_DB OWNER kabar" ||
	    { echo "FAIL: cannot create the database $PG_TEST_DB"; exit 1; }
	DISTRICT_DB=${GW_TEST_PG%%//*}//kabar@${GW_TEST_PG#*@}
	DISTRICT_DB=${DISTRICT_DB%/*}/$PG_TEST_DB
fi

cleanup() {
	[ -n "$BG_PIDS" ] && kill $BG_PIDS 2>/dev/null
	# FORCE: a district killed a moment ago may still hold a connection.
	[ -n "${PG_TEST_DB:-}" ] && psql -X -q "$GW_TEST_PG" \
	    -c "DROP DATABASE IF EXISTS $PG_TEST_DB WITH (FORCE)" >/dev/null
	if [ -n "$GW_PID" ] && kill -0 "$GW_PID" 2>/dev/null; then
		kill -KILL "$GW_PID" 2>/dev/null
	fi
	if [ -n "${GW_TEST_LEAVE:-}" ]; then
		echo "left in $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	[ -f "$T/kabard.log" ] && { echo "--- kabard.log (tail)"; tail -30 "$T/kabard.log"; }
	exit 1
}

# write_conf [extra config text]: a config for one dummy modem.
write_conf() {
	local modems="${MODEMS:-}"
	[ -n "$modems" ] || modems="{ name = \"m1\"; device = \"$MODEM\"; connection = \"none\";
  model = \"dummy\"; send_per_minute = ${RATE:-60000}; poll_ms = 100; }"
	cat >"$CONF" <<CONF
gateway : { id = "test"; database = "$DB"; language = "id";
  country_code = "62"; daily_sms_budget = ${BUDGET:-2000};
  timezone = "Asia/Jakarta"; };
limits : { replies_per_sender_per_hour = ${CAP:-10}; };
broadcast : { quiet_hours = "${QUIET:-}"; };
modems = ( $modems );
admins = ( { phone = "+6281200000001"; name = "Kades"; pin = "4321";
  role = "head"; } );
groups = ( "RT01", "RT02" );
http : { listen = "127.0.0.1:$PORT"; ussd_key = "test-key"; };
$*
CONF
}

# wait_for SECONDS COMMAND...: true once COMMAND succeeds.
wait_for() {
	local limit=$(($1 * MULT * 10)) n=0
	shift
	while [ $n -lt $limit ]; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

log_has() {
	grep -q "$1" "$T/kabard.log"
}

ups() {
	grep -c "Modem m1 is up" "$T/kabard.log" 2>/dev/null
}

more_ups() {
	[ "$(ups)" -gt "$1" ]
}

start_gw() {
	local before=$(ups)
	${GW_TEST_WRAPPER:-} "$KABARD" -c "$CONF" -v >>"$T/kabard.log" 2>&1 &
	GW_PID=$!
	wait_for 20 more_ups "${before:-0}" || fail "kabard did not come up"
}

stop_gw() {
	local n=0
	kill -TERM "$GW_PID" 2>/dev/null
	while kill -0 "$GW_PID" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt $((50 * MULT)) ] && fail "kabard did not stop within 5 s"
		sleep 0.1
	done
	wait "$GW_PID"
	rc=$?
	GW_PID=
	[ $rc -eq 0 ] || fail "kabard exited $rc"
}

sql() {
	sqlite3 -batch -noheader "$DB" "$1"
}

kabar() {
	"$KABAR" -c "$CONF" "$@"
}

inject() {
	kabar inject "$@" >/dev/null || fail "inject $*"
}

# The dummy phone's inbox holds no message files.
phone_empty() {
	[ -z "$(find "$MODEM/sms" -type f ! -name '.*' 2>/dev/null)" ]
}

# No error was logged (expected ones can be filtered by the caller).
check_log() {
	if grep -E ' (ERROR|fatal)' "$T/kabard.log"; then
		fail "errors in the log"
	fi
}

# start_fake NAME: a fakemodem on $T/tty-NAME, scripted through
# $T/ctl-NAME (fake NAME LINE...), logging into $T/fm-NAME/.
start_fake() {
	mkdir -p "$T/fm-$1"
	: >"$T/ctl-$1"
	"$ROOT/$BIN/fakemodem" "$T/tty-$1" "$T/ctl-$1" "$T/fm-$1" &
	BG_PIDS="$BG_PIDS $!"
	wait_for 5 test -L "$T/tty-$1" || fail "fakemodem $1 did not start"
}
fake() {
	local name=$1
	shift
	echo "$*" >>"$T/ctl-$name"
}
# at_modem NAME [extra settings]: a modems list entry for a fake modem.
at_modem() {
	local name=$1
	shift
	echo "{ name = \"$name\"; device = \"$T/tty-$name\"; connection = \"at115200\"; send_per_minute = 600; poll_ms = 200; $* }"
}
# sent_to NAME: what the fake modem NAME sent, "TO<TAB>PART/TOTAL<TAB>TEXT".
sent_on() {
	cat "$T/fm-$1/sent.log" 2>/dev/null
}

# start_district PORT GATEWAYS [SETTINGS]: kabar-district on 127.0.0.1:PORT
# with its database in $T/d.db (or DISTRICT_DB), GATEWAYS being its `gateways` list and
# SETTINGS more of its `district` group; dsql queries it.
start_district() {
	cat >"$T/d.conf" <<CONF
district : { listen = "127.0.0.1:$1"; database = "${DISTRICT_DB:-$T/d.db}"; ${3:-} };
gateways = ( $2 );
CONF
	${GW_TEST_DISTRICT_WRAPPER:-} "$ROOT/$BIN/kabar-district" \
	    -c "$T/d.conf" >"$T/district.log" 2>&1 &
	DPID=$!
	BG_PIDS="$BG_PIDS $DPID"
	wait_for 10 curl -s -o /dev/null "http://127.0.0.1:$1/" ||
	    fail "the district did not start"
}
# dsql QUERY: the district's store, SQLite's dialect. On PostgreSQL the
# few words the tests use that it lacks are translated (instr, LIKE on a
# jsonb), and JSON values are printed as SQLite keeps them (compact, keys
# sorted: jsonb prints spaces and orders keys by length), so a test
# compares one text on both stores.
dsql() {
	if [ -n "${DISTRICT_DB:-}" ]; then
		psql -X -qAt "$DISTRICT_DB" -c "$(printf '%s' "$1" |
		    sed 's/\binstr(/strpos(/g; s/\bdata LIKE/data::text LIKE/g')" |
		    jq -R -r -c -S '. as $l | (try fromjson catch $l) |
		    if type == "object" or type == "array" then .
		    elif $l == "t" then "1" elif $l == "f" then "0" else $l end'
	else
		sqlite3 -batch -noheader "$T/d.db" "$1"
	fi
}
# district_post FILE.json [KEY] [TIMESTAMP] [TAMPER]: FILE gzip'd and
# signed as gateway $DGW signs it (with KEY, default $KEY, at TIMESTAMP,
# default now; TAMPER spoils the body after signing) and posted to $URL
# with the token $DTOKEN, and the release $DRELEASE when set. Prints the
# HTTP code; the answer is in $T/answer, its headers in $T/answer.h.
district_post() {
	gzip -c "$1" >"$T/body.gz"
	ts=${3:-$(date +%s)}
	sig=$( { printf '%s.' "$ts"; cat "$T/body.gz"; } |
	    openssl dgst -sha256 -hmac "${2:-$KEY}" -r | cut -d' ' -f1)
	[ -n "${4:-}" ] && printf 'x' >>"$T/body.gz"
	curl -s -o "$T/answer" -D "$T/answer.h" -w '%{http_code}' \
	    -H "Content-Type: application/json" -H "Content-Encoding: gzip" \
	    -H "Authorization: Bearer $DTOKEN" -H "X-Kabar-Gateway: $DGW" \
	    -H "X-Kabar-Timestamp: $ts" -H "X-Kabar-Signature: $sig" \
	    ${DRELEASE:+-H "X-Kabar-Release: $DRELEASE"} \
	    --data-binary @"$T/body.gz" "$URL/v1/batches"
}
# True when the district's store is a SQLite file (its mode can be checked).
district_on_sqlite() {
	[ -z "${DISTRICT_DB:-}" ]
}

# no_http: the written config without the HTTP endpoint, for tests that
# never call it (so a port held by someone else cannot fail them).
no_http() {
	sed -i 's/^http : {/http : { enabled = false;/' "$CONF"
}
