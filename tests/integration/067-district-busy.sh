# A district receiver with more requests on hand than it takes at once
# (slow uploads holding their connections) answers the next batch at
# once with 503 and Retry-After, never leaving it to time out; once they
# are gone it takes batches again, and nothing of the refused one was
# stored. So too with more gateways connected at once than it serves
# (idle connections standing for requests queued unread in their
# sockets): the next one is sent away with 503 and a longer Retry-After.
. tests/integration/common.sh

KEY=key-12345678 DGW=leksono DTOKEN=tok-12345678
start_district $PORT "{ id = \"leksono\"; token = \"$DTOKEN\"; hmac_key = \"$KEY\"; }"
URL="http://127.0.0.1:$PORT"
cat >"$T/b.json" <<'JSON'
{"gateway": "leksono", "batch": "b1", "records": [
 {"id": "leksono:1", "type": "vote", "at": "2026-11-22T10:02:00Z", "data": {"poll": "AIR", "option": 2}}]}
JSON

# 80 uploads that send their headers and then a byte now and then: more
# than the receiver takes at once (MAX_IN_FLIGHT in district_main.c).
python3 -c '
import socket, sys, time
socks = []
for i in range(80):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"POST /v1/batches HTTP/1.1\r\nHost: d\r\nContent-Length: 100000\r\n\r\nx")
    socks.append(s)
print("ready", flush=True)
while True:
    time.sleep(1)
    for s in socks:
        try:
            s.sendall(b"x")
        except OSError:
            pass
' $PORT >"$T/slow.out" 2>&1 &
SLOW=$!
BG_PIDS="$BG_PIDS $SLOW"
wait_for 10 grep -q ready "$T/slow.out" || fail "the slow uploads did not start: $(cat "$T/slow.out")"
busy() { [ "$(district_post "$T/b.json")" = 503 ]; }
wait_for 10 busy || fail "not answered 503 when busy: $(cat "$T/answer")"
grep -qi '^Retry-After: [0-9]' "$T/answer.h" || fail "a 503 without Retry-After: $(cat "$T/answer.h")"
[ "$(dsql "SELECT COUNT(*) FROM records")" = 0 ] || fail "a refused batch was stored"

kill $SLOW
wait $SLOW 2>/dev/null
taken() { [ "$(district_post "$T/b.json")" = 200 ]; }
wait_for 10 taken || fail "batches not taken again: $(cat "$T/answer")"
[ "$(dsql "SELECT COUNT(*) FROM records")" = 1 ] || fail "records: $(dsql "SELECT COUNT(*) FROM records")"
# 600 connections held open, more than MAX_OPEN.
python3 -c '
import socket, sys, time
socks = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for i in range(600)]
print("ready", flush=True)
time.sleep(60)
' $PORT >"$T/crowd.out" 2>&1 &
CROWD=$!
BG_PIDS="$BG_PIDS $CROWD"
wait_for 10 grep -q ready "$T/crowd.out" || fail "the crowd did not connect: $(cat "$T/crowd.out")"
wait_for 10 busy || fail "not answered 503 in a crowd: $(cat "$T/answer")"
grep -qi '^Retry-After: [1-9]' "$T/answer.h" || fail "a 503 without Retry-After: $(cat "$T/answer.h")"
kill $CROWD
wait $CROWD 2>/dev/null
wait_for 10 taken || fail "batches not taken after the crowd: $(cat "$T/answer")"
[ "$(dsql "SELECT COUNT(*) FROM records")" = 1 ] || fail "records: $(dsql "SELECT COUNT(*) FROM records")"

kill -TERM $DPID
wait $DPID || fail "the district did not stop cleanly"
grep -E ' (ERROR|fatal)' "$T/district.log" && fail "errors in the district's log"
echo ok
