/*
 * The modem worker over libgammu, run in a process of its own (see
 * modem_supervisor.c) so that a crash inside libgammu takes down only
 * this modem, for a few seconds. It owns one GSM_StateMachine and one
 * database connection, and talks to the daemon over one socket: it writes
 * 'i' when it stored received messages, and reads 'o' (the outbox has
 * work), 'r' (the configuration was reloaded); end of file means stop. The big libgammu structures (a
 * GSM_MultiSMSMessage is about 266 kB) are allocated once per modem and
 * reused; what is kept of a message is copied into small structs.
 */
#include "modem.h"

#include <dirent.h>
#include <errno.h>
#include <gammu.h>
#include <sys/poll.h>
#include <unistd.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "phone.h"
#include "smstext.h"
#include "util.h"
#include "worker.h"

#define BACKOFF_MAX_S	30
/* Received messages committed together before they are deleted. */
#define RECV_BATCH	32
/* Batches read before the worker turns to sending, so that replies flow
 * while a full SIM is being emptied. */
#define RECV_BATCHES_PER_TURN 4
/* Reads in one sweep at most, whatever the driver answers. */
#define RECV_MAX_READS	20000
/* How long a send may wait for the network's answer. */
#define SEND_TIMEOUT_MS	60000
/* Careful reading goes this far past the place, and stops after this
 * many empty locations in a row. */
#define CAREFUL_SPAN	255
#define CAREFUL_MISSES	40
/* Failed sends in a row before the modem rests. */
#define REST_AFTER	3
/* A failed send waits this long, times its tries, before the next. */
#define RETRY_DELAY_S	30
#define MAX_PARTS	GSM_MAX_MULTI_SMS
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

/*
 * "Still here", at most once a second, before each call into libgammu:
 * the supervisor kills a worker that goes quiet (a driver waiting for
 * ever on a line full of noise) and starts it again.
 */
void
worker_alive(struct worker *m)
{
	int64_t now = now_mono_ms();

	if (now - m->alive_ms >= 1000) {
		m->alive_ms = now;
		worker_tell(m, "alive");
	}
}

/* "reading F L" before a read; the supervisor keeps the last one. */
void
worker_place(struct worker *m, const char *what, int folder, int loc)
{
	char line[64];

	snprintf(line, sizeof(line), "%s %d %d", what, folder, loc);
	worker_tell(m, line);
}

/* One line to the daemon; it is gone when this fails. */
void
worker_tell(struct worker *m, const char *line)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "%s\n", line);

	if (write(m->fd, buf, (size_t)n) != n)
		atomic_store(&m->gw->stopping, 1);
}

void
worker_state(struct worker *m, const char *state, const char *error)
{
	int changed = strcmp(m->state, state) != 0;

	if (error != NULL)
		strlcpy_k(m->last_error, error, sizeof(m->last_error));
	if (changed) {
		if (error != NULL)
			log_warnx("Modem %s is %s: %s.", m->name, state, error);
		else
			log_info("Modem %s is %s.", m->name, state);
		strlcpy_k(m->state, state, sizeof(m->state));
	}
	db_modem_status(m->db, m->name, state, error, now_wall());
}

static void
send_status_cb(GSM_StateMachine *sm, int status, int ref, void *data)
{
	struct worker *m = data;

	(void)sm;
	m->send_status = status;
	m->send_ref = ref;
	m->send_done = 1;
}

int
worker_connection_lost(GSM_Error e)
{
	switch (e) {
	case ERR_DEVICEOPENERROR:
	case ERR_DEVICENOTEXIST:
	case ERR_DEVICEREADERROR:
	case ERR_DEVICEWRITEERROR:
	case ERR_TIMEOUT:
	case ERR_NOTCONNECTED:
	case ERR_DEVICEBUSY:
	case ERR_DEVICENODRIVER:
		return 1;
	default:
		return 0;
	}
}

static void
disconnect(struct worker *m)
{
	if (m->sm == NULL)
		return;
	if (m->connected)
		GSM_TerminateConnection(m->sm);
	GSM_FreeStateMachine(m->sm);
	m->sm = NULL;
	m->connected = 0;
}

static int
connect_modem(struct worker *m)
{
	GSM_Config *cfg;
	GSM_Error e;

	/* Gammu's dummy phone needs its folder; a real device is there. */
	if (strcmp(m->connection, "none") == 0 && mkdir(m->device, 0700) != 0 &&
	    errno != EEXIST) {
		char why[300];

		snprintf(why, sizeof(why), "cannot create '%s': %s", m->device,
		    strerror(errno));
		worker_state(m, "down", why);
		return -1;
	}
	m->sm = GSM_AllocStateMachine();
	if (m->sm == NULL) {
		worker_state(m, "down", "out of memory");
		return -1;
	}
	cfg = GSM_GetConfig(m->sm, 0);
	cfg->Device = xstrdup(m->device);
	cfg->Connection = xstrdup(m->connection);
	strlcpy_k(cfg->Model, m->model, sizeof(cfg->Model));
	cfg->DebugLevel[0] = '\0';
	cfg->LockDevice = FALSE;
	cfg->StartInfo = FALSE;
	cfg->SyncTime = FALSE;
	cfg->UseGlobalDebugFile = FALSE;
	GSM_SetConfigNum(m->sm, 1);
	e = GSM_InitConnection(m->sm, 1);
	if (e != ERR_NONE) {
		char why[256];

		snprintf(why, sizeof(why), "cannot connect to '%s': %s",
		    m->device, GSM_ErrorString(e));
		worker_state(m, "down", why);
		GSM_FreeStateMachine(m->sm);
		m->sm = NULL;
		return -1;
	}
	m->connected = 1;
	GSM_SetSendSMSStatusCallback(m->sm, send_status_cb, m);
	worker_state(m, "up", NULL);
	care_connected(m);
	return 0;
}

static int64_t
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

/* Copy what is kept of one received SMS. */
static void
rx_from_gammu(const GSM_SMSMessage *s, struct rx *r)
{
	char *num = ucs2be_to_utf8(s->Number, GSM_MAX_NUMBER_LENGTH + 1);

	memset(r, 0, sizeof(*r));
	r->folder = s->Folder;
	r->location = s->Location;
	strlcpy_k(r->sender, num, sizeof(r->sender));
	free(num);
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
		r->text = ucs2be_to_utf8(s->Text, GSM_MAX_SMS_LENGTH + 1);
	if ((s->UDH.Type == UDH_ConcatenatedMessages ||
	    s->UDH.Type == UDH_ConcatenatedMessages16bit) &&
	    s->UDH.AllParts > 1 && s->UDH.PartNumber >= 1 &&
	    s->UDH.PartNumber <= s->UDH.AllParts) {
		r->ref = s->UDH.Type == UDH_ConcatenatedMessages ?
		    s->UDH.ID8bit : s->UDH.ID16bit;
		r->seq = s->UDH.PartNumber;
		r->total = s->UDH.AllParts;
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

static int
store_batch(struct worker *m, struct rx *batch, int n)
{
	const struct gw_config *cfg;
	int64_t now = now_wall();
	int i, fresh_total = 0;

	cfg = gw_config_get(m->gw);
	strlcpy_k(m->country_code, cfg->country_code, sizeof(m->country_code));
	gw_config_put(m->gw);
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
	if (db_commit(m->db) != 0)
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
 * A message the driver cannot decode is passed over; met again in
 * UNREADABLE_TRIES sweeps in a row it is deleted from the SIM, so one bad
 * PDU does not fill a slot and cost a read on every sweep for ever. It
 * never reached the inbox, so nothing stored is lost; the log line and
 * the audit row say where it was.
 */
static void
unreadable(struct worker *m, int folder, int loc, GSM_Error e)
{
	char detail[160];

	if (folder != m->bad_folder || loc != m->bad_loc) {
		m->bad_folder = folder;
		m->bad_loc = loc;
		m->bad_count = 0;
		log_warnx("Modem %s: the message at folder %d, location %d "
		    "cannot be read (%s); passed over, the others go on.",
		    m->name, folder, loc, GSM_ErrorString(e));
	}
	if (++m->bad_count < UNREADABLE_TRIES)
		return;
	memset(m->one, 0, sizeof(*m->one));
	m->one->Folder = folder;
	m->one->Location = loc;
	e = GSM_DeleteSMS(m->sm, m->one);
	snprintf(detail, sizeof(detail), "modem %s folder %d location %d: %s",
	    m->name, folder, loc, e == ERR_NONE ? "deleted" :
	    GSM_ErrorString(e));
	log_warnx("Modem %s: the unreadable message at folder %d, location "
	    "%d is %s after %d tries.", m->name, folder, loc, e == ERR_NONE ?
	    "deleted from the SIM" : "still there: deleting it failed",
	    m->bad_count);
	db_audit(m->db, m->name, "quarantine", e == ERR_NONE, detail,
	    now_wall());
	m->bad_folder = m->bad_loc = -1;
}

/*
 * Read what is waiting, RECV_BATCH at a time: copy, commit, and only then
 * delete from the phone. Returns messages handled, or -1 when the modem
 * stopped answering.
 */
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

/* Stored and committed: now they may go from the phone. */
static void
delete_stored(struct worker *m, struct rx *batch, int n)
{
	GSM_Error e;
	int j;

	for (j = 0; j < n; j++) {
		memset(m->one, 0, sizeof(*m->one));
		m->one->Folder = batch[j].folder;
		m->one->Location = batch[j].location;
		e = GSM_DeleteSMS(m->sm, m->one);
		if (e != ERR_NONE)
			log_warnx("Modem %s: deleting the message at location "
			    "%d failed: %s. It is stored and will be recognised "
			    "if read again.", m->name, batch[j].location,
			    GSM_ErrorString(e));
		free(batch[j].text);
	}
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
			if (store_batch(m, &r, 1) == 0)
				delete_stored(m, &r, 1);
			else
				free(r.text);
		}
	}
	m->careful_loc = -1;
}

static int receive_sweeps(struct worker *m);

static int
receive_all(struct worker *m)
{
	int rc;

	if (m->careful_loc >= 0)
		careful_read(m);
	if (dummy_empty(m))
		return 0;
	rc = receive_sweeps(m);
	worker_tell(m, "read");
	return rc;
}

static int
receive_sweeps(struct worker *m)
{
	struct rx batch[RECV_BATCH];
	int total = 0, turns = 0;

	for (;;) {
		gboolean start = TRUE;
		GSM_Error e;
		int n = 0, i, j, folder, loc, reads;

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
		if (store_batch(m, batch, n) != 0) {
			/* Not committed: leave them on the phone for later. */
			for (j = 0; j < n; j++)
				free(batch[j].text);
			return total;
		}
		delete_stored(m, batch, n);
		total += n;
		log_debug("Modem %s: %d message(s) read and stored.", m->name,
		    n);
		if (n < RECV_BATCH || ++turns == RECV_BATCHES_PER_TURN)
			return total;
	}
}

/* Free send slots in the last minute (each part takes one). */
static int
rate_room(struct worker *m, int64_t now_ms)
{
	int i, used = 0;

	for (i = 0; i < m->send_per_minute; i++)
		if (m->sent_ms[i] != 0 && now_ms - m->sent_ms[i] < 60000)
			used++;
	return m->send_per_minute - used;
}

static void
rate_note(struct worker *m, int64_t now_ms)
{
	m->sent_ms[m->sent_pos] = now_ms;
	m->sent_pos = (m->sent_pos + 1) % m->send_per_minute;
}

/* Start of the next local day, when a spent budget is whole again. */
static int64_t
next_midnight(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Send every part; 0 when all went, else -1 with why. */
static int
send_parts(struct worker *m, const struct outbox_row *row, int *ref,
    char *why, size_t whysz)
{
	GSM_MultiPartSMSInfo info;
	unsigned char *buf;
	struct sms_size sz;
	GSM_Error e;
	int i, units;

	sms_size(row->text, &sz);
	units = sz.units * 2 + 8;
	buf = xcalloc((size_t)units + 1, 2);
	utf8_to_ucs2be(row->text, buf, (size_t)units);
	GSM_ClearMultiPartSMSInfo(&info);
	info.Class = -1;
	info.EntriesNum = 1;
	info.UnicodeCoding = sz.ucs2 ? TRUE : FALSE;
	info.Entries[0].ID = SMS_ConcatenatedTextLong;
	info.Entries[0].Buffer = buf;
	memset(m->msms, 0, sizeof(*m->msms));
	e = GSM_EncodeMultiPartSMS(NULL, &info, m->msms);
	free(buf);
	if (e != ERR_NONE) {
		snprintf(why, whysz, "cannot encode: %s", GSM_ErrorString(e));
		return -1;
	}
	for (i = 0; i < m->msms->Number; i++) {
		GSM_SMSMessage *s = &m->msms->SMS[i];
		int64_t deadline = now_mono_ms() + SEND_TIMEOUT_MS;

		utf8_to_ucs2be(row->recipient, s->Number,
		    GSM_MAX_NUMBER_LENGTH);
		/* In libgammu a submit asking for a status report is
		 * written as SMS_Status_Report. */
		s->PDU = m->delivery_reports ? SMS_Status_Report : SMS_Submit;
		s->SMSC.Location = 1;
		m->send_done = 0;
		e = GSM_SendSMS(m->sm, s);
		if (e != ERR_NONE) {
			snprintf(why, whysz, "part %d of %d: %s", i + 1,
			    m->msms->Number, GSM_ErrorString(e));
			if (worker_connection_lost(e))
				m->connected = -1;
			return -1;
		}
		/* Real modems answer later; the dummy phone at once. */
		while (!m->send_done && now_mono_ms() < deadline) {
			worker_alive(m);
			GSM_ReadDevice(m->sm, TRUE);
		}
		if (!m->send_done) {
			snprintf(why, whysz, "part %d of %d: no answer from the "
			    "modem", i + 1, m->msms->Number);
			m->connected = -1;
			return -1;
		}
		if (m->send_status != 0) {
			snprintf(why, whysz, "part %d of %d: the network "
			    "refused it (status %d)", i + 1, m->msms->Number,
			    m->send_status);
			return -1;
		}
		rate_note(m, now_mono_ms());
		*ref = m->send_ref;
	}
	return 0;
}

/*
 * Send queued rows while the rate allows. Returns how many went, or -1
 * when the connection was lost.
 */
static int
send_some(struct worker *m)
{
	int sent = 0;

	while (!atomic_load(&m->gw->stopping)) {
		struct outbox_row row = { 0 };
		int64_t now = now_wall();
		const struct gw_config *cfg;
		char why[256], masked[PHONE_MAX];
		int budget, ref = 0, rc, room, quiet;

		room = rate_room(m, now_mono_ms());
		if (room <= 0 || db_modem_resting(m->db, m->name, now) > 0)
			break;
		if (m->daily_cap > 0 && db_modem_sent_since(m->db, m->name,
		    next_midnight(now) - 86400) >= m->daily_cap)
			break;
		cfg = gw_config_get(m->gw);
		quiet = config_quiet_now(cfg, now);
		gw_config_put(m->gw);
		rc = db_outbox_claim(m->db, m->name, now, !quiet &&
		    care_bulk_ok(m), &row);
		if (rc != 0)
			break;
		if (row.parts > room && room < m->send_per_minute) {
			db_outbox_release(m->db, row.id, 0);
			outbox_row_clear(&row);
			break;
		}
		cfg = gw_config_get(m->gw);
		budget = cfg->daily_sms_budget;
		gw_config_put(m->gw);
		if (budget > 0 && db_budget_used(m->db, now) + row.parts >
		    budget) {
			log_warnx("The daily SMS budget (%d) is spent; outbox "
			    "%" PRId64 " waits for tomorrow.", budget, row.id);
			db_outbox_release(m->db, row.id, next_midnight(now));
			outbox_row_clear(&row);
			break;
		}
		phone_mask(row.recipient, masked, sizeof(masked));
		if (send_parts(m, &row, &ref, why, sizeof(why)) == 0) {
			db_outbox_sent(m->db, row.id, ref, row.parts,
			    now_wall(), m->delivery_reports);
			db_modem_send_result(m->db, m->name, 1, REST_AFTER, 0);
			log_info("Modem %s sent outbox %" PRId64 " to %s "
			    "(%d part%s).", m->name, row.id, masked, row.parts,
			    row.parts == 1 ? "" : "s");
			log_debug("Modem %s sent to %s: \"%s\"", m->name,
			    row.recipient, row.text);
			sent++;
		} else {
			int others = db_modems_usable_besides(m->db, m->name,
			    now), fails;

			log_warnx("Modem %s: sending outbox %" PRId64 " to %s "
			    "failed (try %d of %d): %s.", m->name, row.id,
			    masked, row.tries, MODEM_MAX_TRIES, why);
			/* Another modem takes it at once; alone, wait. */
			db_outbox_failed(m->db, row.id, why, MODEM_MAX_TRIES,
			    others > 0 ? now : now_wall() +
			    (int64_t)RETRY_DELAY_S * row.tries);
			if (others > 0)
				worker_tell(m, "outbox");
			fails = db_modem_send_result(m->db, m->name, 0,
			    REST_AFTER, now + m->rest_seconds);
			if (fails >= REST_AFTER) {
				log_warnx("Modem %s failed %d sends in a row; it "
				    "rests for %d s.", m->name, fails,
				    m->rest_seconds);
				outbox_row_clear(&row);
				break;
			}
		}
		outbox_row_clear(&row);
		if (m->connected < 0)
			return -1;
	}
	return sent;
}

static void
reload(struct worker *m)
{
	char err[1024];
	struct gw_config *fresh = config_load(m->gw->cfg_path, err,
	    sizeof(err));

	if (fresh == NULL)
		return;		/* the daemon said why and kept the old one */
	pthread_rwlock_wrlock(&m->gw->cfg_lock);
	config_free(m->gw->cfg);
	m->gw->cfg = fresh;
	pthread_rwlock_unlock(&m->gw->cfg_lock);
}

/* Sleep until the daemon says there is work, or ms pass. */
static void
wait_for(struct worker *m, int ms)
{
	struct pollfd p = { m->fd, POLLIN, 0 };
	char buf[64];
	ssize_t n, i;

	if (ms <= 0 || atomic_load(&m->gw->stopping))
		return;
	if (poll(&p, 1, ms) <= 0)
		return;
	n = read(m->fd, buf, sizeof(buf));
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		atomic_store(&m->gw->stopping, 1);
		return;
	}
	for (i = 0; i < n; i++)
		if (buf[i] == 'r')
			reload(m);
}

static void
modem_main(struct worker *arg)
{
	struct worker *m = arg;
	int backoff = 1;

	db_outbox_recover(m->db, m->name);
	if (strcmp(m->state, "down") != 0)
		worker_state(m, "connecting", NULL);
	while (!atomic_load(&m->gw->stopping)) {
		worker_alive(m);
		int64_t now_ms;
		int wait;

		if (!m->connected) {
			if (connect_modem(m) != 0) {
				int64_t until = now_mono_ms() + backoff * 1000;

				care_lost(m, m->last_error);

				while (!atomic_load(&m->gw->stopping) &&
				    now_mono_ms() < until) {
					worker_alive(m);
					wait_for(m, 250);
				}
				backoff = backoff * 2 > BACKOFF_MAX_S ?
				    BACKOFF_MAX_S : backoff * 2;
				continue;
			}
			backoff = 1;
			m->last_poll_ms = 0;
			m->last_health_ms = 0;
		}
		now_ms = now_mono_ms();
		if (m->last_health_ms == 0 || now_ms - m->last_health_ms >=
		    (int64_t)m->health_seconds * 1000) {
			m->last_health_ms = now_ms;
			if (care_health(m) != 0) {
				care_lost(m, m->last_error);
				disconnect(m);
				continue;
			}
		}
		if (now_ms - m->last_poll_ms >= m->poll_ms) {
			int got = receive_all(m);

			if (got < 0) {
				care_lost(m, m->last_error);
				disconnect(m);
				continue;
			}
			care_calls(m);
			care_balance(m);
			/* More may be waiting: look again right after sending. */
			m->last_poll_ms = got >= RECV_BATCH *
			    RECV_BATCHES_PER_TURN ? 0 : now_ms;
		}
		if (send_some(m) < 0) {
			worker_state(m, "down", m->last_error[0] ? m->last_error :
			    "the modem stopped answering");
			care_lost(m, m->last_error);
			disconnect(m);
			continue;
		}
		wait = (int)(m->poll_ms - (now_mono_ms() - m->last_poll_ms));
		if (rate_room(m, now_mono_ms()) <= 0 && wait > 1000)
			wait = 1000;
		wait_for(m, wait);
	}
	disconnect(m);
	worker_state(m, "stopped", NULL);
}

int
modem_worker_run(struct gateway *gw, const struct modem_conf *mc, int fd,
    const struct worker_start *ws)
{
	struct worker *m = xcalloc(1, sizeof(*m));
	const struct gw_config *cfg = gw_config_get(gw);
	char err[1024];

	m->gw = gw;
	m->fd = fd;
	m->name = xstrdup(mc->name);
	m->device = xstrdup(mc->device);
	m->connection = xstrdup(mc->connection);
	m->model = xstrdup(mc->model);
	m->send_per_minute = mc->send_per_minute;
	m->poll_ms = mc->poll_ms;
	m->daily_cap = mc->daily_cap;
	m->rest_seconds = mc->rest_seconds;
	m->health_seconds = mc->health_seconds;
	m->delivery_reports = mc->delivery_reports;
	m->reset_command = xstrdup(mc->reset_command);
	m->balance_ussd = xstrdup(mc->balance_ussd);
	m->balance_pattern = xstrdup(mc->balance_pattern);
	m->balance_hours = mc->balance_hours;
	m->balance_warn = mc->balance_warn;
	m->balance_floor = mc->balance_floor;
	m->balance = -1;
	m->n_modems = (int)cfg->n_modems;
	{
		json_t *a = json_array();
		size_t i;

		for (i = 0; i < mc->n_prefixes; i++)
			json_array_append_new(a, json_string(mc->prefixes[i]));
		m->prefixes_json = json_dumps(a, JSON_COMPACT);
		json_decref(a);
	}
	strlcpy_k(m->country_code, cfg->country_code, sizeof(m->country_code));
	m->db = db_open(cfg->database, err, sizeof(err));
	gw_config_put(gw);
	m->sent_ms = xcalloc((size_t)m->send_per_minute, sizeof(int64_t));
	m->msms = xmalloc(sizeof(*m->msms));
	m->one = xmalloc(sizeof(*m->one));
	if (m->db == NULL)
		log_errorx("Modem %s: %s", m->name, err);
	else {
		m->careful_folder = ws->careful_folder;
		m->careful_loc = ws->careful_loc;
		if (ws->bad_loc >= 0)
			quarantine(m, ws->bad_folder, ws->bad_loc);
		if (ws->after_hang) {
			m->ever_up = 1;
			strlcpy_k(m->last_error, "the modem stopped answering",
			    sizeof(m->last_error));
			worker_state(m, "down", m->last_error);
			care_lost(m, m->last_error);
		}
		modem_main(m);
	}
	db_close(m->db);
	free(m->sent_ms);
	free(m->msms);
	free(m->one);
	free(m->reset_command);
	free(m->balance_ussd);
	free(m->balance_pattern);
	free(m->prefixes_json);
	free(m->name);
	free(m->device);
	free(m->connection);
	free(m->model);
	free(m);
	return 0;
}
