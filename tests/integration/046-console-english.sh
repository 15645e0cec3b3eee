# The console in English (gateway.language = "en"), in a real browser
# (tests/browser/english.test.mjs). Skipped (77) only when chromium or
# playwright-core cannot be had.
. tests/integration/common.sh
. tests/browser/setup.sh

PW='head-password-en'
hash=$(pw_hash "$PW")
write_conf '
categories = ( { code = "PU"; words = ( "road" ); } );'
sed -i -e 's/language = "id";/language = "en";/' \
    -e "s/pin = \"4321\";/pin = \"4321\"; password_hash = \"$hash\";/" "$CONF"
"$KABARD" --check -c "$CONF" >/dev/null 2>&1 || fail "config: $("$KABARD" --check -c "$CONF" 2>&1)"
start_gw
wait_for 10 curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || fail "no console at /"
run_browser tests/browser/english.test.mjs KABAR_HEAD_PASSWORD="$PW"
stop_gw
check_log
