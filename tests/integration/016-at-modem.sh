# kabard on a USB modem as libgammu's AT driver sees one: tests/fakemodem
# on a pseudo-terminal. A keyword SMS is read in PDU mode and answered; a
# long complaint arrives in parts and is joined; a UCS-2 message is read;
# a long reply goes out concatenated and a non-GSM reply as UCS-2; every
# message read is deleted from the SIM only after it is stored.
. tests/integration/common.sh

start_fake m1
MODEMS="$(at_modem m1)" write_conf
start_gw
fake m1 sms +6281230000001 DAFTAR Budi '#RT01'
replied() { sent_on m1 | grep -q "^+6281230000001	1/1	Terima kasih Budi"; }
wait_for 20 replied || fail "no reply over the AT driver: $(sent_on m1)"

fake m1 long +6281230000002 "ADUAN $(printf 'jalan di RT01 rusak parah %.0s' $(seq 1 15))"
fake m1 sms +6281230000003 "DAFTAR Ñoño Ş #RT02"
fake m1 sms +6281230000004 INFO
four() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state = 'done'")" = 4 ]; }
wait_for 20 four || fail "not all handled: $(sql "SELECT id, state, text FROM inbox")"
[ "$(sql "SELECT parts FROM inbox WHERE phone = '+6281230000002'")" = 3 ] || fail "long message not joined"
sql "SELECT text FROM inbox WHERE phone = '+6281230000002'" | grep -q "rusak parah jalan di RT01 rusak parah" || fail "long text"
[ "$(sql "SELECT name FROM residents WHERE phone = '+6281230000003'")" = "Ñoño Ş" ] || fail "UCS-2 name: $(sql "SELECT name FROM residents")"
# The UCS-2 reply goes in two parts of 67 characters.
sent() { [ "$(sent_on m1 | wc -l)" -ge 4 ]; }
wait_for 20 sent || fail "replies: $(sent_on m1)"
sent_on m1 | grep -q "^+6281230000003	1/2	Terima kasih Ñoño Ş" || fail "UCS-2 reply: $(sent_on m1)"
# A long notice goes out in parts.
kabar send 081230000005 "$(printf 'Pengumuman panjang untuk warga desa. %.0s' $(seq 1 8))" >/dev/null
parts() { [ "$(sent_on m1 | grep -c '^+6281230000005	')" = 2 ]; }
wait_for 20 parts || fail "long send: $(sent_on m1)"
sent_on m1 | grep -q "^+6281230000005	2/2	" || fail "parts numbered: $(sent_on m1)"
# Deleted from the SIM after storing: a CMGD for each location read.
[ "$(grep -c '^AT+CMGD=' "$T/fm-m1/at.log")" -ge 6 ] || fail "not deleted: $(grep CMGD "$T/fm-m1/at.log")"
stop_gw
check_log
echo ok
