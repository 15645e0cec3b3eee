# Several messages libgammu 1.42 cannot decode on one SIM (a truncated
# PDU, as some SMSCs send and newer Gammu reads): each is said once in the
# log, kept in the inbox with its raw PDU, its text read from the PDU and
# handled, and only then deleted from the SIM. The good ones around them
# go through as usual.
. tests/integration/common.sh

# "ADUAN pipa air bocor di RT03" from +6281230000007, cut after 17 chars.
CUT=040D91261832000000F70000621132411004821C416235E804C1D3F030289C9683C4EF
# The same truncation from two more senders.
CUT2=040D91261832000000F80000621132411004821C416235E804C1D3F030289C9683C4EF
CUT3=040D91261832000000F90000621132411004821C416235E804C1D3F030289C9683C4EF
start_fake m1
fake m1 pdu $CUT
fake m1 sms +6281230000003 "DAFTAR Sesudah #RT01"
fake m1 pdu $CUT2
fake m1 pdu $CUT3
MODEMS="$(at_modem m1)" write_conf
start_gw
kept() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE raw IS NOT NULL")" = 3 ]; }
wait_for 30 kept || fail "not kept raw: $(sql "SELECT id, sender, state, raw FROM inbox")"
[ "$(sql "SELECT COUNT(*) FROM inbox WHERE raw IS NOT NULL AND text = 'ADUAN pipa air bo'")" = 3 ] ||
	fail "text not read from the PDU: $(sql "SELECT text FROM inbox")"
[ "$(sql "SELECT raw FROM inbox WHERE phone = '+6281230000007'")" = "00$CUT" ] || fail "raw PDU"
complaints() { [ "$(sql "SELECT COUNT(*) FROM tickets")" = 3 ]; }
wait_for 20 complaints || fail "the rescued complaints were not filed"
[ "$(sql "SELECT COUNT(*) FROM residents")" = 1 ] || fail "the good message was not handled"
for loc in 1 3 4; do
	grep -q "^AT+CMGD=$loc\$" "$T/fm-m1/at.log" || fail "location $loc not deleted"
done
[ "$(grep -c 'cannot be read' "$T/kabard.log")" = 3 ] ||
	fail "each unreadable message should be said once: $(grep -c 'cannot be read' "$T/kabard.log")"
kabar inbox --json | grep -q "\"raw\":\"00$CUT\"" || fail "inbox --json shows no raw"
stop_gw
