# kabar backup while kabard writes: a private (0600), whole, consistent
# copy. kabar restore refuses while kabard runs (naming its pid), refuses
# what is not a kabar database or a schema newer than it knows, keeps the
# old database as DATABASE.before-restore, and gives the restored one a
# new identity so that its records never pass for the original's.
. tests/integration/common.sh

registered() { [ "$(sql "SELECT COUNT(*) FROM residents")" -ge "$1" ]; }

write_conf
start_gw
inject --from 081300000001 "DAFTAR Ani #RT01"
wait_for 10 registered 1 || fail "the first registration was not handled"

# Messages keep coming while the copies are taken.
i=2
while [ $i -le 30 ]; do
	kabar inject --from "0813000000$(printf %02d $i)" "DAFTAR Warga $i" >/dev/null ||
		fail "inject $i"
	i=$((i + 1))
done
n=1
while [ $n -le 5 ]; do
	out=$(kabar backup "$T/copy-$n.db" 2>&1) || fail "backup $n: $out"
	[ "$(stat -c %a "$T/copy-$n.db")" = 600 ] ||
		fail "copy $n has mode $(stat -c %a "$T/copy-$n.db")"
	[ "$(sqlite3 "$T/copy-$n.db" "PRAGMA integrity_check")" = ok ] ||
		fail "copy $n is damaged"
	[ ! -e "$T/copy-$n.db.part" ] || fail "copy $n left its .part"
	n=$((n + 1))
done
wait_for 20 registered 30 || fail "not every registration was handled"
kabar backup "$T/full.db" >/dev/null || fail "the last backup failed"
[ "$(sqlite3 "$T/full.db" "SELECT COUNT(*) FROM residents")" = 30 ] ||
	fail "the copy lacks residents"
# Consistent: every handled inbox row's reply is in the same copy.
for f in "$T"/copy-*.db; do
	miss=$(sqlite3 "$f" "SELECT COUNT(*) FROM inbox i WHERE state = 'done'
	    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.inbox_id = i.id)")
	[ "$miss" = 0 ] || fail "$f: $miss handled messages without their reply"
done

# A restore while kabard runs: refused, with its pid, nothing touched.
out=$(kabar restore "$T/full.db" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "restore beside kabard: exit $rc: $out"
echo "$out" | grep -q "kabard (pid $GW_PID) is running" ||
	fail "restore beside kabard said: $out"
[ ! -e "$DB.before-restore" ] || fail "a refused restore moved the database"
stop_gw

# Things that are not kabar databases of a known schema.
echo "not a database" >"$T/junk.db"
out=$(kabar restore "$T/junk.db" 2>&1) && fail "junk restored: $out"
echo "$out" | grep -q "not a" || fail "junk: $out"
sqlite3 "$T/other.db" "CREATE TABLE t (x); PRAGMA user_version = 3;"
out=$(kabar restore "$T/other.db" 2>&1) && fail "another database restored: $out"
echo "$out" | grep -q "not a kabar database" || fail "other: $out"
cp "$T/full.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999;"
out=$(kabar restore "$T/newer.db" 2>&1) && fail "a newer schema restored: $out"
echo "$out" | grep -q "newer than this kabar knows" || fail "newer: $out"
kabar restore "$T/missing.db" >/dev/null 2>&1 && fail "a missing file restored"
[ ! -e "$DB.before-restore" ] || fail "a refused restore moved the database"

# The real one: an early copy over a database that went on.
old_ids=$(sql "SELECT COUNT(*) FROM store_ids")
old_id=$(sql "SELECT id FROM store_ids ORDER BY since DESC LIMIT 1")
inject_later=$(sql "SELECT COUNT(*) FROM residents")
out=$(kabar restore "$T/copy-1.db" 2>&1) || fail "restore: $out"
echo "$out" | grep -q "before-restore" || fail "restore did not say where the old one is: $out"
[ -f "$DB.before-restore" ] || fail "the old database was not kept"
[ "$(sqlite3 "$DB.before-restore" "SELECT COUNT(*) FROM residents")" = "$inject_later" ] ||
	fail "the kept database lost residents"
[ "$(stat -c %a "$DB")" = 600 ] || fail "the restored database has mode $(stat -c %a "$DB")"
[ "$(sql "SELECT COUNT(*) FROM residents")" = \
  "$(sqlite3 "$T/copy-1.db" "SELECT COUNT(*) FROM residents")" ] ||
	fail "the restored database is not the copy"
copy_ids=$(sqlite3 "$T/copy-1.db" "SELECT COUNT(*) FROM store_ids")
[ "$(sql "SELECT COUNT(*) FROM store_ids")" = $((copy_ids + 1)) ] ||
	fail "no new identity: $(sql "SELECT * FROM store_ids")"
new_id=$(sql "SELECT id FROM store_ids ORDER BY since DESC LIMIT 1")
[ "$new_id" != "$old_id" ] || fail "the restored database kept the identity $old_id"
[ "$old_ids" -ge 1 ] || fail "the original had no identity"
[ "$(sql "PRAGMA user_version")" = "$(sqlite3 "$DB.before-restore" "PRAGMA user_version")" ] ||
	fail "the restored database was not migrated"
# A second restore would lose the kept one: refused.
out=$(kabar restore "$T/full.db" 2>&1) && fail "a second restore overwrote the kept database"
echo "$out" | grep -q "earlier restore" || fail "second restore: $out"

# kabard runs on the restored database, and new records carry the new id.
start_gw
inject --from 081399999999 "DAFTAR Baru"
wait_for 10 registered $(( $(sqlite3 "$T/copy-1.db" "SELECT COUNT(*) FROM residents") + 1 )) ||
	fail "kabard did not handle a message on the restored database"
stop_gw
check_log
echo ok
