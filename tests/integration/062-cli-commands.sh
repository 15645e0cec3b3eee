# The commands issue 16 found missing, as an operator uses them: letters
# and letter set, residents set and remove, five wrong PINs seen in the
# audit and lifted by admin unlock, pin-hash asked twice without the
# command line, and poll and survey results a person can use.
. tests/integration/common.sh

write_conf 'letters = ( { code = "DOMISILI"; name = "Surat domisili"; bring = "KTP dan KK"; days = 2; } );'
no_http	# these tests need no HTTP port (another may hold it)
start_gw
printf 'phone,name,group\n081311110001,Budi,RT01\n081311110002,Siti,RT02\n081311110003,Joko,RT02\n' >"$T/r.csv"
kabar residents import "$T/r.csv" >/dev/null || fail import

# Letters: listed with the resident's name, set through the same path as
# complaints (the resident gets the SMS), statuses in any case.
inject --from 081311110001 "SURAT DOMISILI pindah RT"
letter() { [ "$(sql "SELECT COUNT(*) FROM tickets WHERE kind = 'letter'")" = 1 ]; }
wait_for 10 letter || fail "no letter request"
t=$(sql "SELECT number FROM tickets WHERE kind = 'letter'")
kabar letters | grep -Eq "^$t +20.* WIB +diterima +.* DOMISILI +\+6281311110001 +Budi" || fail "letters: $(kabar letters)"
kabar letters --status SIAP | grep -q "(tidak ada)" || fail "letters --status SIAP"
out=$(kabar letters --status baru 2>&1); [ $? -eq 2 ] || fail "a complaint status for a letter: exit"
echo "$out" | grep -q "statusnya: diterima, diproses, siap, selesai, ditolak" || fail "letter statuses: $out"
kabar letter set "$t" SIAP "bawa KTP" | grep -q "sekarang siap" || fail "letter set"
told() { sql "SELECT text FROM outbox WHERE recipient = '+6281311110001' ORDER BY id DESC LIMIT 1" | grep -qi "siap"; }
wait_for 10 told || fail "the resident was not told: $(sql "SELECT text FROM outbox")"
kabar letters --status siap | grep -q "$t" || fail "letters --status siap"
out=$(kabar complaint set "$t" selesai 2>&1); [ $? -eq 2 ] || fail "complaint set on a letter: exit"
echo "$out" | grep -q "kabar letter set $t" || fail "complaint set on a letter: $out"

# Residents: set a name and group, remove (unregistered, kept history).
kabar residents set 0813-1111-0002 --name "Siti Aminah" --group rt01 | grep -q "Siti Aminah, grup RT01" || fail "residents set"
[ "$(sql "SELECT name || ',' || grp FROM residents WHERE phone = '+6281311110002'")" = "Siti Aminah,RT01" ] || fail "set stored"
kabar residents set 081311110002 --group RT07 2>&1 | grep -q "grupnya: RT01, RT02" || fail "unknown group"
kabar residents set 081399999999 --name X 2>/dev/null; [ $? -eq 1 ] || fail "set on a stranger: not exit 1"
kabar residents set 081311110002 2>&1 | grep -q -- "--name N, --group G" || fail "set with nothing to set"
kabar residents remove 081311110003 | grep -q "tidak terdaftar lagi" || fail "remove"
[ "$(sql "SELECT COUNT(*) FROM residents WHERE phone = '+6281311110003'")" = 0 ] || fail "still registered"
[ "$(sql "SELECT COUNT(*) FROM journal WHERE type = 'optout'")" = 1 ] || fail "no optout for the district"
kabar residents remove 081311110003 2>/dev/null; [ $? -eq 1 ] || fail "remove twice: not exit 1"

# Five wrong PINs: locked out, in the audit; admin unlock lifts it.
for pin in 1111 2222 3333 4444 5555; do inject --from 081200000001 "SALDO $pin"; done
locked() { [ "$(sql "SELECT COUNT(*) FROM admin_locks WHERE locked_until > 0")" = 1 ]; }
wait_for 15 locked || fail "not locked out"
kabar audit >"$T/audit" || fail audit
head -1 "$T/audit" | grep -Eq "^WAKTU +NOMOR +NAMA +PERINTAH +KETERANGAN" || fail "audit header: $(cat "$T/audit")"
[ "$(grep -c "PIN salah" "$T/audit")" = 5 ] || fail "audit rows: $(cat "$T/audit")"
grep -q "PIN salah; nomor dikunci satu jam" "$T/audit" || fail "the lock-out is not told: $(cat "$T/audit")"
grep -Eq " Kades +SALDO " "$T/audit" || fail "the admin is not named: $(cat "$T/audit")"
kabar audit --json | grep -q '"detail":"wrong PIN"' || fail "audit --json keeps the stored words"
grep -q "WIB" "$T/audit" || fail "audit times"
kabar audit --since "2099-01-01 08:00" | grep -q "(tidak ada)" || fail "audit --since"
kabar audit --since kemarin 2>&1 | grep -q "2026-12-01 17:00" || fail "audit --since garbage"
kabar admin unlock 0812-0000-0001 | grep -q "sudah dibuka" || fail "unlock"
[ "$(sql "SELECT COUNT(*) FROM admin_locks")" = 0 ] || fail "lock still there"
kabar admin unlock 081200000001 | grep -q "tidak terkunci" || fail "unlock twice"
inject --from 081200000001 "SALDO 4321"
ok() { [ "$(sql "SELECT COUNT(*) FROM audit WHERE allowed = 1")" -ge 1 ]; }
wait_for 10 ok || fail "the right PIN still refused after unlock"

# pin-hash: twice, from stdin when it is not a terminal; never argv.
h=$(printf '4321\n4321\n' | kabar pin-hash) || fail "pin-hash"
[ -n "$h" ] && ! echo "$h" | grep -q 4321 || fail "pin-hash printed: $h"
printf '4321\n4322\n' | kabar pin-hash >/dev/null 2>&1; [ $? -eq 2 ] || fail "two PINs differ: not exit 2"
kabar pin-hash 4321 2>&1 | grep -q "tidak pernah dari baris perintah" || fail "pin on the command line"

# A poll closing at a local time, results by name, percent and group.
echo '{"code": "AIR", "question": "Sumber air?", "options": ["Sumur bor", "PDAM", "Tandon"], "closes_at": "2099-12-08 17:00"}' |
	kabar poll create - >/dev/null || fail "poll create"
kabar poll list | grep -Eq "^AIR +open +0 +2099-12-08 17:00 WIB" || fail "poll list: $(kabar poll list)"
kabar poll list --json | grep -q '"options":\["Sumur bor","PDAM","Tandon"\]' || fail "poll list --json options"
for p in 1 2; do inject --from "08131111000$p" "PILIH AIR 1"; done
votes() { [ "$(sql "SELECT COUNT(*) FROM votes")" = 2 ]; }
wait_for 10 votes || fail votes
kabar poll results AIR >"$T/res" || fail "results"
grep -q "^AIR: Sumber air?" "$T/res" && grep -q "dibuka sampai 2099-12-08 17:00 WIB, 2 suara" "$T/res" || fail "results head: $(cat "$T/res")"
grep -Eq "^\(semua\) +1 +Sumur bor +2 +100.0" "$T/res" || fail "results all: $(cat "$T/res")"
grep -Eq "^\(semua\) +3 +Tandon +0 +0.0" "$T/res" || fail "an option with no votes: $(cat "$T/res")"
grep -Eq "^RT01 +1 +Sumur bor +2 +100.0" "$T/res" || fail "results per group: $(cat "$T/res")"
kabar poll results AIR --csv | grep -q '^RT01,1,Sumur bor,2,100.0' || fail "csv: $(kabar poll results AIR --csv)"

# A survey: listed, results one column a question, choices by name.
echo '{"code": "SEHAT", "title": "Survei", "questions": [{"text": "Umur?", "type": "number"}, {"text": "Lahir di mana?", "type": "choice", "options": ["Rumah", "Puskesmas"]}, {"text": "Saran, kalau ada?", "type": "text"}]}' |
	kabar survey create - >/dev/null || fail "survey create"
# Each answer after the question it answers (its reply counted, no sleep).
replies() { [ "$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281311110001'")" -ge "$1" ]; }
n=$(sql "SELECT COUNT(*) FROM outbox WHERE recipient = '+6281311110001'")
for a in "SURVEI SEHAT" 41 2 'Tambah "bidan", ya'; do
	inject --from 081311110001 "$a"
	n=$((n + 1))
	wait_for 10 replies $n || fail "no answer to '$a'"
done
answered() { [ "$(sql "SELECT COUNT(*) FROM survey_responses")" = 1 ]; }
wait_for 10 answered || fail "survey not answered"
kabar survey list | grep -Eq "^SEHAT +3 +1 +20.* WIB +Survei" || fail "survey list: $(kabar survey list)"
kabar survey results SEHAT --csv >"$T/s.csv"
head -1 "$T/s.csv" | grep -q '^jawaban,waktu (WIB),1. Umur?,2. Lahir di mana?,"3. Saran, kalau ada?"' || fail "survey csv head: $(cat "$T/s.csv")"
grep -q ',41,Puskesmas,"Tambah ""bidan"", ya"' "$T/s.csv" || fail "survey csv row: $(cat "$T/s.csv")"
kabar survey results SEHAT | grep -q "Puskesmas" || fail "survey table"
out=$(kabar survey results SEHAT --xls 2>&1); [ $? -eq 2 ] || fail "survey --xls: exit"
stop_gw
check_log
