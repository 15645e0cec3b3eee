# Wrong passwords from many numbers at once: each check holds kabard's
# HTTP thread (PBKDF2, 600,000 rounds), so past 10 in 10 s logins wait
# (429) without a hash, and the USSD aggregator keeps its answers.
. tests/integration/common.sh
. tests/integration/console.sh

console_conf
start_console
i=10
while [ $i -lt 20 ]; do
	call anon POST /api/v1/login "{\"phone\": \"08131111$((1000 + i))\", \"password\": \"guess-$i-guess\"}" >/dev/null
	[ "$(code)" = 401 ] || [ "$(code)" = 429 ] || fail "wrong password $i: $(code)"
	[ "$(code)" = 429 ] && break
	i=$((i + 1))
done
call anon POST /api/v1/login "{\"phone\": \"081200000001\", \"password\": \"$HEAD_PW\"}" >/dev/null
expect 429 "a login during the flood"
jqe '.retry_after >= 1 and .retry_after <= 10' "retry_after"
t0=$(date +%s%N)
answer=$(curl -s -H "X-Kabar-Key: test-key" \
    -d "sessionId=s1&serviceCode=*123%23&phoneNumber=081311110001&text=" \
    "$URL/ussd")
t1=$(date +%s%N)
case $answer in "CON "*|"END "*) ;; *) fail "USSD during the flood: $answer" ;; esac
[ $(( (t1 - t0) / 1000000 )) -lt $((500 * MULT)) ] || fail "USSD waited $(( (t1 - t0) / 1000000 )) ms"
# When the window has passed, the right password works again.
ok_again() { call head POST /api/v1/login "{\"phone\": \"081200000001\", \"password\": \"$HEAD_PW\"}" >/dev/null; [ "$(code)" = 200 ]; }
wait_for 15 ok_again || fail "login after the flood: $(code)"
stop_gw
check_log
echo ok
