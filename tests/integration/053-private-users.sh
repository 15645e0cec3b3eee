# kabard.service has PrivateUsers=yes: its user namespace maps only root
# and kabar, so dialout is not mapped there. The modems must still open:
# the kernel checks the process's real groups, which the namespace keeps
# (systemd sets them before it unshares). Shown here on a file like a
# modem's device (root:dialout 0660) by a user like kabar (nobody, with
# dialout as a supplementary group), inside a namespace mapping only that
# user, setgroups denied, as systemd makes it. Needs root, setpriv and
# unprivileged user namespaces; skipped otherwise.
. tests/integration/common.sh

[ "$(id -u)" = 0 ] || { echo "not root"; exit 77; }
for c in setpriv unshare; do
	command -v $c >/dev/null || { echo "no $c"; exit 77; }
done
getent group dialout >/dev/null || { echo "no group dialout"; exit 77; }
NOBODY=$(id -u nobody) || { echo "no user nobody"; exit 77; }
NOGROUP=$(id -g nobody)
dev="$T/ttyUSB-like"
echo AT >"$dev"
chown root:dialout "$dev"
chmod 0660 "$dev"
chmod 0755 "$T"
as_kabar() {	# as_kabar GROUPS COMMAND...: nobody with these groups
	local groups=$1
	shift
	setpriv --reuid="$NOBODY" --regid="$NOGROUP" --groups="$groups" -- "$@"
}
as_kabar dialout unshare -U --map-current-user true 2>/dev/null ||
	{ echo "user namespaces are not available here"; exit 77; }

as_kabar dialout unshare -U --map-current-user sh -c \
    'test "$(cat /proc/self/setgroups)" = deny && cat "$1"' sh "$dev" \
    >"$T/out" 2>&1 || fail "dialout does not open the device in the namespace: $(cat "$T/out")"
grep -qx AT "$T/out" || fail "read $(cat "$T/out")"
# Without dialout, the same is refused: it was the group that opened it.
as_kabar "$NOGROUP" unshare -U --map-current-user cat "$dev" >/dev/null 2>&1 &&
	fail "the device opened without dialout"
echo "053-private-users: ok"
