# Two USB modems (fake AT modems), one on each operator. An SMS goes out
# through the modem whose SIM is on the recipient's network; a send the
# network refuses goes again through the other modem; a modem that fails
# three sends in a row rests; status reports mark each message delivered
# (a `delivery` record for the district) or send it again elsewhere.
. tests/integration/common.sh

start_fake m1
start_fake m2
fake m1 reports delivered
fake m2 reports delivered
MODEMS="$(at_modem m1 'operator_prefixes = [ "0812", "0813" ]; rest_seconds = 600;'),
  $(at_modem m2 'operator_prefixes = [ "0817", "0818" ];')" write_conf
start_gw
upboth() { [ "$(sql "SELECT COUNT(*) FROM modem_status WHERE state = 'up'")" = 2 ]; }
wait_for 20 upboth || fail "both modems did not come up"
routes() { sql "SELECT prefixes FROM modem_status WHERE name = 'm2'" | grep -q '+62817'; }
wait_for 10 routes || fail "prefixes not recorded"

# On-net: each goes through the modem of its network.
kabar send 081230000001 "Untuk Telkomsel" >/dev/null
kabar send 081730000002 "Untuk XL" >/dev/null
sent() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" -ge "$1" ]; }
wait_for 20 sent 2 || fail "not sent: $(sql "SELECT id, status, modem FROM outbox")"
[ "$(sql "SELECT modem FROM outbox WHERE recipient = '+6281230000001'")" = m1 ] || fail "0812 not on m1"
[ "$(sql "SELECT modem FROM outbox WHERE recipient = '+6281730000002'")" = m2 ] || fail "0817 not on m2"

# Delivered: the reports come back as stored SMS and are matched.
delivered() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE delivery = 'delivered'")" -ge "$1" ]; }
wait_for 20 delivered 2 || fail "reports: $(sql "SELECT id, modem, reference, delivery FROM outbox")"
[ "$(sql "SELECT COUNT(*) FROM journal WHERE type = 'delivery'")" -ge 2 ] || fail "no delivery records"

# m1's network refuses one send: it goes out on m2 instead.
fake m1 fail 1
kabar send 081230000003 "Coba lagi lewat modem lain" >/dev/null
wait_for 20 sent 3 || fail "the refused send did not go again"
[ "$(sql "SELECT modem || ' ' || tries FROM outbox WHERE recipient = '+6281230000003'")" = "m2 2" ] ||
	fail "retry: $(sql "SELECT modem, tries, status, last_error FROM outbox WHERE recipient = '+6281230000003'")"

# A failed delivery report: sent again through the other modem.
fake m2 reports failed
kabar send 081730000004 "Laporan gagal" >/dev/null
again() { [ "$(sql "SELECT modem || ' ' || delivery FROM outbox WHERE recipient = '+6281730000004'")" = "m1 delivered" ]; }
wait_for 30 again || fail "not sent again after a failed report: $(sql "SELECT modem, tries, status, delivery FROM outbox WHERE recipient = '+6281730000004'")"
fake m2 reports delivered

# Three refusals in a row: m1 rests, its traffic goes through m2.
fake m1 fail 3
for i in 5 6 7; do
	kabar send 08123000000$i "Pesan $i" >/dev/null
done
rested() { kabar status | grep -Eq "^m1 +resting"; }
wait_for 30 rested || fail "m1 did not rest: $(kabar status)"
log_has "Modem m1 failed 3 sends in a row" || fail "rest not logged"
all() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND recipient LIKE '+62812300000%'")" = 5 ]; }
wait_for 30 all || fail "messages stuck behind the resting modem: $(sql "SELECT id, modem, status, tries FROM outbox")"
kabar send 081230000008 "Saat m1 istirahat" >/dev/null
eight() { [ "$(sql "SELECT modem FROM outbox WHERE recipient = '+6281230000008' AND status = 'sent'")" = m2 ]; }
wait_for 20 eight || fail "a resting modem was used"
stop_gw
echo ok
