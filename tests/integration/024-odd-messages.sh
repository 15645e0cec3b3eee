# Messages as real phones and operators send them, read from the dummy
# phone's files: a concatenation header with another element beside it
# (8- and 16-bit references) is joined; a NUL inside a text does not cut
# it; a sender name with a control character is stored printable.
. tests/integration/common.sh

# put LOC NUMBER CODING UDH HEXTEXT LENGTH: a message file in the inbox
put() {
	mkdir -p "$MODEM/sms/3"
	{
		printf '[SMSBackup000]\nSMSC = ""\nPDU = Deliver\n'
		printf 'DateTime = 20261201T080000Z\nState = UnRead\n'
		printf 'Number = "%b"\nCoding = %s\n' "$2" "$3"
		[ -n "$4" ] && printf 'UDH = %s\n' "$4"
		printf 'Text00 = %s\nFolder = 3\nLength = %s\nClass = -1\n' "$5" "$6"
	} >"$MODEM/sms/3/.tmp$1"
	mv "$MODEM/sms/3/.tmp$1" "$MODEM/sms/3/$1"
}
# hex TEXT: UTF-16BE hex of an ASCII text, as Gammu's backup keeps it
hex() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | sed 's/\(..\)/00\1/g' |
	    tr a-f A-F
}

write_conf
mkdir -p "$MODEM/sms/3"
p1="ADUAN jalan di RT 01 rusak parah sejak "
p2="hujan minggu lalu"
# An 8-bit reference, a text-formatting element after it.
put 1 "+6281311112222" Default_No_Compression "0A0003AB02010A03000500" "$(hex "$p1")" ${#p1}
put 2 "+6281311112222" Default_No_Compression "0A0003AB02020A03000500" "$(hex "$p2")" ${#p2}
# A 16-bit reference, the other element first.
q1="ADUAN lampu jalan mati di "
q2="dekat masjid"
put 3 "+6281322223333" Default_No_Compression "0B0A030005000804ABCD0201" "$(hex "$q1")" ${#q1}
put 4 "+6281322223333" Default_No_Compression "0B0A030005000804ABCD0202" "$(hex "$q2")" ${#q2}
# A NUL inside the text.
n1="ADUAN air"
n2=" keruh"
put 5 "+6281344445555" Unicode_No_Compression "" "$(hex "$n1")0000$(hex "$n2")" $(( ${#n1} + 1 + ${#n2} ))
# An operator's name with a control character.
put 6 'O2\021' Default_No_Compression "" "$(hex "Promo")" 5
start_gw

all_in() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state != 'new'")" = 4 ]; }
wait_for 15 all_in || fail "not 4 inbox rows: $(sql "SELECT sender, parts, text FROM inbox")"
[ "$(sql "SELECT text FROM inbox WHERE phone = '+6281311112222'")" = "$p1$p2" ] ||
	fail "8-bit parts with another element not joined: $(sql "SELECT text FROM inbox WHERE phone = '+6281311112222'")"
[ "$(sql "SELECT text FROM inbox WHERE phone = '+6281322223333'")" = "$q1$q2" ] ||
	fail "16-bit parts with another element not joined"
[ "$(sql "SELECT text FROM inbox WHERE phone = '+6281344445555'")" = "$n1$n2" ] ||
	fail "a NUL cut the text: $(sql "SELECT text FROM inbox WHERE phone = '+6281344445555'")"
[ "$(sql "SELECT sender FROM inbox WHERE phone IS NULL")" = "O2?" ] ||
	fail "the sender is stored as $(sql "SELECT hex(sender) FROM inbox WHERE phone IS NULL")"
[ "$(sql "SELECT COUNT(*) FROM tickets")" = 3 ] || fail "not 3 complaints"
wait_for 5 phone_empty || fail "messages left on the phone"
stop_gw
check_log
