# Retention (UU PDP): kabard purges, once a day, message texts older
# than retention.messages_days, closed tickets' texts, notes and NIK older
# than complaints_days, and audit rows older than audit_days. Rows and
# counts stay; what is younger, or still open, or still to be sent, stays
# whole; 0 keeps that kind for ever.
. tests/integration/common.sh

write_conf 'retention : { messages_days = 30; complaints_days = 100; audit_days = 0; };'
start_gw
stop_gw

now=$(date +%s)
old=$((now - 40 * 86400))
older=$((now - 200 * 86400))
ancient=$((now - 3000 * 86400))
sql "
INSERT INTO inbox (fingerprint, modem, sender, phone, text, received_at, state)
  VALUES ('o1', 'm1', '+6281300000001', '+6281300000001', 'ADUAN lama sekali', $old, 'done'),
         ('o2', 'm1', '+6281300000002', '+6281300000002', 'INFO baru', $now, 'done');
INSERT INTO inbox (fingerprint, modem, sender, text, received_at, state, raw)
  VALUES ('o3', 'm1', '?', '', $old, 'unreadable', '07912618');
INSERT INTO outbox (recipient, text, status, created_at, not_before)
  VALUES ('+6281300000001', 'balasan lama', 'sent', $old, 0),
         ('+6281300000001', 'siaran tertunda', 'queued', $old, $((now + 86400))),
         ('+6281300000002', 'balasan baru', 'sent', $now, 0);
INSERT INTO tickets (number, kind, phone, category, text, status, note, nik, created_at, updated_at)
  VALUES ('111118', 'complaint', '+6281300000001', 'PU', 'jalan rusak', 'selesai', 'sudah', NULL, $older, $older),
         ('222224', 'letter', '+6281300000001', NULL, 'domisili', 'ditolak', NULL, '3201234508900001', $older, $older),
         ('333330', 'complaint', '+6281300000001', 'PU', 'masih terbuka', 'diproses', 'nanti', NULL, $older, $older),
         ('444446', 'complaint', '+6281300000001', 'PU', 'baru selesai', 'selesai', NULL, NULL, $older, $now);
INSERT INTO ticket_history (number, status, note, by, at)
  VALUES ('111118', 'selesai', 'catatan lama', '+6281200000001', $older);
INSERT INTO journal (type, at, data, synced_at)
  VALUES ('complaint', $older, '{\"status\":\"baru\",\"text\":\"jalan rusak\",\"ticket\":\"111118\"}', $older),
         ('complaint', $older, '{\"status\":\"baru\",\"text\":\"masih terbuka\",\"ticket\":\"333330\"}', $older);
INSERT INTO audit (at, phone, command, allowed, detail)
  VALUES ($ancient, '+6281200000001', 'SIAR', 1, 'x');
"
counts() { sql "SELECT (SELECT COUNT(*) FROM inbox), (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM journal)"; }
before=$(counts)
start_gw
purged() { [ "$(sql "SELECT value FROM meta WHERE key = 'retention_day'")" = "$(TZ=Asia/Jakarta date +%F)" ]; }
wait_for 30 purged || fail "retention did not run"

[ "$(sql "SELECT text FROM inbox WHERE fingerprint = 'o1'")" = "" ] || fail "an old inbox text stays"
[ "$(sql "SELECT text FROM inbox WHERE fingerprint = 'o2'")" = "INFO baru" ] || fail "a new inbox text went"
[ "$(sql "SELECT raw IS NULL FROM inbox WHERE fingerprint = 'o3'")" = 1 ] || fail "an old raw PDU stays"
[ "$(sql "SELECT text FROM outbox WHERE text = 'balasan lama'")" = "" ] || fail "an old outbox text stays"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE text IN ('siaran tertunda', 'balasan baru')")" = 2 ] ||
	fail "a queued or new outbox text went"
[ "$(sql "SELECT text || '|' || COALESCE(note, '') FROM tickets WHERE number = '111118'")" = "|" ] ||
	fail "an old closed complaint keeps its text"
[ "$(sql "SELECT COALESCE(nik, 'gone') FROM tickets WHERE number = '222224'")" = gone ] ||
	fail "an old refused letter keeps its NIK"
[ "$(sql "SELECT text FROM tickets WHERE number = '333330'")" = "masih terbuka" ] ||
	fail "an open complaint lost its text"
[ "$(sql "SELECT text FROM tickets WHERE number = '444446'")" = "baru selesai" ] ||
	fail "a recently closed complaint lost its text"
[ "$(sql "SELECT COALESCE(note, 'gone') FROM ticket_history WHERE number = '111118'")" = gone ] ||
	fail "an old closed ticket's history note stays"
sql "SELECT data FROM journal WHERE data LIKE '%111118%'" | grep -q "jalan rusak" &&
	fail "a sent record keeps an old closed complaint's text"
sql "SELECT data FROM journal WHERE data LIKE '%333330%'" | grep -q "masih terbuka" ||
	fail "an open complaint's record lost its text"
# audit_days = 0: kept for ever.
[ "$(sql "SELECT COUNT(*) FROM audit WHERE at = $ancient")" = 1 ] || fail "audit_days = 0 deleted audit rows"
[ "$(counts)" = "$before" ] || fail "rows went: $(counts), were $before"
log_has "Retention: personal data past its time was removed" || fail "retention not logged"
n=$(grep -c "Retention:" "$T/kabard.log")
stop_gw

# Once a day: a restart the same day does nothing more.
sql "INSERT INTO inbox (fingerprint, modem, sender, phone, text, received_at, state)
  VALUES ('o4', 'm1', '+6281300000003', '+6281300000003', 'lama juga', $old, 'done')"
start_gw
stop_gw
[ "$(sql "SELECT text FROM inbox WHERE fingerprint = 'o4'")" = "lama juga" ] ||
	fail "retention ran twice in a day"
# The next day it runs again; audit_days set now deletes what is older.
sql "UPDATE meta SET value = '2000-01-01' WHERE key = 'retention_day'"
write_conf 'retention : { messages_days = 30; complaints_days = 100; audit_days = 365; };'
start_gw
wait_for 30 purged || fail "retention did not run the next day"
[ "$(sql "SELECT text FROM inbox WHERE fingerprint = 'o4'")" = "" ] || fail "the next day's purge missed a text"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE at = $ancient")" = 0 ] || fail "old audit rows stay"
stop_gw
check_log
echo ok
