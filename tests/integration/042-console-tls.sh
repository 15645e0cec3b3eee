# The console over HTTPS (http.tls_cert and tls_key, libmicrohttpd's
# GnuTLS): the pages and the API answer over TLS only, the session cookie
# is Secure, USSD still works; a certificate without its key is refused
# at --check.
. tests/integration/common.sh
CONSOLE_SCHEME=https
. tests/integration/console.sh

command -v openssl >/dev/null || exit 77
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$T/console.key" -out "$T/console.crt" >/dev/null 2>&1 ||
	fail "no certificate"
write_conf
sed -i 's|ussd_key = "test-key"; };|ussd_key = "test-key"; tls_cert = "console.crt"; };|' "$CONF"
"$KABARD" --check -c "$CONF" >"$T/check" 2>&1 && fail "a certificate without its key passed --check"
grep -q "tls_key" "$T/check" || fail "check says: $(cat "$T/check")"

console_conf
sed -i 's|ussd_key = "test-key"; };|ussd_key = "test-key"; tls_cert = "console.crt"; tls_key = "console.key"; };|' "$CONF"
"$KABARD" --check -c "$CONF" >/dev/null 2>&1 || fail "config: $("$KABARD" --check -c "$CONF" 2>&1)"
start_console
log_has "HTTPS endpoint" || fail "not HTTPS"

curl -s --cacert "$T/console.crt" -o "$T/index" "$URL/" || fail "GET / over TLS"
cmp -s "$T/index" web/static/index.html || fail "index over TLS"
curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null &&
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")" = 200 ] &&
	fail "plain HTTP answered"
curl -s -D "$T/h" -o /dev/null --cacert "$T/console.crt" -H 'Content-Type: application/json' \
    -d "{\"phone\": \"081200000001\", \"password\": \"$HEAD_PW\"}" "$URL/api/v1/login"
grep -i '^set-cookie: kabar_session=' "$T/h" | grep -qi '; secure' || fail "cookie not Secure over TLS: $(cat "$T/h")"
login head 081200000001 "$HEAD_PW"
call head GET /api/v1/summary >/dev/null; expect 200 "summary over TLS"
answer=$(curl -s --cacert "$T/console.crt" -H "X-Kabar-Key: test-key" \
    -d "sessionId=s1&serviceCode=*123%23&phoneNumber=081311110001&text=" "$URL/ussd")
case $answer in "CON "*|"END "*) ;; *) fail "USSD over TLS: $answer" ;; esac

stop_gw
check_log
echo ok
