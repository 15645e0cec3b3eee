# Village services through the dummy modem: a complaint gets a ticket,
# CEK shows its status, the head changes it with TIKET (the resident is
# told), the CLI lists and changes it, a survey is walked by SMS, and
# five wrong PINs lock the head out.
. tests/integration/common.sh

write_conf
start_gw
inject --from 081311112222 "ADUAN Jembatan di RT02 retak"
ticket_out() { sql "SELECT text FROM outbox WHERE recipient = '+6281311112222'" | grep -q "Nomor tiket"; }
wait_for 10 ticket_out || fail "no ticket reply"
ticket=$(sql "SELECT number FROM tickets")
sql "SELECT text FROM outbox" | grep -q "$ticket" || fail "ticket not in the reply"
inject --from 081399990000 "CEK $ticket"
checked() { sql "SELECT text FROM outbox WHERE recipient = '+6281399990000'" | grep -q "baru"; }
wait_for 10 checked || fail "CEK"
sql "SELECT text FROM outbox WHERE recipient = '+6281399990000'" | grep -q Jembatan && fail "CEK showed the text"
inject --from 081200000001 "TIKET 4321 $ticket diproses Tukang datang Senin"
told() { sql "SELECT text FROM outbox WHERE kind = 'notice'" | grep -q "Tukang datang"; }
wait_for 10 told || fail "resident not told"
kabar complaints --status diproses | grep -q "$ticket" || fail "complaints list"
kabar complaint set "$ticket" selesai "Sudah diperbaiki" | grep -q "sekarang selesai" || fail "complaint set"
told2() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'notice' AND recipient = '+6281311112222'")" = 2 ]; }
wait_for 10 told2 || fail "CLI change not told"

echo '{"code": "SEHAT", "title": "Survei", "questions": [{"text": "Umur?", "type": "number", "min": 0, "max": 120}, {"text": "Saran?", "type": "text"}]}' |
	kabar survey create - >/dev/null || fail "survey create"
inject --from 081377770000 "SURVEI SEHAT"
q1() { sql "SELECT text FROM outbox WHERE recipient = '+6281377770000'" | grep -q "(1/2)"; }
wait_for 10 q1 || fail "survey q1"
inject --from 081377770000 "41"
q2() { sql "SELECT text FROM outbox WHERE recipient = '+6281377770000'" | grep -q "(2/2)"; }
wait_for 10 q2 || fail "survey q2"
inject --from 081377770000 "Tambah bidan"
done_() { [ "$(sql "SELECT COUNT(*) FROM survey_responses")" = 1 ]; }
wait_for 10 done_ || fail "survey not done"
kabar survey results SEHAT --csv | grep -q ',41,Tambah bidan' || fail "survey csv: $(kabar survey results SEHAT --csv)"

for pin in 1111 2222 3333 4444 5555; do
	inject --from 081200000001 "TIKET $pin $ticket ditolak"
done
locked() { [ "$(sql "SELECT COUNT(*) FROM audit WHERE allowed = 0")" -ge 5 ]; }
wait_for 10 locked || fail "wrong PINs not audited"
inject --from 081200000001 "TIKET 4321 $ticket ditolak"
six() { [ "$(sql "SELECT COUNT(*) FROM audit WHERE allowed = 0")" -ge 6 ]; }
wait_for 10 six || fail "locked-out try not audited"
[ "$(sql "SELECT status FROM tickets")" = selesai ] || fail "a locked-out head changed the ticket"
log_has "locked out of admin commands" || fail "lock-out not logged"
stop_gw
