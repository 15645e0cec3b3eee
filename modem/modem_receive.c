/*
 * A modem worker's receiving: every stored message is read, committed to
 * the inbox (or, for a status report, matched to its outbox row), and only
 * then deleted from the phone. A message the driver cannot decode is
 * passed over, then kept raw and deleted after a few sweeps; after
 * decoder crashes the worker reads one location at a time to name the
 * culprit.
 */
#include <dirent.h>
#include <errno.h>
#include <gammu.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "modem.h"
#include "phone.h"
#include "smstext.h"
#include "util.h"
#include "worker.h"

/* Reads in one sweep at most, whatever the driver answers. */
#define RECV_MAX_READS	20000
/* Careful reading goes this far past the place, and stops after this
 * many empty locations in a row. */
#define CAREFUL_SPAN	255
#define CAREFUL_MISSES	40
/* Sweeps that meet an undecodable message before it is deleted. */
#define UNREADABLE_TRIES 3

/* One received message, compact. */
struct rx {
	int		 folder;
	int		 location;
	int		 skip;		/* not a deliver: delete, do not store */
	int		 report;	/* a status report: mr, delivered */
	int		 mr;
	int		 delivered;	/* 1 done, 0 failed, -1 still trying */
	char		 sender[64];
	char		*text;
	int64_t		 sent_at;
	int		 ref, seq, total;
};

int64_t
gsm_time(const GSM_DateTime *dt)
{
	struct tm tm = { 0 };

	if (dt->Year == 0)
		return 0;
	tm.tm_year = dt->Year - 1900;
	tm.tm_mon = dt->Month - 1;
	tm.tm_mday = dt->Day;
	tm.tm_hour = dt->Hour;
	tm.tm_min = dt->Minute;
	tm.tm_sec = dt->Second;
	return (int64_t)timegm(&tm) - dt->Timezone;
}

/*
 * The text, all of it: libgammu ends its buffer with a NUL unit, but a
 * NUL character inside a message must not cut the rest off, so the
 * message's own length is read too and the longer of the two taken.
 */
static char *
text_of(const GSM_SMSMessage *s)
{
	size_t units = 0, len = s->Length > 0 ? (size_t)s->Length : 0;

	while (units < GSM_MAX_SMS_LENGTH && (s->Text[2 * units] != 0 ||
	    s->Text[2 * units + 1] != 0))
		units++;
	if (len > units)
		units = len < GSM_MAX_SMS_LENGTH ? len : GSM_MAX_SMS_LENGTH;
	return ucs2be_n_to_utf8(s->Text, units);
}

/* A sender as it is shown and stored: an operator's name may carry
 * control characters ("O2\x11"); they become '?'. */
static void
sender_of(const GSM_SMSMessage *s, char *out, size_t outsz)
{
	char *num = ucs2be_to_utf8(s->Number, GSM_MAX_NUMBER_LENGTH + 1);
	size_t i;

	strlcpy_k(out, num, outsz);
	free(num);
	for (i = 0; out[i] != '\0'; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = '?';
}

/* Copy what is kept of one received SMS. */
static void
rx_from_gammu(const GSM_SMSMessage *s, struct rx *r)
{
	memset(r, 0, sizeof(*r));
	r->folder = s->Folder;
	r->location = s->Location;
	sender_of(s, r->sender, sizeof(r->sender));
	r->seq = r->total = 1;
	if (s->PDU == SMS_Status_Report) {
		/* TS 23.040 TP-ST: below 0x20 done, 0x20-0x3F the network is
		 * still trying, from 0x40 it gave up. */
		r->report = 1;
		r->mr = s->MessageReference;
		r->delivered = s->DeliveryStatus < 0x20 ? 1 :
		    s->DeliveryStatus < 0x40 ? -1 : 0;
		return;
	}
	if (s->PDU != SMS_Deliver) {
		r->skip = 1;
		return;
	}
	r->sent_at = gsm_time(&s->DateTime);
	if (s->Coding == SMS_Coding_8bit) {
		/* Binary data has no text; keep a readable trace of it. */
		struct strbuf sb = STRBUF_INIT;
		int i;

		sb_adds(&sb, "[8-bit data:");
		for (i = 0; i < s->Length && i < 140; i++)
			sb_addf(&sb, " %02X", (unsigned char)s->Text[i]);
		sb_adds(&sb, "]");
		r->text = sb_detach(&sb);
	} else
		r->text = text_of(s);
	if ((s->UDH.Type == UDH_ConcatenatedMessages ||
	    s->UDH.Type == UDH_ConcatenatedMessages16bit) &&
	    s->UDH.AllParts > 1 && s->UDH.PartNumber >= 1 &&
	    s->UDH.PartNumber <= s->UDH.AllParts) {
		r->ref = s->UDH.Type == UDH_ConcatenatedMessages ?
		    s->UDH.ID8bit : s->UDH.ID16bit;
		r->seq = s->UDH.PartNumber;
		r->total = s->UDH.AllParts;
	} else if (s->UDH.Length > 0 && !udh_concat(s->UDH.Text,
	    (size_t)s->UDH.Length < sizeof(s->UDH.Text) ?
	    (size_t)s->UDH.Length : sizeof(s->UDH.Text), &r->ref, &r->seq,
	    &r->total)) {
		/* A header with another element beside the concatenation
		 * one is not recognised by libgammu; read it ourselves. */
		r->ref = 0;
		r->seq = r->total = 1;
	}
}

/* A status report: the outbox row it answers is delivered, or goes again
 * through another modem, with a `delivery` record for the district. */
static int
report_in(struct worker *m, const struct rx *r, int64_t now)
{
	char e164[PHONE_MAX], data[160];
	int64_t id;
	int again, rc;

	if (r->delivered < 0)
		return 0;
	if (phone_normalise(r->sender, m->country_code, e164, sizeof(e164)) !=
	    PHONE_MOBILE)
		e164[0] = '\0';
	rc = db_delivery_report(m->db, m->name, r->mr, e164, r->delivered,
	    MODEM_MAX_TRIES, now, &id, &again);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		log_debug("Modem %s: a status report for reference %d matches "
		    "no message waiting for one.", m->name, r->mr);
		return 0;
	}
	log_info("Modem %s: outbox %" PRId64 " %s%s.", m->name, id,
	    r->delivered ? "delivered" : "not delivered",
	    again ? "; it goes again through another modem" : "");
	snprintf(data, sizeof(data), "{\"outbox\":%" PRId64 ",\"status\":"
	    "\"%s\",\"modem\":\"%s\"}", id, r->delivered ? "delivered" :
	    "failed", m->name);
	if (db_journal_add(m->db, "delivery", now, data) != 0)
		return -1;
	if (again)
		m->reports_requeued++;
	return 0;
}

/*
 * The newest SMSC time stamp of the batch's messages from mobile phones:
 * the time now is at least that. Operators' robots and bulk senders are
 * left out: their SMSC may be anywhere and its clock anything.
 */
static int64_t
newest_stamp(const struct worker *m, const struct rx *batch, int n)
{
	char e164[PHONE_MAX];
	int64_t newest = 0;
	int i;

	for (i = 0; i < n; i++)
		if (!batch[i].skip && !batch[i].report &&
		    batch[i].sent_at > newest &&
		    phone_normalise(batch[i].sender, m->country_code, e164,
		    sizeof(e164)) == PHONE_MOBILE)
			newest = batch[i].sent_at;
	return newest;
}

/* Committed; on the card too when flush (else receive_flushed later). */
static int
store_batch(struct worker *m, struct rx *batch, int n, int flush)
{
	const struct gw_config *cfg;
	int64_t now, stamp;
	int i, fresh_total = 0;

	cfg = gw_config_get(m->gw);
	strlcpy_k(m->country_code, cfg->country_code, sizeof(m->country_code));
	gw_config_put(m->gw);
	/* First the network's word on the time, so that these messages
	 * are dated by it. */
	stamp = newest_stamp(m, batch, n);
	if (stamp > 0)
		db_clock_reading(m->db, CLOCK_SMS, stamp);
	now = now_wall();
	if (db_begin(m->db) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct rx *r = &batch[i];
		struct sms_in in = { 0 };
		char e164[PHONE_MAX];
		int fresh;

		if (r->skip)
			continue;
		if (r->report) {
			if (report_in(m, r, now) != 0) {
				db_rollback(m->db);
				return -1;
			}
			continue;
		}
		in.modem = m->name;
		in.sender = r->sender;
		in.phone = phone_normalise(r->sender, m->country_code, e164,
		    sizeof(e164)) == PHONE_MOBILE ? e164 : NULL;
		in.text = r->text;
		in.sent_at = r->sent_at;
		in.ref = r->ref;
		in.seq = r->seq;
		in.total = r->total;
		if (db_inbox_receive(m->db, &in, now, &fresh) != 0) {
			db_rollback(m->db);
			return -1;
		}
		if (!fresh)
			log_info("Modem %s: a message at location %d was "
			    "stored before; deleting it without handling it "
			    "again.", m->name, r->location);
		fresh_total += fresh;
	}
	/* On the card before the caller deletes them from the SIM. */
	if (db_commit(m->db) != 0 || (flush && db_flush(m->db) != 0))
		return -1;
	if (fresh_total > 0)
		worker_tell(m, "inbox");
	if (m->reports_requeued > 0) {
		m->reports_requeued = 0;
		worker_tell(m, "outbox");
	}
	return 0;
}

/*
 * A message the driver cannot decode is passed over (said once); met in
 * UNREADABLE_TRIES sweeps it is rescued: kept raw, then deleted from the
 * SIM, so that it neither fills a slot and costs a read on every sweep
 * for ever nor is lost. Every such place is remembered, not only the
 * last, however many a SIM holds.
 */
static void
unreadable(struct worker *m, int folder, int loc, GSM_Error e)
{
	struct bad_place *b = NULL;
	int i;

	for (i = 0; i < m->n_bad; i++)
		if (m->bad[i].folder == folder && m->bad[i].loc == loc)
			b = &m->bad[i];
	if (b == NULL) {
		if (m->n_bad == WORKER_BAD)
			return;		/* the next ones, next time round */
		b = &m->bad[m->n_bad++];
		b->folder = folder;
		b->loc = loc;
		b->sweeps = 0;
		log_warnx("Modem %s: the message at folder %d, location %d "
		    "cannot be read (%s); passed over, the others go on.",
		    m->name, folder, loc, GSM_ErrorString(e));
	}
	if (b->sweep != m->sweep) {
		b->sweep = m->sweep;
		b->sweeps++;
	}
	if (b->sweeps < UNREADABLE_TRIES)
		return;
	if (rescue(m, folder, loc, "was beyond the driver") != 0)
		b->sweeps = 0;	/* try again in a few sweeps */
	else
		b->sweep = 0;	/* gone: forgotten after this sweep */
}

/* Places not met in the last sweep hold no unreadable message now. */
static void
unreadable_prune(struct worker *m)
{
	int i, k = 0;

	for (i = 0; i < m->n_bad; i++)
		if (m->bad[i].sweep == m->sweep)
			m->bad[k++] = m->bad[i];
	m->n_bad = k;
}

/*
 * Gammu's dummy phone looks for messages by trying to open every possible
 * location in every folder, thousands of files a sweep; a glance at the
 * folders first saves that when they are empty (the usual case).
 */
static int
dummy_empty(const struct worker *m)
{
	char path[4200];
	struct dirent *d;
	DIR *dir;
	int f, empty = 1;

	if (strcmp(m->connection, "none") != 0)
		return 0;
	for (f = 1; f <= 5 && empty; f++) {
		snprintf(path, sizeof(path), "%s/sms/%d", m->device, f);
		if ((dir = opendir(path)) == NULL)
			continue;
		while (empty && (d = readdir(dir)) != NULL)
			if (d->d_name[0] != '.')
				empty = 0;
		closedir(dir);
	}
	return empty;
}

/* One message from the phone; a failure is told and nothing else. */
static void
delete_one(struct worker *m, int folder, int location)
{
	GSM_Error e;

	memset(m->one, 0, sizeof(*m->one));
	m->one->Folder = folder;
	m->one->Location = location;
	e = GSM_DeleteSMS(m->sm, m->one);
	if (e != ERR_NONE)
		log_warnx("Modem %s: deleting the message at location %d "
		    "failed: %s. It is stored and will be recognised if read "
		    "again.", m->name, location, GSM_ErrorString(e));
}

/*
 * Stored and committed: now they may go from the phone, provided the
 * store committed to is the one on disk. A database deleted or replaced
 * under the daemon would take them with it, so they stay on the SIM.
 */
static void
delete_stored(struct worker *m, struct rx *batch, int n)
{
	int j, keep = !db_on_disk(m->db);

	for (j = 0; j < n; j++) {
		if (!keep)
			delete_one(m, batch[j].folder, batch[j].location);
		free(batch[j].text);
	}
}

/* Committed, not flushed: remembered until a flush lets them go (no
 * more than a batch: the phone is not read again while any wait). */
static void
keep_stored(struct worker *m, struct rx *batch, int n)
{
	int j;

	if (m->n_kept == 0)
		m->kept_ms = now_mono_ms();
	for (j = 0; j < n; j++) {
		if (m->n_kept < RECV_BATCH) {
			m->kept[m->n_kept].folder = batch[j].folder;
			m->kept[m->n_kept].loc = batch[j].location;
			m->n_kept++;
		}
		free(batch[j].text);
	}
}

void
receive_flushed(struct worker *m, int flushed)
{
	int j, n = m->n_kept;

	m->n_kept = 0;
	if (n == 0 || (!flushed && db_flush(m->db) != 0) || !db_on_disk(m->db))
		return;
	for (j = 0; j < n; j++)
		delete_one(m, m->kept[j].folder, m->kept[j].loc);
}

/*
 * After three decoder crashes while reading past one place: read one
 * location at a time from there, each announced to the supervisor, so
 * that the next crash names the very message (which the next worker
 * deletes unread). The rest are stored as usual.
 */
static void
careful_read(struct worker *m)
{
	struct rx r;
	GSM_Error e;
	int k, i, misses = 0, folder = m->careful_folder;

	log_warnx("Modem %s: the decoder crashed 3 times reading past folder "
	    "%d, location %d; reading one message at a time to find the one "
	    "to blame.", m->name, folder, m->careful_loc);
	for (k = m->careful_loc + 1; k <= m->careful_loc + CAREFUL_SPAN &&
	    misses < CAREFUL_MISSES && !atomic_load(&m->gw->stopping); k++) {
		worker_alive(m);
		worker_place(m, "careful", folder, k);
		memset(m->msms, 0, sizeof(*m->msms));
		m->msms->Number = 1;
		m->msms->SMS[0].Folder = folder;
		m->msms->SMS[0].Location = k;
		e = GSM_GetSMS(m->sm, m->msms);
		if (e == ERR_INVALIDLOCATION || worker_connection_lost(e))
			break;
		if (e != ERR_NONE) {
			misses++;
			continue;
		}
		misses = 0;
		for (i = 0; i < m->msms->Number; i++) {
			rx_from_gammu(&m->msms->SMS[i], &r);
			if (store_batch(m, &r, 1, 1) == 0)
				delete_stored(m, &r, 1);
			else
				free(r.text);
		}
	}
	m->careful_loc = -1;
}

static int receive_sweeps(struct worker *m);

int
receive_all(struct worker *m)
{
	int rc;

	/* Nothing read can be kept where a restart will find it. */
	if (!db_on_disk(m->db))
		return 0;
	/* Gone before the sweep reads the phone again; their reply's claim
	 * mostly lets them go first. */
	if (m->n_kept > 0) {
		if (now_mono_ms() - m->kept_ms < KEPT_WAIT_MS)
			return 0;
		receive_flushed(m, 0);
	}
	if (m->careful_loc >= 0)
		careful_read(m);
	if (dummy_empty(m)) {
		m->n_bad = 0;
		return 0;
	}
	m->sweep++;
	rc = receive_sweeps(m);
	if (rc >= 0)
		unreadable_prune(m);
	worker_tell(m, "read");
	return rc;
}

/*
 * Read what is waiting, RECV_BATCH at a time: copy, commit, and only then
 * delete from the phone. A batch that another follows is flushed and
 * deleted at once (the next is read from the start of the phone); the
 * turn's last waits for the next flush, mostly the one that claims its
 * reply, so that one flush serves both (docs/PERFORMANCE.md). Returns
 * messages handled, or -1 when the modem stopped answering.
 */
static int
receive_sweeps(struct worker *m)
{
	struct rx batch[RECV_BATCH];
	int total = 0, turns = 0;

	for (;;) {
		gboolean start = TRUE;
		GSM_Error e;
		int n = 0, i, j, folder, loc, reads, last;

		/*
		 * The sweep's place is the folder and location of the last
		 * answer, good or not, so a message outside the inbox or a file
		 * the driver cannot read is passed over, never read forever.
		 */
		folder = 0;
		loc = 0;
		for (reads = 0; n < RECV_BATCH && reads < RECV_MAX_READS &&
		    !atomic_load(&m->gw->stopping); reads++) {
			memset(m->msms, 0, sizeof(*m->msms));
			m->msms->SMS[0].Folder = folder;
			m->msms->SMS[0].Location = loc;
			worker_alive(m);
			worker_place(m, "reading", folder, loc);
			e = GSM_GetNextSMS(m->sm, m->msms, start);
			start = FALSE;
			if (e == ERR_EMPTY)
				break;
			if (worker_connection_lost(e)) {
				for (j = 0; j < n; j++)
					free(batch[j].text);
				worker_state(m, "down", GSM_ErrorString(e));
				return -1;
			}
			if (reads > 0 && m->msms->SMS[0].Folder == folder &&
			    m->msms->SMS[0].Location == loc)
				break;	/* no progress: the driver is confused */
			folder = m->msms->SMS[0].Folder;
			loc = m->msms->SMS[0].Location;
			if (e != ERR_NONE) {
				unreadable(m, folder, loc, e);
				continue;
			}
			for (i = 0; i < m->msms->Number && n < RECV_BATCH; i++) {
				if (!m->msms->SMS[i].InboxFolder)
					continue;
				rx_from_gammu(&m->msms->SMS[i], &batch[n++]);
			}
		}
		if (n == 0)
			return total;
		last = n < RECV_BATCH || turns + 1 == RECV_BATCHES_PER_TURN;
		if (store_batch(m, batch, n, !last) != 0) {
			/* Not committed: leave them on the phone for later. */
			for (j = 0; j < n; j++)
				free(batch[j].text);
			return total;
		}
		if (last)
			keep_stored(m, batch, n);
		else
			delete_stored(m, batch, n);
		total += n;
		log_debug("Modem %s: %d message(s) read and stored.", m->name,
		    n);
		if (last)
			return total;
		turns++;
	}
}
