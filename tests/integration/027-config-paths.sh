# Relative paths in the configuration are taken from the file's folder:
# kabard started in one folder and kabar run from others use one database
# and one dummy modem. kabar never creates the database; before kabard's
# first start it says where it looked and exits 1. Gaps that once passed
# --check are reported as FILE:LINE with exit 2.
. tests/integration/common.sh

mkdir -p "$T/etc" "$T/work" "$T/home"
DB="$T/var/kabar.db"
MODEM="$T/var/modem-m1"
cat >"$T/etc/kabar.conf" <<CONF
gateway : { id = "test"; database = "../var/kabar.db"; };
modems = ( { name = "m1"; device = "../var/modem-m1"; connection = "none";
  model = "dummy"; send_per_minute = 60000; poll_ms = 100; } );
http : { listen = "127.0.0.1:$PORT"; ussd_key = "test-key"; };
CONF

# From elsewhere, before the first start: no database is made anywhere.
cd "$T/home" || fail "cd"
out=$("$KABAR" -c ../etc/kabar.conf status 2>&1); rc=$?
[ $rc -eq 1 ] || fail "status without a database: exit $rc"
echo "$out" | grep -q "tidak ada basis data di '.*/var/kabar.db'.*kabard membuatnya" ||
	fail "status without a database: $out"
[ -z "$(find "$T" -name 'kabar.db*')" ] || fail "kabar made a database: $(find "$T" -name 'kabar.db*')"
printf '4321\n4321\n' | "$KABAR" pin-hash >/dev/null || fail "pin-hash needs a database"
"$KABAR" -c ../etc/kabar.conf inject --from 08123456789 "DAFTAR Budi" >/dev/null ||
	fail "inject needs a database"
[ -n "$(find "$MODEM/sms" -type f)" ] || fail "inject missed the dummy modem's folder"

# kabard in yet another folder, by a relative name; kabar from a third.
cd "$T/work" || fail "cd"
CONF=../etc/kabar.conf
start_gw
[ -f "$DB" ] || fail "kabard did not make $DB"
cd / || fail "cd"
CONF="$T/etc/kabar.conf"
replied() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" -ge 1 ]; }
wait_for 10 replied || fail "the message injected before the start was not answered"
kabar status | grep -Eq "^m1 +up" || fail "status from /: $(kabar status 2>&1)"
inject --from 08123456780 "INFO"
two() { [ "$(sql "SELECT COUNT(*) FROM inbox")" = 2 ]; }
wait_for 10 two || fail "the message injected from / did not arrive"
stop_gw
[ -z "$(find "$T" -name 'kabar.db' ! -path "$DB")" ] || fail "a second database"
check_log

# Configuration gaps: each one FILE:LINE and exit 2.
cd "$T" || fail "cd"
refused() {
	out=$("$KABARD" --check -c "$CONF" 2>&1); rc=$?
	[ $rc -eq 2 ] || fail "$2: exit $rc"
	echo "$out" | grep -q "^$CONF:[0-9]*: .*$1" || fail "$2: $out"
}
write_conf 'letters = ( { code = "SKCK"; name = "a"; }, { code = "skck"; name = "b"; } );'
refused 'two letters have the code "SKCK"' "duplicate letter"
write_conf 'keywords = { DAFTAR = ( "STOP" ); };'
refused 'alias "STOP" is already BERHENTI' "shadowing alias"
write_conf
sed -i 's/ussd_key = "test-key";//' "$CONF"
refused "'http.ussd_key' is empty" "empty ussd_key"

# The district's database, named relative, is beside its configuration
# whatever folder it is run from.
mkdir -p "$T/district"
printf 'district : { listen = "127.0.0.1:%s"; database = "d.db"; };\ngateways = ( { id = "a"; token = "tok-12345678"; hmac_key = "key-12345678"; } );\n' \
    $((PORT + 1)) >"$T/district/d.conf"
(cd / && "$ROOT/$BIN/kabar-district" -c "$T/district/d.conf" report >/dev/null) ||
	fail "kabar-district report"
[ -f "$T/district/d.db" ] || fail "the district's database is not beside its configuration"
echo ok
