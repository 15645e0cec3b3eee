#!/bin/sh
# Runs every test: the unit binaries, the checks of the source tree, the
# integration scripts, then short fuzz runs when clang's libFuzzer is
# there. Ends with one line,
# "N passed, N failed" (", N skipped" when some were), and exits non-zero
# on any failure. Each test is bounded by `timeout`.
#
# Knobs: GW_TEST_ONLY=pattern runs matching tests only;
# GW_TEST_TIMEOUT_MULT scales the time limits (valgrind, slow boards);
# GW_TEST_JOBS integration tests at a time (default 2).

BUILD=${BUILD:-build}
BIN=${BIN:-bin}
export BUILD BIN
MULT=${GW_TEST_TIMEOUT_MULT:-1}
passed=0 failed=0 skipped=0
failures=
out=$(mktemp)
trap 'rm -f "$out"' EXIT

note() {
	case $1 in
	0) passed=$((passed + 1)); echo "ok    $2" ;;
	77) skipped=$((skipped + 1)); echo "skip  $2" ;;
	*) failed=$((failed + 1)); failures="$failures $2"
	   echo "FAIL  $2 (exit $1)"; sed 's/^/      /' "$out" | tail -40 ;;
	esac
}

for t in "$BUILD"/tests/t_*; do
	[ -x "$t" ] || continue
	name=unit/$(basename "$t")
	case $name in *${GW_TEST_ONLY:-}*) ;; *) continue ;; esac
	timeout $((60 * MULT)) "$t" >"$out" 2>&1
	rc=$?
	# A unit binary counts each of its cases.
	line=$(grep -E '^unit .*: [0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
	if [ -n "$line" ] && [ $rc -ne 124 ]; then
		p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		s=$(echo "$line" | sed -E 's/.* ([0-9]+) skipped.*/\1/')
		passed=$((passed + p)); failed=$((failed + f))
		skipped=$((skipped + s))
		if [ "$f" -gt 0 ] || { [ $rc -ne 0 ] && [ $rc -ne 77 ]; }; then
			[ "$f" -gt 0 ] || failed=$((failed + 1))
			failures="$failures $name"
			echo "FAIL  $name"; sed 's/^/      /' "$out" | tail -40
		else
			echo "ok    $name ($p)"
		fi
	else
		note $rc "$name"
	fi
done

# Checks over the source tree itself (the layers).
for t in tests/checks/*.sh; do
	[ -f "$t" ] || continue
	name=check/$(basename "$t" .sh)
	case $name in *${GW_TEST_ONLY:-}*) ;; *) continue ;; esac
	timeout $((60 * MULT)) sh "$t" >"$out" 2>&1
	note $? "$name"
done

# Integration tests mostly wait (on modems, links, deadlines), so they
# run GW_TEST_JOBS at a time; results are told in order. Each has its own
# folder and ports. A test that starts a district runs twice: on SQLite,
# and as "NAME [postgresql]" in a database of its own (common.sh) in one
# PostgreSQL server for the whole run (tests/pg.sh); skipped when
# PostgreSQL is not installed. A test about the gateway, where the
# district only listens, says "# One store is enough" and runs once.
set --
for t in tests/integration/[0-9]*.sh; do
	[ -f "$t" ] || continue
	name=integration/$(basename "$t" .sh)
	case $name in *${GW_TEST_ONLY:-}*) set -- "$@" "$t" ;; esac
	grep -q '^start_district ' "$t" || continue
	grep -q '^# One store is enough' "$t" && continue
	case "$name [postgresql]" in *${GW_TEST_ONLY:-}*) set -- "$@" "$t@pg" ;; esac
done
pg=
case " $* " in *@pg\ *)
	. tests/pg.sh
	if pg_available; then
		if pg_start >"$out" 2>&1; then
			pg=postgresql://postgres@127.0.0.1:$PG_PORT/postgres
		else
			pg=down
			note 1 "integration/postgresql server"
		fi
	fi ;;
esac
while [ $# -gt 0 ]; do
	batch=
	i=0
	while [ $i -lt "${GW_TEST_JOBS:-2}" ] && [ $# -gt 0 ]; do
		o=$(mktemp)
		case $1 in
		*@pg)	case $pg in
			postgresql:*) (GW_TEST_PG=$pg timeout $((240 * MULT)) \
			    sh "${1%@pg}" >"$o" 2>&1; echo $? >"$o.rc") & ;;
			down)	echo "the PostgreSQL server did not start" >"$o"
				echo 1 >"$o.rc" ;;
			*)	echo "no PostgreSQL 15 installed" >"$o"
				echo 77 >"$o.rc" ;;
			esac ;;
		*)	(timeout $((240 * MULT)) sh "$1" >"$o" 2>&1
			echo $? >"$o.rc") & ;;
		esac
		batch="$batch $1:$o"
		shift
		i=$((i + 1))
	done
	wait
	for job in $batch; do
		o=${job#*:}
		t=${job%%:*}
		cp "$o" "$out"
		case $t in
		*@pg) note "$(cat "$o.rc")" "integration/$(basename "${t%@pg}" .sh) [postgresql]" ;;
		*) note "$(cat "$o.rc")" "integration/$(basename "$t" .sh)" ;;
		esac
		rm -f "$o" "$o.rc"
	done
done
[ -n "$pg" ] && [ "$pg" != down ] && pg_stop

# A short fuzz run of each parser, when the fuzz binaries could be built.
for f in build-fuzz/fuzz_*; do
	[ -f "$f" ] && [ -x "$f" ] || continue
	name=fuzz/$(basename "$f")
	case $name in *${GW_TEST_ONLY:-}*) ;; *) continue ;; esac
	mkdir -p "$f.corpus"
	seeds=tests/fuzz/seeds/$(basename "$f")
	[ -d "$seeds" ] || seeds=
	timeout $((60 * MULT)) "$f" -max_total_time=${FUZZ_SMOKE_SECONDS:-3} \
	    -max_len=2048 "$f.corpus" $seeds >"$out" 2>&1
	note $? "$name"
done

if [ -n "$failures" ]; then
	echo "failed:$failures"
fi
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
