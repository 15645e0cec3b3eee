# The village console in a real browser (tests/browser/console.test.mjs):
# Debian's chromium driven by playwright-core against this kabard, at
# 360 px and 1280 px. Skipped (77) only when chromium or playwright-core
# cannot be had; `make test` installs both. Screenshots of every page are
# kept in $BUILD/screenshots/.
. tests/integration/common.sh
. tests/browser/setup.sh

HEAD_PW='rahasia-desa-kepala'
OFFICE_PW='kata-sandi-kantor-PU'
STAFF_PW='kata-sandi-staf-desa'
head_hash=$(pw_hash "$HEAD_PW")
staff_hash=$(pw_hash "$STAFF_PW")
office_hash=$(pw_hash "$OFFICE_PW")
write_conf '
categories = ( { code = "PU"; words = ( "jalan", "jembatan" ); },
  { code = "PDAM"; words = ( "air" ); } );
letters = ( { code = "DOMISILI"; name = "Surat domisili"; bring = "KTP dan KK"; days = 2; } );
counters = ( { code = "UMUM"; name = "Pelayanan umum"; hours = "00:00-23:59"; minutes = 5; } );'
# A head, a staff and an office (PU) admin, each with a console password.
sed -i "s/^admins = ( { phone = \"+6281200000001\"; name = \"Kades\"; pin = \"4321\";/admins = ( { phone = \"081200000009\"; name = \"Staf\"; pin = \"9999\"; role = \"staff\"; password_hash = \"$staff_hash\"; },\n  { phone = \"081277770001\"; name = \"Kantor PU\"; pin = \"5555\"; role = \"office\"; category = \"PU\"; password_hash = \"$office_hash\"; },\n  { phone = \"+6281200000001\"; name = \"Kades\"; pin = \"4321\"; password_hash = \"$head_hash\";/" "$CONF"
"$KABARD" --check -c "$CONF" >/dev/null 2>&1 || fail "config: $("$KABARD" --check -c "$CONF" 2>&1)"
start_gw
wait_for 10 curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || fail "no console at /"

run_browser tests/browser/console.test.mjs \
    KABAR_HEAD_PASSWORD="$HEAD_PW" KABAR_OFFICE_PASSWORD="$OFFICE_PW" \
    KABAR_STAFF_PHONE=081200000009 KABAR_STAFF_PASSWORD="$STAFF_PW"
echo "screenshots in $SHOTS"
stop_gw
check_log
