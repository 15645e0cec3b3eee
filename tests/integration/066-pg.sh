# tests/pg.sh, the PostgreSQL server of the district's tests: it starts
# (as an unprivileged user when we are root), the role kabar reaches its
# database over loopback without being a superuser, fsync is on, there
# is room for 300 connections, and pg_stop leaves nothing behind.
. tests/integration/common.sh
. tests/pg.sh
pg_available || { echo "skip: no PostgreSQL 15"; exit 77; }

pg_start $((PORT + 1)) || fail "pg_start"
[ "$PG_URL" = "postgresql://kabar@127.0.0.1:$((PORT + 1))/kabar" ] ||
    fail "PG_URL is $PG_URL"
pg_psql -c "CREATE TABLE t (x int)" -c "INSERT INTO t VALUES (7)" ||
    fail "kabar cannot write its database"
[ "$(pg_psql -c "SELECT x FROM t")" = 7 ] || fail "kabar cannot read it"
[ "$(pg_psql -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'kabar'")" = f ] ||
    fail "kabar is a superuser"
[ "$(pg_psql -c "SHOW fsync")" = on ] || fail "fsync is off"
[ "$(pg_psql -c "SHOW max_connections")" -ge 300 ] || fail "max_connections"
[ "$(pg_psql -c "SHOW listen_addresses")" = 127.0.0.1 ] ||
    fail "listens beyond loopback"
echo "ok a PostgreSQL of our own"
dir=$PG_DIR
pg_stop
[ ! -e "$dir" ] || fail "$dir left behind"
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p $((PORT + 1)) && fail "still running"
echo "ok pg_stop"
echo ok
