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
/* How long a send may wait for the network's answer. */
#define SEND_TIMEOUT_MS	60000
/* Failed sends in a row before the modem rests. */
#define REST_AFTER	3
/* A failed send waits this long, times its tries, before the next. */
#define RETRY_DELAY_S	30
#define MAX_PARTS	GSM_MAX_MULTI_SMS

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
			/* A write only when a run of failures ends. */
			if (m->fails_in_row > 0)
				db_modem_send_result(m->db, m->name, 1,
				    REST_AFTER, 0);
			m->fails_in_row = 0;
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
			m->fails_in_row = fails > 0 ? fails : 1;
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
