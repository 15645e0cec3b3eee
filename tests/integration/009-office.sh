# The office through the dummy modem: a letter from request to mark, the
# counter queue with three residents, a complaint forwarded to its office
# which answers with its own PIN, and the NIK kept out of every SMS and
# every log line above debug.
. tests/integration/common.sh

write_conf '
letters = ( { code = "DOMISILI"; name = "Surat domisili"; bring = "KTP dan KK"; days = 2; } );
categories = ( { code = "PU"; words = ( "jalan", "jembatan" ); contacts = ( "081277770001" ); },
  { code = "PDAM"; words = ( "air" ); contacts = ( "081277770002" ); } );
counters = ( { code = "UMUM"; name = "Pelayanan umum"; hours = "00:00-23:59"; minutes = 5; } );'
# The office contact is an admin for its category only.
sed -i 's/^admins = ( /admins = ( { phone = "081277770001"; name = "PU"; pin = "5555"; role = "office"; category = "PU"; },\n  /' "$CONF"
"$KABARD" --check -c "$CONF" >/dev/null 2>&1 || fail "config: $("$KABARD" --check -c "$CONF" 2>&1)"
start_gw

last_to() { sql "SELECT text FROM outbox WHERE recipient = '$1' ORDER BY id DESC LIMIT 1"; }
has() { last_to "$1" | grep -q "$2"; }

inject --from 081311110001 "SURAT IJAZAH"
wait_for 10 has +6281311110001 "DOMISILI" || fail "unknown letter type"
inject --from 081311110001 "SURAT DOMISILI pindah RT NIK 3201234508900001"
wait_for 10 has +6281311110001 "KTP dan KK" || fail "letter request"
ticket=$(sql "SELECT number FROM tickets WHERE kind = 'letter'")
inject --from 081200000001 "TIKET 4321 $ticket siap"
wait_for 10 has +6281311110001 "siap diambil" || fail "ready not told"
inject --from 081311110001 "CEK $ticket"
wait_for 10 has +6281311110001 "Tiket $ticket: siap" || fail "CEK letter"
inject --from 081200000001 "TIKET 4321 $ticket selesai"
wait_for 10 has +6281311110001 "Beri nilai" || fail "no request for a mark"
inject --from 081311110001 "5"
wait_for 10 has +6281311110001 "Terima kasih atas" || fail "mark"
kabar report satisfaction --csv | grep -q '^letter,DOMISILI,1,5.00,0,0,0,0,1' ||
	fail "report: $(kabar report satisfaction --csv)"

# One after another, as residents arrive: messages the modem holds
# together come in the order its folder lists them.
for i in 1 2 3 4; do
	inject --from "08132222000$i" "ANTRI"
	wait_for 10 has +628132222000$i "Nomor antrian $i" || fail "queue reply $i"
done
four() { [ "$(sql "SELECT COUNT(*) FROM queue")" = 4 ]; }
wait_for 10 four || fail "queue"
kabar queue next | grep -q "nomor 1" || fail "CLI next"
come() { sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281322220004' AND kind = 'notice'" | grep -q 1; }
wait_for 10 come || fail "no come-now SMS"

inject --from 081333330001 "ADUAN Jembatan desa retak"
forwarded() { sql "SELECT text FROM outbox WHERE recipient = '+6281277770001'" | grep -q "Jembatan desa"; }
wait_for 10 forwarded || fail "not forwarded to PU"
pu=$(sql "SELECT number FROM tickets WHERE category = 'PU'")
inject --from 081333330002 "ADUAN air sumur keruh"
pdam_in() { [ -n "$(sql "SELECT number FROM tickets WHERE category = 'PDAM'")" ]; }
wait_for 10 pdam_in || fail "PDAM complaint"
pdam=$(sql "SELECT number FROM tickets WHERE category = 'PDAM'")
inject --from 081277770001 "TIKET 5555 $pu diproses Tim datang besok"
pu_done() { [ "$(sql "SELECT status FROM tickets WHERE number = '$pu'")" = diproses ]; }
wait_for 10 pu_done || fail "office could not update its ticket"
inject --from 081277770001 "TIKET 5555 $pdam selesai"
refused() { [ "$(sql "SELECT COUNT(*) FROM audit WHERE detail = 'another office''s ticket'")" = 1 ]; }
wait_for 10 refused || fail "office touched another category"
[ "$(sql "SELECT status FROM tickets WHERE number = '$pdam'")" = baru ] || fail "PDAM ticket changed"

stop_gw
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE text LIKE '%3201234508900001%'")" = 0 ] || fail "NIK in an SMS"
if grep -v ' DEBUG: ' "$T/kabard.log" | grep -q 3201234508900001; then fail "NIK in the log"; fi
check_log
