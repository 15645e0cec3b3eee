# The head broadcasts by SMS: estimate and code, YA code, the broadcast
# goes out at the modem's rate, survives a restart in the middle, skips a
# resident who opts out meanwhile, and ends with one summary to the head.
. tests/integration/common.sh

RATE=60 write_conf
# kabard creates the database on its first start; kabar never does.
start_gw
stop_gw
i=1
{ echo "phone,name,group"; while [ $i -le 6 ]; do echo "08131111000$i,Warga $i,RT01"; i=$((i + 1)); done; } >"$T/r.csv"
kabar residents import "$T/r.csv" >/dev/null || fail import
start_gw
inject --from 081200000001 "SIAR 4321 Kerja bakti Minggu jam 7"
estimate() { sql "SELECT text FROM outbox WHERE recipient = '+6281200000001'" | grep -q "Balas YA"; }
wait_for 10 estimate || fail "no estimate"
code=$(sql "SELECT text FROM outbox WHERE recipient = '+6281200000001'" | sed -n 's/.*Balas YA \([0-9]*\).*/\1/p')
inject --from 081200000001 "YA $code"
queued() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast'")" = 6 ]; }
wait_for 10 queued || fail "broadcast not queued"
some_sent() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast' AND status = 'sent'")" -ge 1 ]; }
wait_for 10 some_sent || fail "nothing sent"
stop_gw
inject --from 081311110006 "BERHENTI"
start_gw
summary() { sql "SELECT text FROM outbox WHERE kind = 'notice' AND recipient = '+6281200000001'" | grep -q "selesai"; }
wait_for 30 summary || fail "no summary: $(sql "SELECT status, COUNT(*) FROM outbox WHERE kind = 'broadcast' GROUP BY 1")"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast' AND recipient = '+6281311110006' AND status = 'sent'")" = 0 ] ||
	[ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast' AND status = 'cancelled'")" = 0 ] ||
	fail "opted-out resident got it"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast' AND status IN ('queued', 'sending')")" = 0 ] ||
	fail "rows left"
sql "SELECT text FROM outbox WHERE kind = 'notice'" | grep -Eq "[56] terkirim" || fail "summary counts"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'notice'")" = 1 ] || fail "more than one summary"
out() { [ -n "$(sql "SELECT opted_out_at FROM residents WHERE phone = '+6281311110006'")" ]; }
wait_for 10 out || fail "opt-out not handled"
kabar broadcast --yes "Rapat RT" | grep -q "untuk 5 warga" || fail "CLI broadcast"
stop_gw
check_log
