# Slow clients against the HTTP endpoint: many connections from one
# address drip a byte every half second (which keeps an idle timeout from
# ever firing), half of them in the headers and half in a POST body. A
# normal request from another address is answered at once meanwhile, and
# every slow connection is cut once it has held a request for 10 s.
. tests/integration/common.sh

command -v python3 >/dev/null || { echo "python3 is needed"; exit 77; }

write_conf
start_gw
URL="http://127.0.0.1:$PORT"
up() { curl -s -o /dev/null "$URL/health"; }
wait_for 10 up || fail "no HTTP"

# slow PORT N LIMIT: N connections dripping; for each, the seconds it was
# held open ("open" when still held after LIMIT seconds). Writes
# $T/slow.ready once every connection has sent its first bytes.
cat >"$T/slow.py" <<'EOF'
import select, socket, sys, time

port, n, limit, ready = int(sys.argv[1]), int(sys.argv[2]), \
    float(sys.argv[3]), sys.argv[4]
head = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 64
body = (b"POST /ussd HTTP/1.1\r\nHost: x\r\nX-Kabar-Key: test-key\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 200\r\n\r\n", b"text=" + b"1" * 195)
conns = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    if i % 2:
        first, rest = body
    else:
        first, rest = head[:10], head[10:]
    s.send(first)
    conns.append({"s": s, "rest": rest, "t0": time.monotonic(), "held": None})
open(ready, "w").close()
start = time.monotonic()
while time.monotonic() - start < limit:
    live = [c for c in conns if c["held"] is None]
    if not live:
        break
    r, _, _ = select.select([c["s"] for c in live], [], [], 0.5)
    for c in live:
        gone = c["s"] in r
        if gone:
            try:
                gone = c["s"].recv(4096) == b""
            except OSError:
                gone = True
        if not gone and c["rest"]:
            try:
                c["s"].send(c["rest"][:1])
                c["rest"] = c["rest"][1:]
            except OSError:
                gone = True
        if gone:
            c["held"] = time.monotonic() - c["t0"]
            c["s"].close()
for c in conns:
    print("open" if c["held"] is None else "%.1f" % c["held"])
EOF

# More than the daemon's whole connection limit, from one address.
python3 "$T/slow.py" "$PORT" 300 $((25 * MULT)) "$T/slow.ready" \
    >"$T/held" 2>"$T/slow.err" &
SLOW=$!
BG_PIDS="$BG_PIDS $SLOW"
wait_for 10 test -f "$T/slow.ready" || fail "the slow client did not start"

# A normal request from elsewhere gets through at once.
t0=$(date +%s%N)
got=$(curl -s -m $((2 * MULT)) --interface 127.0.0.2 -o /dev/null \
    -w '%{http_code}' "$URL/health")
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$got" = 200 ] || fail "a normal request beside slow ones: '$got' after $ms ms"
echo "normal request answered in $ms ms"

wait "$SLOW" || fail "slow client: $(cat "$T/slow.err")"
[ "$(wc -l <"$T/held")" = 300 ] || fail "slow client: $(cat "$T/slow.err")"
! grep -q open "$T/held" || fail "$(grep -c open "$T/held") slow connections still open"
worst=$(sort -n "$T/held" | tail -1)
echo "slow connections held at most $worst s"
awk -v w="$worst" -v m="$MULT" 'BEGIN { exit !(w <= 10 + 3 * m) }' ||
	fail "a slow connection was held $worst s"
# Those the daemon took were held until their deadline, not dropped early.
awk '$1 >= 9 { n++ } END { exit !(n >= 1) }' "$T/held" ||
	fail "no slow connection was held to its deadline"
curl -s "$URL/metrics" | grep -q '^kabar_http_deadline_closed_total [1-9]' ||
	fail "metrics: $(curl -s "$URL/metrics" | grep deadline)"

# And the address that dripped is served again.
[ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$URL/health")" = 200 ] ||
	fail "not served after the slow client"
stop_gw
check_log
