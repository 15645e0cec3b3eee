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
# folder and ports.
set --
for t in tests/integration/[0-9]*.sh; do
	[ -f "$t" ] || continue
	name=integration/$(basename "$t" .sh)
	case $name in *${GW_TEST_ONLY:-}*) ;; *) continue ;; esac
	set -- "$@" "$t"
done
while [ $# -gt 0 ]; do
	batch=
	i=0
	while [ $i -lt "${GW_TEST_JOBS:-2}" ] && [ $# -gt 0 ]; do
		o=$(mktemp)
		(timeout $((240 * MULT)) sh "$1" >"$o" 2>&1; echo $? >"$o.rc") &
		batch="$batch $1:$o"
		shift
		i=$((i + 1))
	done
	wait
	for job in $batch; do
		o=${job#*:}
		cp "$o" "$out"
		note "$(cat "$o.rc")" "integration/$(basename "${job%%:*}" .sh)"
		rm -f "$o" "$o.rc"
	done
done

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
