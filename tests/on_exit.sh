# on_exit CMD: run CMD when the test ends, before what was set to run on
# exit already (common.sh's cleanup), once however often it is asked. A
# test killed by timeout(1) ends through TERM, which a shell does not
# turn into its EXIT trap by itself: TERM and INT exit, so it runs then too.
on_exit() {
	local f prev
	f=$(mktemp) || return 0
	trap >"$f"
	prev=$(sed -n "s/^trap -- '\(.*\)' EXIT\$/\1/p" "$f")
	rm -f "$f"
	case "; $prev;" in *"; $1;"*) return 0 ;; esac
	trap "$1; $prev" EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
}
