# make install (PREFIX, DESTDIR) puts the programs, the man pages, the
# systemd units (pointing at PREFIX/bin), the system user's sysusers.d
# file, the examples and /etc/kabar/*.conf in place; a second install
# keeps a configuration the operator edited; what it installed works.
. tests/integration/common.sh

command -v make >/dev/null || { echo "no make"; exit 77; }
# The programs are built already: install them as they are.
inst() {
	make -s --no-print-directory -C "$ROOT" BUILD="${BUILD:-build}" \
	    BIN="$BIN" -o "$BIN/kabard" -o "$BIN/kabar" \
	    -o "$BIN/kabar-district" "$@" install >"$T/make.log" 2>&1 ||
		fail "make install $*: $(tail -5 "$T/make.log")"
}
mode() {
	[ "$(stat -c %a "$1")" = "$2" ] || fail "$1 has mode $(stat -c %a "$1"), not $2"
}

D="$T/root"
inst DESTDIR="$D" PREFIX=/usr
for p in kabard kabar kabar-district; do
	mode "$D/usr/bin/$p" 755
done
for m in man1/kabar.1 man5/kabar.conf.5 man8/kabard.8 man8/kabar-district.8; do
	mode "$D/usr/share/man/$m" 644
done
for u in kabard.service kabar-district.service; do
	mode "$D/usr/lib/systemd/system/$u" 644
	! grep -q '@[A-Z]*@' "$D/usr/lib/systemd/system/$u" || fail "$u: a placeholder left"
done
grep -qx 'ExecStart=/usr/bin/kabard -c /etc/kabar/kabar.conf' \
    "$D/usr/lib/systemd/system/kabard.service" || fail "kabard.service ExecStart"
grep -qx 'ExecStart=/usr/bin/kabar-district -c /etc/kabar/district.conf serve' \
    "$D/usr/lib/systemd/system/kabar-district.service" ||
	fail "kabar-district.service ExecStart"
grep -qx 'm kabar dialout' "$D/usr/lib/sysusers.d/kabar.conf" || fail "sysusers"
mode "$D/usr/share/doc/kabar/examples/kabar.conf.example" 644
mode "$D/usr/share/doc/kabar/examples/district.conf.example" 644
mode "$D/etc/kabar" 755
mode "$D/etc/kabar/kabar.conf" 640	# tokens, keys and PINs
mode "$D/etc/kabar/district.conf" 640

# What was installed works: the daemon checks the installed file.
"$D/usr/bin/kabard" --check -c "$D/etc/kabar/kabar.conf" >/dev/null 2>&1 ||
	fail "the installed kabard refuses the installed kabar.conf"

# Installing again never overwrites the operator's file.
echo '# edited by the operator' >>"$D/etc/kabar/kabar.conf"
inst DESTDIR="$D" PREFIX=/usr
grep -q '^# edited by the operator' "$D/etc/kabar/kabar.conf" ||
	fail "a second install overwrote /etc/kabar/kabar.conf"

# Another prefix: the units follow it.
inst DESTDIR="$T/local" PREFIX=/usr/local
grep -qx 'ExecStart=/usr/local/bin/kabard -c /etc/kabar/kabar.conf' \
    "$T/local/usr/local/lib/systemd/system/kabard.service" ||
	fail "PREFIX=/usr/local: kabard.service ExecStart"
[ -x "$T/local/usr/local/bin/kabard" ] || fail "PREFIX=/usr/local: no kabard"
[ -f "$T/local/usr/local/share/man/man5/kabar.conf.5" ] ||
	fail "PREFIX=/usr/local: no kabar.conf.5"
echo "052-install: ok"
