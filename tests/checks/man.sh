#!/bin/sh
# The man pages: mandoc -T lint finds nothing in any of them, and they
# say what the code knows, so the two never drift:
# - kabar.conf(5) describes every key of lib/config_schema.c in its own
#   section (.Ss SECTION, .It Cm KEY), and no key the schema lacks;
#   its replies list is what lib/replies.c holds, placeholders included;
# - kabar-district(8) every key of district/district_conf.c;
# - kabar(1) every command of the table in cli/kabar.c.
cd "$(dirname "$0")/../.." || exit 1
command -v mandoc >/dev/null || { echo "man: mandoc is missing"; exit 77; }
bad=0
no() {
	echo "man: $*"
	bad=1
}

# Cross-references to pages not installed here, and a stale mandoc.db,
# say nothing about the pages themselves.
for p in man/*.[158]; do
	out=$(mandoc -T lint "$p" 2>&1 |
	    grep -v -e 'referenced manual not found' -e 'mandoc\.db')
	[ -z "$out" ] || no "$out"
done

# keys_in PAGE SECTION: the keys (.It Cm KEY) of one .Ss section.
keys_in() {
	awk -v sec="$2" '
	    /^\.S[hs] / { on = ($1 == ".Ss" && substr($0, 5) == sec); next }
	    on && /^\.It Cm / { print $3 }' "$1" | sort -u
}
# table_keys TABLE: the keys of one table of lib/config_schema.c.
table_keys() {
	sed -n "/^static const struct key $1\\[\\] = {/,/^};/p" \
	    lib/config_schema.c | sed -n 's/^\t{ "\([a-z_]*\)", K_.*/\1/p' |
	    sort -u
}

# The root table: "name kind table" a line, table "-" when it has none.
roots=$(sed -n '/^const struct key config_root_keys\[\] = {/,/^};/p' \
    lib/config_schema.c | tr '\n\t' '  ' | sed 's/{ "/\n{ "/g' |
    sed -n 's/^{ "\([a-z_]*\)", \(K_[A-Z]*\),.*/\1 \2/p')
[ -n "$roots" ] || no "cannot read config_root_keys in lib/config_schema.c"
conf=man/kabar.conf.5
echo "$roots" | while read -r name kind; do
	grep -q "^\\.Ss $name\$" "$conf" ||
		echo "man: $conf has no section '.Ss $name' for the key '$name'"
	table=$(sed -n '/^const struct key config_root_keys\[\] = {/,/^};/p' \
	    lib/config_schema.c | tr '\n\t' '  ' | sed 's/{ "/\n{ "/g' |
	    sed -n "s/^{ \"$name\", K_.* \\([a-z_]*_keys\\), .*/\\1/p")
	[ -n "$table" ] || continue
	want=$(table_keys "$table")
	have=$(keys_in "$conf" "$name")
	for k in $want; do
		echo "$have" | grep -qx "$k" ||
			echo "man: $conf does not describe '$name.$k'"
	done
	for k in $have; do
		echo "$want" | grep -qx "$k" ||
			echo "man: $conf describes '$name.$k', which lib/config_schema.c does not have"
	done
done >"${TMPDIR:-/tmp}/man-check.$$"
if [ -s "${TMPDIR:-/tmp}/man-check.$$" ]; then
	cat "${TMPDIR:-/tmp}/man-check.$$"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/man-check.$$"

# The replies, exactly: regenerate the list and compare.
want=$(sed -n 's/^\t\[R_[A-Z_]*\] = { "\([a-z_]*\)", "\([a-z,]*\)",.*/\1 \2/p' \
    lib/replies.c | while read -r name ph; do
	echo ".It Cm $name"
	if [ -n "$ph" ]; then
		echo "$ph" | tr ',' '\n' | sed 's/.*/{&}/' | paste -sd' ' |
		    sed 's/^/.Li /'
	else
		echo "no placeholders"
	fi
done)
[ -n "$want" ] || no "cannot read the replies in lib/replies.c"
have=$(awk '/^\.Ss replies$/ { on = 1; next } /^\.S[hs] / { on = 0 }
    on && /^\.Bl / { list = 1; next } on && /^\.El/ { list = 0 }
    on && list' "$conf")
if [ "$want" != "$have" ]; then
	no "the replies in $conf differ from lib/replies.c; the list should read:"
	echo "$want"
fi

# kabar-district(8): every key of its file.
dkeys=$(sed -n '/^district_conf_load/,/^}/p' district/district_conf.c |
    tr '\n\t' '  ' | grep -o '_keys\[\] = {[^}]*}' | grep -o '"[a-z_]*"' |
    tr -d '"' | sort -u)
[ -n "$dkeys" ] || no "cannot read the keys in district/district_conf.c"
for k in $dkeys; do
	grep -q -e "^\\.It Cm $k " -e "^\\.Ss $k\$" man/kabar-district.8 ||
		no "kabar-district.8 does not describe the key '$k'"
done

# kabar(1): every command.
cmds=$(sed -n '/^static const struct cli_cmd cmds\[\] = {/,/^};/p' cli/kabar.c |
    sed -n 's/^\t{ "\([a-z-]*\)",.*/\1/p')
[ -n "$cmds" ] || no "cannot read the commands in cli/kabar.c"
for c in $cmds; do
	grep -q "^\\.It Cm $c\\b" man/kabar.1 || no "kabar.1 does not describe '$c'"
done

[ $bad = 0 ] && echo "man: $(ls man/*.[158] | wc -l) pages lint clean and match the code"
exit $bad
