#!/bin/sh
# The folders are the layers: each may include only the folders listed
# before it (see README, "Source layout"). This reads every quoted
# #include, finds the folder that holds the header, and fails on any
# include that climbs. A few system headers belong to one layer alone.
cd "$(dirname "$0")/../.." || exit 1

# folder: the folders it may include besides itself
rules='
lib:
db: lib
services: lib db
handlers: lib db services
modem: lib db services
sync: lib db services
district: lib
web: lib db services
cli: lib db services handlers modem sync district
gateway: lib db services handlers modem sync web
'
layers=$(echo "$rules" | sed -n 's/^\([a-z]*\):.*/\1/p')

# Which folder holds each header (a name must be unique across layers).
map=$(mktemp)
trap 'rm -f "$map"' EXIT
for d in $layers; do
	[ -d "$d" ] || continue
	for h in "$d"/*.h; do
		[ -f "$h" ] && echo "$(basename "$h") $d"
	done
done | sort >"$map"
dups=$(cut -d' ' -f1 "$map" | uniq -d)
bad=0
for h in $dups; do
	echo "layers: header $h is in more than one folder"
	bad=1
done

only() {	# only(header, folders...): who may include a system header
	hdr=$1; shift
	grep -l "#include <$hdr>" $(for d in $layers; do
	    ls "$d"/*.[ch] 2>/dev/null; done) 2>/dev/null |
	while read -r f; do
		ok=0
		for d in "$@"; do
			case $f in "$d"/*) ok=1 ;; esac
		done
		[ $ok = 1 ] || echo "layers: $f includes <$hdr>, which belongs to $*"
	done
}

for d in $layers; do
	[ -d "$d" ] || continue
	allowed="$d $(echo "$rules" | sed -n "s/^$d:\(.*\)/\1/p")"
	for f in "$d"/*.[ch]; do
		[ -f "$f" ] || continue
		for inc in $(sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
			owner=$(awk -v h="$inc" '$1 == h { print $2 }' "$map")
			[ -n "$owner" ] || continue	# generated or local
			case " $allowed " in
			*" $owner "*) ;;
			*) echo "layers: $f includes $inc from $owner/"
			   bad=1 ;;
			esac
		done
	done
done

out=$( { only gammu.h modem; only sqlite3.h db district;
    only systemd/sd-daemon.h lib; } )
if [ -n "$out" ]; then
	echo "$out"
	bad=1
fi
[ $bad = 0 ] && echo "layers: every include goes down"
exit $bad
