# A PostgreSQL 15 of the test's own, for the district's tests and figures.
# Source it (after common.sh when both are used):
#
#   . tests/pg.sh
#   pg_available || exit 77
#   pg_start PORT          # exports PG_URL=postgresql://kabar@127.0.0.1:PORT/kabar
#   ...
#   pg_stop                # also run on exit (tests/on_exit.sh)
#
# The server is Debian's postgresql-15, in a temporary folder, listening on
# 127.0.0.1:PORT only, its socket in that folder, trust for the role kabar
# (owner of the database kabar, no superuser: the district must need none).
# fsync stays on: what the district stores surviving a crash is the point
# of testing on it. PostgreSQL refuses to run as root, so under root (as
# in CI) the folder belongs to the system user `postgres` the package
# creates, or to `nobody`, and the server runs as that user.
#
# Knobs: PG_BIN (Debian's folder), PG_TMPDIR (where the folder goes: it
# must be reachable by that user, so not under a test's private folder),
# PG_MAX_CONNECTIONS (400: 200 gateways at once and several receivers'
# pools), GW_TEST_TIMEOUT_MULT scales the deadlines.

. tests/on_exit.sh

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=
PG_URL=
PG_PORT=

pg_available() {
	[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] &&
	    [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/pg_isready" ] &&
	    [ -x "$PG_BIN/psql" ]
}

# The user the server runs as: us, or under root an unprivileged one.
_pg_user() {
	if [ "$(id -u)" != 0 ]; then
		id -un
	elif getent passwd postgres >/dev/null; then
		echo postgres
	else
		echo nobody
	fi
}

# _pg_as CMD...: CMD as that user, from inside the folder (the caller's
# working directory may be closed to it).
_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$PG_DIR" && runuser -u "$(_pg_user)" -- "$@")
	else
		(cd "$PG_DIR" && "$@")
	fi
}

_pg_fail() {
	echo "FAIL: pg: $*"
	[ -f "$PG_DIR/server.log" ] && { echo "--- server.log (tail)";
	    tail -20 "$PG_DIR/server.log"; }
	return 1
}

# pg_start [PORT]: PORT defaults to 32000 + a share of our pid, outside
# common.sh's PORT range (20000-31999); a test running beside others
# should pass its own.
pg_start() {
	local port=${1:-$((32000 + $$ % 700))} n=0 limit
	limit=$((300 * ${GW_TEST_TIMEOUT_MULT:-1}))

	pg_available || { _pg_fail "no PostgreSQL 15 in $PG_BIN"; return 1; }
	PG_PORT=$port
	PG_DIR=$(mktemp -d "${PG_TMPDIR:-/tmp}/kabar-pg.XXXXXX") ||
	    return 1
	[ "$(id -u)" = 0 ] && chown "$(_pg_user)" "$PG_DIR"
	chmod 0700 "$PG_DIR"
	on_exit pg_stop
	_pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 \
	    --locale=C.UTF-8 --auth-local=trust --auth-host=trust \
	    >"$PG_DIR/initdb.log" 2>&1 ||
	    { cat "$PG_DIR/initdb.log"; _pg_fail "initdb failed"; return 1; }
	# Modest memory, many connections, the socket in our folder; the
	# fsync settings are PostgreSQL's defaults, left on on purpose.
	cat >>"$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_DIR'
max_connections = ${PG_MAX_CONNECTIONS:-400}
shared_buffers = 32MB
fsync = on
synchronous_commit = on
full_page_writes = on
logging_collector = off
log_min_messages = warning
log_connections = off
CONF
	_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
	    -W start >/dev/null 2>&1 || { _pg_fail "pg_ctl start failed";
	    return 1; }
	# Asked on our own socket: on the TCP port another server could answer.
	until "$PG_BIN/pg_isready" -q -h "$PG_DIR" -p "$port" -t 1; do
		n=$((n + 1))
		# A server that gave up says FATAL (a port in use, say).
		if [ $n -gt $limit ] || grep -q FATAL "$PG_DIR/server.log" \
		    2>/dev/null; then
			_pg_fail "not ready on 127.0.0.1:$port (port in use?)"
			return 1
		fi
		sleep 0.1
	done
	pg_psql_admin -c "CREATE ROLE kabar LOGIN" \
	    -c "CREATE DATABASE kabar OWNER kabar" >/dev/null ||
	    { _pg_fail "cannot create the role and database kabar"; return 1; }
	PG_URL="postgresql://kabar@127.0.0.1:$port/kabar"
	export PG_URL
}

# The postmaster is alive (its pid file names a living process).
_pg_running() {
	local pid
	pid=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# pg_psql ARGS...: psql on the database kabar as kabar, quiet, no psqlrc.
pg_psql() {
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$PG_URL" "$@"
}

# The same as the superuser, over the socket (creating roles, inspecting).
pg_psql_admin() {
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -h "$PG_DIR" \
	    -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_stop() {
	local pid
	[ -n "$PG_DIR" ] && [ -d "$PG_DIR" ] || return 0
	if _pg_running; then
		pid=$(head -1 "$PG_DIR/data/postmaster.pid")
		_pg_as timeout $((30 * ${GW_TEST_TIMEOUT_MULT:-1})) \
		    "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop \
		    >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$PG_DIR"
	PG_DIR=
	PG_URL=
}
