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

# note STATUS NAME [TIME]: one result told.
note() {
	case $1 in
	0) passed=$((passed + 1)); echo "ok    $2${3:+ $3}" ;;
	77) skipped=$((skipped + 1)); echo "skip  $2" ;;
	*) failed=$((failed + 1)); failures="$failures $2"
	   echo "FAIL  $2 (exit $1)${3:+ $3}"; sed 's/^/      /' "$out" | tail -40 ;;
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
# start TEST OUT: one test in the background; OUT.rc gets its exit status
# (written whole, then renamed, so a reader never sees half of it) and
# OUT.s the seconds it took.
start() {
	case $1 in
	*@pg)	case $pg in
		postgresql:*) (s=$(date +%s); GW_TEST_PG=$pg \
		    timeout $((240 * MULT)) sh "${1%@pg}" >"$2" 2>&1
		    echo $? >"$2.rc.tmp"; echo $(($(date +%s) - s)) >"$2.s"
		    mv "$2.rc.tmp" "$2.rc") & ;;
		down)	echo "the PostgreSQL server did not start" >"$2"
			echo 1 >"$2.rc" ;;
		*)	echo "no PostgreSQL 15 installed" >"$2"
			echo 77 >"$2.rc" ;;
		esac ;;
	*)	(s=$(date +%s); timeout $((240 * MULT)) sh "$1" >"$2" 2>&1
		echo $? >"$2.rc.tmp"; echo $(($(date +%s) - s)) >"$2.s"
		mv "$2.rc.tmp" "$2.rc") & ;;
	esac
}

# A pool of GW_TEST_JOBS: the next test starts as soon as any ends (a
# long test never holds a slot idle beside it); results are told in the
# tests' order, each with its seconds.
jobs_on=
while [ $# -gt 0 ] || [ -n "$jobs_on" ]; do
	running=0
	for job in $jobs_on; do
		[ -f "${job#*:}.rc" ] || running=$((running + 1))
	done
	while [ $running -lt "${GW_TEST_JOBS:-2}" ] && [ $# -gt 0 ]; do
		o=$(mktemp)
		start "$1" "$o"
		jobs_on="$jobs_on $1:$o"
		running=$((running + 1))
		shift
	done
	rest=
	told=yes
	for job in $jobs_on; do
		o=${job#*:}
		t=${job%%:*}
		if [ -n "$told" ] && [ -f "$o.rc" ]; then
			cp "$o" "$out"
			secs=$(cat "$o.s" 2>/dev/null)
			case $t in
			*@pg) name="integration/$(basename "${t%@pg}" .sh) [postgresql]" ;;
			*) name="integration/$(basename "$t" .sh)" ;;
			esac
			note "$(cat "$o.rc")" "$name" "${secs:+(${secs} s)}"
			rm -f "$o" "$o.rc" "$o.s"
		else
			told=
			rest="$rest $job"
		fi
	done
	jobs_on=$rest
	# Polling the results, a fifth of a second at a time.
	[ -n "$jobs_on" ] && sleep 0.2
done
wait
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
