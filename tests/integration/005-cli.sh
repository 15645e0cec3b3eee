# The operator's tool: help for every command, send, residents import
# (all or nothing) and export, and listings while the daemon runs.
. tests/integration/common.sh

write_conf
for c in status inbox outbox send residents inject; do
	kabar $c --help | grep -q "^pemakaian: kabar -c FILE $c" || fail "$c --help"
done
"$KABAR" help | grep -q "residents" || fail "kabar help"
kabar inbox --help | grep -q -- "--all" || fail "inbox --help does not tell of --all"

# kabard creates the database on its first start; kabar never does.
start_gw
stop_gw
cat >"$T/ok.csv" <<'CSV'
phone,name,group
0812-1111-0001,Budi,RT01
"+62 812 1111 0002","Siti, Bu",rt02
081211110003,"Joko ""Jo""",
CSV
kabar residents import "$T/ok.csv" | grep -q "3 warga diimpor" || fail "import"
[ "$(sql "SELECT name FROM residents WHERE phone = '+6281211110002'")" = "Siti, Bu" ] ||
	fail "quoted field"
[ "$(sql "SELECT grp FROM residents WHERE phone = '+6281211110002'")" = RT02 ] || fail "group case"
[ "$(sql "SELECT COUNT(*) FROM journal WHERE type = 'registration'")" = 3 ] || fail "journal"

cat >"$T/bad.csv" <<'CSV'
phone,name,group
081211110009,Ani,RT01
TELKOMSEL,Robot,RT01
081211110010,Ana,RT09
CSV
out=$(kabar residents import "$T/bad.csv" 2>&1) && fail "bad file accepted"
echo "$out" | grep -q "bad.csv:3: 'TELKOMSEL' bukan nomor HP" || fail "line 3: $out"
echo "$out" | grep -q "bad.csv:4: grup 'RT09'" || fail "line 4: $out"
[ "$(sql "SELECT COUNT(*) FROM residents")" = 3 ] || fail "bad file imported something"

kabar residents export >"$T/out.csv"
grep -q '^+6281211110002,"Siti, Bu",RT02,' "$T/out.csv" || fail "export: $(cat "$T/out.csv")"
grep -q 'Joko ""Jo""' "$T/out.csv" || fail "export quotes"
kabar residents list --json | grep -q '"name":"Budi"' || fail "list --json"

kabar send 0812-2222-3333 "Rapat desa besok jam 9" | grep -q "masuk antrean keluar 1" || fail send
kabar send TELKOMSEL "x" 2>/dev/null && fail "send to a robot accepted"
start_gw
all_sent() { [ "$(sql "SELECT status FROM outbox WHERE id = 1")" = sent ]; }
wait_for 10 all_sent || fail "the CLI's SMS was not sent"
kabar outbox --json | grep -q '"kind":"send"' || fail "outbox kind"
stop_gw
check_log
