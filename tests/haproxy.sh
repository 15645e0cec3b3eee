# Debian's haproxy on loopback in front of several kabar-district
# receivers, as a province runs them, for the district's tests and
# figures. Source it (after common.sh when both are used):
#
#   . tests/haproxy.sh
#   haproxy_available || exit 77
#   haproxy_start PORT BACKEND_PORT...   # gateways then post to 127.0.0.1:PORT
#   haproxy_up                           # how many receivers it sees up
#   haproxy_stop                         # also run on exit (tests/on_exit.sh)
#
# Round robin over the receivers, each checked every HAPROXY_CHECK_MS
# (200) on HAPROXY_CHECK_PATH (/; any answer below 500 is alive), down
# after two failed checks and up again after one. A request whose
# receiver refused the connection, died before answering or answered
# garbage goes to another one (`retry-on`, `option redispatch`): the
# receivers are stateless and the district stores a record sent twice
# once, so sending a batch again is always safe. What is still not
# answered reaches the gateway as an error, and the gateway sends again.
# The log (one line a request, with the receiver) is $HAPROXY_DIR/log.

. tests/on_exit.sh

HAPROXY=${HAPROXY:-/usr/sbin/haproxy}
HAPROXY_DIR=
HAPROXY_PID=
HAPROXY_PORT=

haproxy_available() {
	[ -x "$HAPROXY" ]
}

haproxy_start() {
	local port=$1 n=0 i=0 b limit
	limit=$((100 * ${GW_TEST_TIMEOUT_MULT:-1}))
	shift
	[ $# -gt 0 ] || { echo "FAIL: haproxy_start PORT BACKEND_PORT..."
	    return 1; }
	haproxy_available || { echo "FAIL: no $HAPROXY"; return 1; }
	HAPROXY_PORT=$port
	HAPROXY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kabar-haproxy.XXXXXX") ||
	    return 1
	on_exit haproxy_stop
	# Buffers big enough to keep a batch for a retry on another receiver
	# (larger ones are not retried by haproxy: the gateway sends again).
	cat >"$HAPROXY_DIR/haproxy.cfg" <<CFG
global
	maxconn 4000
	tune.bufsize 131072
	log stdout format raw daemon

defaults
	mode http
	log global
	option httplog
	timeout connect 500ms
	timeout client ${HAPROXY_TIMEOUT_CLIENT:-60s}
	timeout server ${HAPROXY_TIMEOUT_SERVER:-30s}
	timeout http-request 30s
	timeout check 500ms
	retries 3
	option redispatch 1
	retry-on conn-failure empty-response junk-response

frontend district
	bind 127.0.0.1:$port
	monitor-uri /haproxy-up
	stats enable
	stats uri /haproxy-stats
	default_backend receivers

backend receivers
	balance roundrobin
	option httpchk GET ${HAPROXY_CHECK_PATH:-/}
	http-check expect rstatus ^[234]
	default-server inter ${HAPROXY_CHECK_MS:-200}ms fall 2 rise 1
CFG
	for b in "$@"; do
		i=$((i + 1))
		printf '\tserver r%d 127.0.0.1:%s check\n' $i "$b" \
		    >>"$HAPROXY_DIR/haproxy.cfg"
	done
	"$HAPROXY" -c -q -f "$HAPROXY_DIR/haproxy.cfg" ||
	    { echo "FAIL: haproxy: bad configuration"; return 1; }
	# -db: in the foreground, so that we hold its pid and it dies with us.
	"$HAPROXY" -db -f "$HAPROXY_DIR/haproxy.cfg" >"$HAPROXY_DIR/log" 2>&1 &
	HAPROXY_PID=$!
	until curl -sf -o /dev/null "http://127.0.0.1:$port/haproxy-up"; do
		n=$((n + 1))
		if [ $n -gt $limit ] || ! kill -0 $HAPROXY_PID 2>/dev/null; then
			echo "FAIL: haproxy not up on 127.0.0.1:$port (port in use?)"
			tail -20 "$HAPROXY_DIR/log"
			return 1
		fi
		sleep 0.1
	done
}

# How many receivers haproxy's checks find up now.
haproxy_up() {
	curl -sf "http://127.0.0.1:$HAPROXY_PORT/haproxy-stats;csv" |
	    awk -F, '$1 == "receivers" && $2 != "BACKEND" && $18 ~ /^UP/' |
	    wc -l
}

haproxy_stop() {
	local n=0
	if [ -n "$HAPROXY_PID" ]; then
		kill -TERM $HAPROXY_PID 2>/dev/null
		while kill -0 $HAPROXY_PID 2>/dev/null && [ $n -lt 50 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		kill -KILL $HAPROXY_PID 2>/dev/null
		wait $HAPROXY_PID 2>/dev/null
	fi
	[ -n "$HAPROXY_DIR" ] && rm -rf "$HAPROXY_DIR"
	HAPROXY_PID=
	HAPROXY_DIR=
}
