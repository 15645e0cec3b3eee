/*
 * The modem worker over libgammu, run in a process of its own (see
 * modem_supervisor.c) so that a crash inside libgammu takes down only
 * this modem, for a few seconds. It owns one GSM_StateMachine and one
 * database connection, and talks to the daemon over one socket: it writes
 * 'i' when it stored received messages, and reads 'o' (the outbox has
 * work), 'r' (the configuration was reloaded); end of file means stop.
 * Here are connecting and the loop; sending is in modem_send.c. The big
 * libgammu structures (a GSM_MultiSMSMessage is about 266 kB) are
 * allocated once per modem and reused; what is kept of a message is
 * copied into small structs.
 */
#include "modem.h"

#include <sys/poll.h>
#include <sys/stat.h>

#include <errno.h>
#include <gammu.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "util.h"
#include "worker.h"

#define BACKOFF_MAX_S	30

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

/* The modem stopped answering: tell, and connect afresh next turn. */
static void
drop_connection(struct worker *m)
{
	m->n_kept = 0;		/* read again after, known, deleted then */
	care_lost(m, m->last_error);
	disconnect(m);
}

/* Connect, or wait out the backoff while answering the daemon: 0 when
 * connected. */
static int
connect_or_wait(struct worker *m, int *backoff)
{
	int64_t until;

	if (connect_modem(m) == 0) {
		*backoff = 1;
		m->last_poll_ms = 0;
		m->last_health_ms = 0;
		return 0;
	}
	/* The backoff counts from the failure, whatever telling costs. */
	until = now_mono_ms() + *backoff * 1000;
	care_lost(m, m->last_error);
	while (!atomic_load(&m->gw->stopping) && now_mono_ms() < until) {
		worker_alive(m);
		wait_for(m, 250);
	}
	*backoff = *backoff * 2 > BACKOFF_MAX_S ? BACKOFF_MAX_S : *backoff * 2;
	return -1;
}

/* Health when due, then received messages, calls and credit when due:
 * -1 when the modem stopped answering. */
static int
look_after(struct worker *m, int64_t now_ms)
{
	int got;

	if (m->last_health_ms == 0 || now_ms - m->last_health_ms >=
	    (int64_t)m->health_seconds * 1000) {
		m->last_health_ms = now_ms;
		if (care_health(m) != 0)
			return -1;
	}
	if (now_ms - m->last_poll_ms < m->poll_ms)
		return 0;
	got = receive_all(m);
	if (got < 0)
		return -1;
	care_calls(m);
	care_balance(m);
	/* More may be waiting: look again right after sending. */
	m->last_poll_ms = got >= RECV_BATCH * RECV_BATCHES_PER_TURN ? 0 :
	    now_ms;
	return 0;
}

static void
modem_main(struct worker *m)
{
	int backoff = 1, wait;

	db_outbox_recover(m->db, m->name);
	if (strcmp(m->state, "down") != 0)
		worker_state(m, "connecting", NULL);
	while (!atomic_load(&m->gw->stopping)) {
		worker_alive(m);
		db_clock_watch(m->db, &m->clock, 0);
		if (!m->connected && connect_or_wait(m, &backoff) != 0)
			continue;
		if (look_after(m, now_mono_ms()) != 0) {
			drop_connection(m);
			continue;
		}
		if (send_queued(m) < 0) {
			worker_state(m, "down", m->last_error[0] ?
			    m->last_error : "the modem stopped answering");
			drop_connection(m);
			continue;
		}
		wait = (int)(m->poll_ms - (now_mono_ms() - m->last_poll_ms));
		/* A full rate: try again as a slot frees. */
		if (send_room(m, now_mono_ms()) <= 0 && wait > 1000)
			wait = 1000;
		wait_for(m, wait);
	}
	if (m->connected > 0)
		receive_flushed(m, 0);
	disconnect(m);
	worker_state(m, "stopped", NULL);
}

/* The modem's prefixes as a JSON array, for modem_status; caller frees. */
static char *
prefixes_json(const struct modem_conf *mc)
{
	json_t *a = json_array();
	char *s;
	size_t i;

	for (i = 0; i < mc->n_prefixes; i++)
		json_array_append_new(a, json_string(mc->prefixes[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* A worker with its own copy of mc and its own database connection
 * (NULL when that failed: logged); free with worker_free. */
static struct worker *
worker_new(struct gateway *gw, const struct modem_conf *mc, int fd)
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
	m->prefixes_json = prefixes_json(mc);
	strlcpy_k(m->country_code, cfg->country_code, sizeof(m->country_code));
	m->db = db_open(cfg->database, err, sizeof(err));
	gw_config_put(gw);
	/* What must be on the card before the modem acts is flushed
	 * there: a received message before it leaves the SIM
	 * (modem_receive.c: mostly under the flush of its reply's claim),
	 * a claimed row before it is sent (db_outbox_claim). The rest
	 * (sent marks, status, health) may wait for the next flush: a
	 * power cut loses at most those. */
	if (m->db != NULL && db_lazy_commits(m->db) != 0) {
		db_close(m->db);
		m->db = NULL;
	}
	m->sent_ms = xcalloc((size_t)m->send_per_minute, sizeof(int64_t));
	m->msms = xmalloc(sizeof(*m->msms));
	m->one = xmalloc(sizeof(*m->one));
	if (m->db == NULL)
		log_errorx("Modem %s: %s", m->name, err);
	return m;
}

static void
worker_free(struct worker *m)
{
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
}

/* Take over from a worker that was killed: its careful reading, the
 * message that crashed it, the hang that ended it. */
static void
worker_resume(struct worker *m, const struct worker_start *ws)
{
	m->careful_folder = ws->careful_folder;
	m->careful_loc = ws->careful_loc;
	if (ws->bad_loc >= 0)
		rescue(m, ws->bad_folder, ws->bad_loc, "crashed the decoder");
	if (ws->after_hang) {
		m->ever_up = 1;
		strlcpy_k(m->last_error, "the modem stopped answering",
		    sizeof(m->last_error));
		worker_state(m, "down", m->last_error);
		care_lost(m, m->last_error);
	}
}

int
modem_worker_run(struct gateway *gw, const struct modem_conf *mc, int fd,
    const struct worker_start *ws)
{
	struct worker *m = worker_new(gw, mc, fd);

	if (m->db != NULL) {
		/* The time this boot learnt, before anything is dated. */
		db_clock_watch(m->db, &m->clock, 0);
		worker_resume(m, ws);
		modem_main(m);
	}
	worker_free(m);
	return 0;
}
