# SIM credit and missed calls on a fake USB modem. The credit is read by
# USSD at start: below balance_warn the admins get one SMS; below
# balance_floor broadcasts wait while replies to residents go on. An
# admin's SALDO gets the amount back. A missed call from a resident stands
# for an INFO message, once a day per number.
. tests/integration/common.sh

start_fake m1
fake m1 ussd "Sisa pulsa Anda Rp12.345,00 berlaku s/d 31-12-2026"
MODEMS="$(at_modem m1 'balance_ussd = "*888#"; balance_warn = 20000; balance_floor = 15000;')" \
    write_conf 'calls : { missed_call = "INFO"; };'
start_gw
credit() { [ "$(sql "SELECT balance FROM modem_status WHERE name = 'm1'")" = 12345 ]; }
wait_for 30 credit || fail "credit not read: $(sql "SELECT balance FROM modem_status")"
grep -q 'AT+CUSD=1,"002A0038003800380023"' "$T/fm-m1/at.log" || fail "USSD not dialled"
warned() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281200000001' AND text LIKE '%tinggal Rp12.345,%'")" = 1 ]; }
wait_for 10 warned || fail "admins not warned: $(sql "SELECT recipient, text FROM outbox")"
kabar status | grep -Eq "^m1 +up +[0-9]+ +home +510 10 +12345" || fail "status: $(kabar status)"

# Below the floor: a broadcast waits, a reply goes.
fake m1 sms +6281230000001 "DAFTAR Budi #RT01"
budi() { [ "$(sql "SELECT COUNT(*) FROM residents")" = 1 ]; }
wait_for 20 budi || fail "Budi not registered"
kabar broadcast --yes "Kerja bakti Minggu" >/dev/null || fail "broadcast"
fake m1 sms +6281230000002 "INFO"
replied() { sent_on m1 | grep -q "^+6281230000002	"; }
wait_for 20 replied || fail "replies stopped below the floor"
[ "$(sql "SELECT status FROM outbox WHERE kind = 'broadcast'")" = queued ] || fail "a broadcast went below the floor"

# SALDO from an admin: the amount comes back.
fake m1 ussd "Pulsa Rp25.000. Aktif s/d 2027"
fake m1 sms +6281200000001 "SALDO 4321"
saldo() { sent_on m1 | grep -q "^+6281200000001	1/1	Pulsa modem m1: Rp25.000\."; }
wait_for 30 saldo || fail "SALDO: $(sent_on m1)"
# One modem: its answer is the one SMS the admin gets.
sent_on m1 | grep -q "^+6281200000001	1/1	Pulsa 1 modem sedang diperiksa" && fail "SALDO cost an interim SMS"
# Topped up above the floor: the broadcast goes.
bc() { [ "$(sql "SELECT status FROM outbox WHERE kind = 'broadcast'")" = sent ]; }
wait_for 20 bc || fail "the broadcast did not go after the top-up"
fake m1 sms +6281230000009 "SALDO 4321"
sleep 1
sent_on m1 | grep -q "^+6281230000009	" && fail "SALDO answered a resident"

# A missed call: INFO is answered at no cost to the caller, once.
fake m1 ring +6281230000005
info() { sent_on m1 | grep -c "^+6281230000005	1/1	Kata kunci"; }
wait_for 20 sh -c "[ \$(grep -c '^+6281230000005	' '$T/fm-m1/sent.log') -ge 1 ]" || fail "missed call not answered"
sleep 9		# rings 8 s apart are another call
fake m1 ring +6281230000005
wait_for 10 sh -c "[ \$(sqlite3 '$DB' \"SELECT COUNT(*) FROM calls\") = 2 ]" || fail "second call not seen"
sleep 1
[ "$(info)" = 1 ] || fail "answered twice: $(sent_on m1)"
stop_gw
echo ok
