#!/bin/sh
# The bytes of a first load of the village console: every file the page
# fetches before it can be used (index.html, what it links, and the ES
# modules those import, followed from the files as kabard serves them),
# asked with `Accept-Encoding: gzip` as a browser does, so the figure is
# what crosses the wire (bodies; gzip where kabard serves it gzipped).
# The API calls after login are not counted. Printed as
#   console_first_load: N bytes
#   console_first_load_files: N files
#   console_first_load_uncompressed: N bytes
BIN=${BIN:-bin}
PORT=${PORT:-$((20000 + $$ % 15000 * 2))}
T=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$T"' EXIT
cat >"$T/k.conf" <<CONF
gateway : { id = "bench"; database = "$T/k.db"; };
modems = ( { name = "m1"; device = "$T/m1"; connection = "none";
  model = "dummy"; } );
http : { listen = "127.0.0.1:$PORT"; ussd_key = "bench"; };
CONF
"$BIN/kabard" -c "$T/k.conf" 2>"$T/log" &
PID=$!
URL="http://127.0.0.1:$PORT"
n=0
until curl -sf -o /dev/null "$URL/"; do
	n=$((n + 1))
	[ $n -gt 100 ] && { echo "kabard did not serve the console"; tail -5 "$T/log"; exit 1; }
	sleep 0.1
done

# The files of a first load, breadth first from /.
todo="/"
seen=" "
total=0 raw=0 files=0
while [ -n "$todo" ]; do
	set -- $todo
	path=$1
	shift
	todo="$*"
	case "$seen" in *" $path "*) continue ;; esac
	seen="$seen$path "
	wire=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$URL$path")
	curl -s --compressed -o "$T/body" "$URL$path" || exit 1
	total=$((total + wire))
	raw=$((raw + $(wc -c <"$T/body")))
	files=$((files + 1))
	dir=${path%/*}
	# Links and scripts of the page; relative imports of the modules.
	refs=$(grep -oE '(href|src)="[^"#?:]+"|from '\''\./[^'\'']+'\''|import\('\''\./[^'\'']+'\''\)' "$T/body" |
	    sed -E "s/^(href|src)=\"//; s/\"$//; s/^from '//; s/^import\\('//; s/'\\)?$//")
	for r in $refs; do
		case $r in
		/*) todo="$todo $r" ;;
		./*) todo="$todo $dir/${r#./}" ;;
		*) todo="$todo $dir/$r" ;;
		esac
	done
done
echo "console_first_load: $total bytes"
echo "console_first_load_files: $files files"
echo "console_first_load_uncompressed: $raw bytes"
