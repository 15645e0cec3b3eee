# The operator's tool as a technician reads it: listings with headers, a
# record a line, names beside numbers, times in the gateway's zone with
# its abbreviation (--json keeps UTC); mistakes told on stderr with what
# would be right and exit 2 (usage) or 1; the configured language.
. tests/integration/common.sh

write_conf
no_http	# these tests need no HTTP port (another may hold it)
start_gw
# A spreadsheet set to Indonesian: semicolons, Excel's BOM, its own header.
printf '\357\273\277No. HP;Nama;Grup\r\n0812-1111-0001;Budi Santoso;RT01\r\n081211110002;"Siti; Bu";rt02\r\n' >"$T/warga.csv"
kabar residents import "$T/warga.csv" | grep -q "2 warga diimpor" || fail "semicolon import"
[ "$(sql "SELECT grp FROM residents WHERE phone = '+6281211110002'")" = RT02 ] || fail "group"
inject --from 081211110001 "ADUAN jalan rusak
di RT 1"
handled() { [ "$(sql "SELECT COUNT(*) FROM inbox WHERE state = 'done'")" = 1 ]; }
wait_for 10 handled || fail "complaint not handled"
ticket=$(sql "SELECT number FROM tickets")

kabar inbox >"$T/inbox" || fail "inbox"
head -1 "$T/inbox" | grep -Eq "^ID +DITERIMA +DARI +NAMA +KEADAAN +TEKS" || fail "inbox header: $(cat "$T/inbox")"
[ "$(wc -l <"$T/inbox")" = 2 ] || fail "one record is not one line: $(cat "$T/inbox")"
grep -Eq "^1 +20[0-9-]+ [0-9:]+ WIB +\+6281211110001 +Budi Santoso +done +ADUAN jalan rusak / di RT 1$" "$T/inbox" ||
	fail "inbox row: $(cat "$T/inbox")"
kabar inbox --json | grep -Eq '"received_at":"20[0-9-]+T[0-9:]+Z"' || fail "inbox --json is not UTC"
sent() { [ "$(sql "SELECT status FROM outbox WHERE id = 1")" = sent ]; }
wait_for 10 sent || fail "the reply was not sent: $(kabar outbox)"
kabar outbox | grep -Eq "^1 +.* WIB +\+6281211110001 +Budi Santoso +sent" || fail "outbox: $(kabar outbox)"
kabar complaints | grep -Eq "^$ticket +20.* WIB .*Budi Santoso +jalan rusak" || fail "complaints: $(kabar complaints)"
kabar residents list | head -1 | grep -Eq "^NOMOR +NAMA +GRUP +TERDAFTAR" || fail "residents header"
kabar complaints --status SELESAI | grep -q "(tidak ada)" || fail "an empty listing says nothing"

# Statuses in any case; a misspelt one is refused with the right ones.
kabar complaint set "$ticket" DiProses "tim berangkat" | grep -q "sekarang diproses" || fail "status case"
kabar complaints --status BARU | grep -q "$ticket" && fail "--status BARU shows a diproses ticket"
kabar complaints --status Diproses | grep -q "$ticket" || fail "--status Diproses"
out=$(kabar complaints --status prosess 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || fail "misspelt status: exit $rc"
echo "$out" | grep -q "'prosess' bukan status aduan; statusnya: baru, diproses, selesai, ditolak" || fail "status message: $out"
out=$(kabar complaint set "$ticket" selesaii 2>&1); [ $? -eq 2 ] || fail "typo status: exit"
echo "$out" | grep -q "maksudnya 'selesai'" || fail "typo not named: $out"

# Tickets: a mistyped one (the README's old CEK 123455) and an unknown one.
out=$(kabar complaint set 123455 selesai 2>&1); [ $? -eq 2 ] || fail "bad check digit: exit"
echo "$out" | grep -q "'123455' bukan nomor tiket" || fail "check digit message: $out"
out=$(kabar complaint set 123459 selesai 2>&1); [ $? -eq 1 ] || fail "unknown ticket: exit"
echo "$out" | grep -q "tiket 123459 tidak ada" || fail "unknown ticket message: $out"

# Unknown poll, command, subcommand, option, file: never silent, never 0.
out=$(kabar poll results AIRR 2>&1); [ $? -eq 1 ] || fail "unknown poll: exit"
echo "$out" | grep -q "polling AIRR tidak ada; belum ada satu pun" || fail "unknown poll: $out"
out=$(kabar inbx 2>&1); [ $? -eq 2 ] || fail "misspelt command: exit"
echo "$out" | grep -q "maksudnya 'inbox'" || fail "misspelt command: $out"
out=$(kabar poll reslts AIR 2>&1); [ $? -eq 2 ] || fail "misspelt subcommand: exit"
echo "$out" | grep -q "maksudnya 'results'" || fail "misspelt subcommand: $out"
out=$(kabar inbox --jsn 2>&1); [ $? -eq 2 ] || fail "unknown option: exit"
echo "$out" | grep -q "opsi '--jsn' tidak dikenal" || fail "unknown option: $out"
out=$(kabar residents import "$T/nope.csv" 2>&1); [ $? -eq 1 ] || fail "missing file: exit"
echo "$out" | grep -q "nope.csv' tidak bisa dibuka" || fail "missing file: $out"
out=$(kabar broadcast --group RT9 --yes "x" 2>&1); [ $? -eq 2 ] || fail "unknown group: exit"
echo "$out" | grep -q "grup 'RT9' tidak ada di konfigurasi; grupnya: RT01, RT02" || fail "group: $out"

# status exits non-zero once no modem is up, and says why.
kabar status >/dev/null || fail "status with the modem up"
stop_gw
out=$(kabar status); rc=$?
[ $rc -eq 1 ] || fail "status with no modem up: exit $rc"
echo "$out" | grep -q "tidak ada modem yang aktif" || fail "status does not say why: $out"

# Another zone, another language: the same store read in WITA, in English.
sed -i -e 's|timezone = "Asia/Jakarta"|timezone = "Asia/Makassar"|' \
    -e 's|language = "id"|language = "en"|' "$CONF"
kabar inbox | head -1 | grep -Eq "^ID +RECEIVED +FROM +NAME +STATE +TEXT" || fail "English header: $(kabar inbox)"
kabar inbox | grep -q " WITA " || fail "WITA: $(kabar inbox)"
out=$(kabar complaints --status prosess 2>&1); [ $? -eq 2 ] || fail "English status: exit"
echo "$out" | grep -q "is not a status of a complaint; the statuses are: baru" || fail "English: $out"
out=$(kabar status); [ $? -eq 1 ] || fail "English status exit"
echo "$out" | grep -q "no modem is up" || fail "English status: $out"
check_log
