#!/bin/sh
# The Debian packages: a copy of the tree (what git tracks plus new files
# it does not ignore, never build/ or bin/) builds with
# `DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b`; kabar and
# kabar-district hold their programs, units, man pages and conffiles
# (mode 0640); the packaged kabar.conf passes the packaged kabard's
# --check and has no demo admin, PIN or contact, and HTTP off; the
# maintainer scripts make the user kabar; lintian finds no error.
# Skipped where dpkg-buildpackage or debhelper is missing (packages
# dpkg-dev, debhelper; `make test-deps` installs them and lintian).
cd "$(dirname "$0")/../.." || exit 1
for c in dpkg-buildpackage dh; do
	command -v $c >/dev/null ||
		{ echo "deb: $c is missing (packages dpkg-dev, debhelper)"; exit 77; }
done
command -v lintian >/dev/null ||
	{ echo "deb: lintian is missing (make test-deps)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
bad=0
no() {
	echo "deb: $*"
	bad=1
}

# The copy: from git where there is one, else the tree without build output.
mkdir "$T/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z -co --exclude-standard |
	    tar -cf - --null --ignore-failed-read -T - 2>/dev/null |
	    tar -xf - -C "$T/src"
else
	tar -cf - --exclude='./build*' --exclude='./bin*' --exclude=./var \
	    --exclude='*.o' --exclude='*.d' --exclude='./debian/build' \
	    --exclude='./debian/tmp' --exclude='./debian/kabar' \
	    --exclude='./debian/kabar-district' --exclude='./debian/.debhelper' \
	    . | tar -xf - -C "$T/src"
fi
[ -f "$T/src/debian/rules" ] || { echo "deb: no debian/rules in the copy"; exit 1; }

# Nothing of the calling make (make asan's BUILD, SAN, CFLAGS, its
# jobserver) may reach debian/rules.
start=$(date +%s)
(cd "$T/src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD -u BIN \
    -u SAN -u CFLAGS -u LDFLAGS DEB_BUILD_OPTIONS="nocheck noddebs" \
    dpkg-buildpackage -us -uc -b -j2) >"$T/build.log" 2>&1 ||
	{ echo "deb: dpkg-buildpackage failed:"; tail -30 "$T/build.log"; exit 1; }
echo "deb: built in $(($(date +%s) - start)) s"

for p in kabar kabar-district; do
	set -- "$T"/${p}_*.deb
	[ -f "$1" ] || { echo "deb: no ${p}_*.deb"; ls "$T"; exit 1; }
	eval "deb_$(echo $p | tr - _)=\$1"
	dpkg-deb -c "$1" | awk '{ print $1, $6 }' | sed 's|^\(.*\) \./|\1 /|' \
	    >"$T/$p.files"
	dpkg-deb -f "$1" Depends >"$T/$p.depends"
	dpkg-deb -I "$1" conffiles >"$T/$p.conffiles" 2>/dev/null
	mkdir "$T/$p.ctl"
	dpkg-deb -e "$1" "$T/$p.ctl"
done

# has PKG MODE PATH: the package holds PATH with that mode.
has() {
	grep -qx -- "$2 $3" "$T/$1.files" ||
		no "$1 lacks $3 ($2): $(grep -- " $3\$" "$T/$1.files")"
}
has kabar -rwxr-xr-x /usr/bin/kabard
has kabar -rwxr-xr-x /usr/bin/kabar
has kabar -rw-r--r-- /lib/systemd/system/kabard.service
has kabar -rw-r--r-- /usr/share/man/man8/kabard.8.gz
has kabar -rw-r--r-- /usr/share/man/man1/kabar.1.gz
has kabar -rw-r--r-- /usr/share/man/man5/kabar.conf.5.gz
has kabar -rw-r--r-- /usr/lib/sysusers.d/kabar.conf
has kabar -rw-r----- /etc/kabar/kabar.conf
has kabar -rw-r--r-- /usr/share/doc/kabar/copyright
has kabar -rw-r--r-- /usr/share/doc/kabar/examples/kabar.conf.example
has kabar-district -rwxr-xr-x /usr/bin/kabar-district
has kabar-district -rw-r--r-- /lib/systemd/system/kabar-district.service
has kabar-district -rw-r--r-- /usr/share/man/man8/kabar-district.8.gz
has kabar-district -rw-r----- /etc/kabar/district.conf
has kabar-district -rw-r--r-- /usr/share/doc/kabar-district/copyright
# Each program, unit and page in one package only.
grep -q 'kabar-district\|district.conf' "$T/kabar.files" &&
	no "kabar holds the district's files"
grep -q 'kabard\|kabar\.1\|kabar\.conf' "$T/kabar-district.files" &&
	no "kabar-district holds the gateway's files"

grep -qx /etc/kabar/kabar.conf "$T/kabar.conffiles" ||
	no "/etc/kabar/kabar.conf is not a conffile of kabar"
grep -qx /etc/kabar/district.conf "$T/kabar-district.conffiles" ||
	no "/etc/kabar/district.conf is not a conffile of kabar-district"
for p in kabar kabar-district; do
	grep -q 'libgammu\|libsqlite3' "$T/$p.depends" ||
		no "$p: no shared library in Depends: $(cat "$T/$p.depends")"
	grep -q adduser "$T/$p.depends" || no "$p does not depend on adduser"
	grep -q 'adduser --system' "$T/$p.ctl/postinst" ||
		no "$p: postinst makes no user"
	grep -q 'dpkg-statoverride --update --add root kabar 0640' \
	    "$T/$p.ctl/postinst" || no "$p: postinst leaves the conffile's group"
done
grep -q 'adduser --quiet kabar dialout' "$T/kabar.ctl/postinst" ||
	no "kabar: postinst does not put kabar in dialout"
# debhelper enables and starts kabard; the district waits for its file.
grep -q "deb-systemd-helper enable 'kabard.service'" "$T/kabar.ctl/postinst" ||
	no "kabar: kabard.service is not enabled"
grep -q "deb-systemd-invoke .*'kabard.service'" "$T/kabar.ctl/postinst" ||
	no "kabar: kabard.service is not started"
grep -q "deb-systemd-helper debian-installed 'kabar-district.service'" \
    "$T/kabar-district.ctl/postinst" || no "kabar-district.service is enabled"
grep -q "deb-systemd-invoke try-restart 'kabar-district.service'" \
    "$T/kabar-district.ctl/postinst" || no "kabar-district.service is started"

# What is inside: the units point at /usr/bin, the packaged kabard
# accepts the packaged configuration, which starts safe.
mkdir "$T/root"
dpkg-deb -x "$deb_kabar" "$T/root"
dpkg-deb -x "$deb_kabar_district" "$T/root"
grep -qx 'ExecStart=/usr/bin/kabard -c /etc/kabar/kabar.conf' \
    "$T/root/lib/systemd/system/kabard.service" || no "kabard.service: ExecStart"
grep -qx 'ExecStart=/usr/bin/kabar-district -c /etc/kabar/district.conf serve' \
    "$T/root/lib/systemd/system/kabar-district.service" ||
	no "kabar-district.service: ExecStart"
conf=$T/root/etc/kabar/kabar.conf
"$T/root/usr/bin/kabard" --check -c "$conf" >"$T/check" 2>&1 ||
	no "the packaged kabard refuses the packaged kabar.conf: $(cat "$T/check")"
grep -q 'warn' "$T/check" && no "kabard --check warns: $(cat "$T/check")"
grep -n '^[^#]*\<pin *=' "$conf" && no "kabar.conf has a plain PIN"
grep -n '^[^#]*+62[0-9]' "$conf" && no "kabar.conf names a phone number"
grep -n '^[^#]*change-me' "$conf" && no "kabar.conf has the demo USSD key"
grep -qx 'admins = ( );' "$conf" || no "kabar.conf has admins"
grep -qx '  enabled = false;' "$conf" || no "kabar.conf leaves HTTP on"
grep -q 'kabar pin-hash' "$conf" || no "kabar.conf does not say kabar pin-hash"
# (Its database in our folder, not /var/lib/kabar.)
sed "s|/var/lib/kabar/|$T/|" "$T/root/etc/kabar/district.conf" >"$T/district.conf"
"$T/root/usr/bin/kabar-district" -c "$T/district.conf" report >"$T/dcheck" 2>&1 ||
	no "the packaged kabar-district refuses district.conf: $(cat "$T/dcheck")"

# lintian: no error (warnings are told).
start=$(date +%s)
lintian "$T"/kabar_*.changes \
    >"$T/lintian" 2>&1
grep -v '^running with root' "$T/lintian" | sed 's/^/deb: lintian: /'
grep -q '^E:' "$T/lintian" && no "lintian finds errors"
echo "deb: lintian in $(($(date +%s) - start)) s"

[ $bad = 0 ] && echo "deb: kabar and kabar-district built and checked"
exit $bad
