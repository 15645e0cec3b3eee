# The card is written less (issue 15), never at the cost of a received
# message: the modem worker's commit of a message is flushed to the card
# (fdatasync of the WAL) before the message is deleted from the phone,
# mostly by the flush that claims its reply, and an outbox row's claim
# before it is sent. Traced with strace: every
# deletion from the dummy phone's folders comes after a sync of all that
# thread wrote to the WAL. kill -9 (003-crash) cannot show this: the page
# cache outlives kabard; only a power cut tests the sync.
. tests/integration/common.sh

command -v strace >/dev/null 2>&1 || { echo "no strace"; exit 77; }
strace -f -o /dev/null true 2>/dev/null || { echo "strace cannot trace"; exit 77; }

N=20
write_conf
GW_TEST_WRAPPER="strace -f -qq -y -o $T/trace -e trace=pwrite64,write,fdatasync,fsync,unlink,unlinkat"
start_gw
i=0
while [ $i -lt $N ]; do
	kabar inject --from "0812$(printf '%08d' $i)" "INFO" >/dev/null ||
		fail "inject $i"
	i=$((i + 1))
done
all_sent() {
	[ "$(sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'")" -eq $N ]
}
wait_for 30 all_sent || fail "not all replies went out"
# An operator's message is never answered: no claim flushes it, the
# worker does, then deletes it.
kabar inject --from TELKOMSEL "Sisa pulsa Anda Rp5.000. Info 188" \
    >/dev/null || fail "inject TELKOMSEL"
wait_for 10 phone_empty || fail "messages left on the phone"
[ "$(sql "SELECT COUNT(*) FROM inbox WHERE sender = 'TELKOMSEL'")" = 1 ] ||
	fail "the operator's message was not stored"
# A new database gets small pages: fewer bytes an SMS in the WAL.
[ "$(sql "PRAGMA page_size")" = 512 ] || fail "page size $(sql "PRAGMA page_size")"
kill -TERM "$(pgrep -P "$GW_PID" -x kabard)"
wait "$GW_PID"
GW_PID=

# Per thread: written to the WAL and not synced since, when a message
# file of the phone is deleted, is a failure.
awk -v modem="$MODEM/sms/" '
	/(pwrite64|write)\([0-9]+<[^>]*-wal>/ { dirty[$1] = 1 }
	/(fdatasync|fsync)\([0-9]+<[^>]*-wal>/ { dirty[$1] = 0 }
	/unlink(at)?\(/ && index($0, modem) {
		deleted++
		if (dirty[$1]) { bad++; print "not synced before: " $0 }
	}
	END {
		print deleted + 0 " deleted from the phone, " bad + 0 \
		    " of them before their commit was synced"
		exit !(deleted >= n + 1 && bad == 0)
	}' n=$N "$T/trace" || fail "a received message left the phone unsynced"
