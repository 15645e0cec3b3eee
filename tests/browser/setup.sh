# Sourced by the console's browser tests (tests/integration/045-049)
# after common.sh: skip (77) when chromium or playwright-core cannot be
# had, console passwords for admins, and running one test file.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "skip: no $CHROMIUM (apt-get install chromium)"; exit 77; }
command -v node >/dev/null || { echo "skip: no node"; exit 77; }
# npm ci once, by whichever test gets here first.
if [ ! -f node_modules/playwright-core/package.json ]; then
	if command -v flock >/dev/null; then
		flock "$ROOT/package-lock.json" sh -c \
		    '[ -f node_modules/playwright-core/package.json ] || npm ci --no-audit --no-fund' \
		    >"$T/npm.log" 2>&1
	else
		npm ci --no-audit --no-fund >"$T/npm.log" 2>&1
	fi
	[ -f node_modules/playwright-core/package.json ] ||
		{ echo "skip: npm ci failed"; tail -5 "$T/npm.log"; exit 77; }
fi
SHOTS="$ROOT/${BUILD:-build}/screenshots"
mkdir -p "$SHOTS"

# pw_hash PASSWORD: its password_hash, from `kabar password-hash`.
pw_hash() {
	printf '%s\n' "$1" | "$KABAR" password-hash || fail "kabar password-hash"
}

# run_browser FILE [VAR=value...]: the test file against this kabard.
run_browser() {
	local file=$1
	shift
	env KABAR_URL="http://127.0.0.1:$PORT" KABAR_DB="$DB" KABAR_CONF="$CONF" \
	    KABAR_BIN="$KABAR" KABAR_SHOTS="$SHOTS" CHROMIUM="$CHROMIUM" \
	    HOME="$T" "$@" timeout $((200 * MULT)) \
	    node --test --test-timeout=$((190000 * MULT)) "$file" \
	    >"$T/browser.log" 2>&1
	local rc=$?
	cat "$T/browser.log"
	[ $rc -eq 0 ] || fail "$file (exit $rc)"
}
