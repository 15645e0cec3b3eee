# What kabard --check can tell without opening a modem: a connection
# name Gammu does not know is refused with the right ones named (exit 2);
# a device that is not there (yet) is a warning, not a refusal. And each
# of the three programs says which version it is.
. tests/integration/common.sh

MODEMS='{ name = "m1"; device = "/dev/ttyUSB0"; connection = "at-115200"; }' write_conf
out=$("$KABARD" --check -c "$CONF" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "at-115200: exit $rc"
echo "$out" | grep -q "^$CONF:[0-9]*: 'modems\[0\].connection' is not a Gammu connection" ||
	fail "at-115200 message: $out"
echo "$out" | grep -q '"at115200"' || fail "the right spelling is not shown: $out"

MODEMS='{ name = "m1"; device = "/dev/kabar-test-no-tty"; connection = "at115200"; }' write_conf
out=$("$KABARD" --check -c "$CONF" 2>&1); rc=$?
[ $rc -eq 0 ] || fail "a missing device refused: exit $rc: $out"
echo "$out" | grep -q "modem m1: device '/dev/kabar-test-no-tty' does not exist" ||
	fail "a missing device is not told: $out"
echo "$out" | grep -q "/dev/serial/by-id/" || fail "no hint where to look: $out"

# The dummy phone's folder is made at start: no warning for it.
write_conf
out=$("$KABARD" --check -c "$CONF" 2>&1) || fail "dummy refused: $out"
echo "$out" | grep -q "does not exist" && fail "dummy folder warned: $out"

for p in kabard kabar kabar-district; do
	v=$("$ROOT/$BIN/$p" --version) || fail "$p --version failed"
	echo "$v" | grep -Eq "^$p [0-9a-z]" || fail "$p --version said: $v"
done
[ "$("$KABARD" --version | cut -d' ' -f2)" = "$("$KABAR" --version | cut -d' ' -f2)" ] ||
	fail "kabard and kabar differ in version"
echo ok
