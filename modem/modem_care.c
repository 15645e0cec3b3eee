/*
 * Looking after a modem in the field: its health (signal, registration,
 * operator, and whether it answers at all), what to do when it stops
 * answering (soft reset, reconnect, then the operator's reset_command,
 * with one SMS to the admins through another modem), its SIM credit
 * (USSD on a schedule or on an admin's SALDO), and missed calls that
 * stand for a message.
 */
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "modem.h"
#include "outbox.h"
#include "phone.h"
#include "smstext.h"
#include "util.h"
#include "worker.h"

/* A USSD answer may take this long to come. */
#define USSD_WAIT_MS	30000
/* reset_command at most this often, and after this many failed connects. */
#define RESET_EVERY_MS	(10 * 60 * 1000)
#define RESET_AFTER	3
#define RESET_WAIT_S	60
/* Rings from one number this close together are one call (a network
 * rings every 2-5 s). */
#define CALL_SAME_MS	8000

/* A notice to one number, within the day's budget like any notice. */
static void
queue_with(struct worker *m, const struct gw_config *cfg, const char *to,
    const char *text)
{
	struct outbox_msg msg = { 0 };
	int rc;

	msg.to = to;
	msg.text = text;
	msg.kind = "notice";
	rc = outbox_queue(m->db, cfg, &msg, now_wall(), NULL);
	if (rc == 0)
		worker_tell(m, "outbox");
	else if (rc == OUTBOX_OVER_BUDGET)
		log_warnx("The daily SMS budget is spent; a notice to an "
		    "admin was not queued.");
}

static void
queue_text(struct worker *m, const char *to, const char *text)
{
	queue_with(m, gw_config_get(m->gw), to, text);
	gw_config_put(m->gw);
}

/* A reply text with its {placeholders}, into out. */
static void
render(struct worker *m, struct strbuf *out, enum reply_id id,
    const char *const *vars)
{
	const struct gw_config *cfg = gw_config_get(m->gw);

	reply_render(out, cfg->replies.text[id], vars);
	gw_config_put(m->gw);
}

void
worker_tell_admins(struct worker *m, const char *text)
{
	const struct gw_config *cfg = gw_config_get(m->gw);
	size_t i;

	for (i = 0; i < cfg->n_admins; i++)
		queue_with(m, cfg, cfg->admins[i].phone, text);
	gw_config_put(m->gw);
}

static void
on_ussd(GSM_StateMachine *sm, GSM_USSDMessage *u, void *data)
{
	struct worker *m = data;
	char *text = ucs2be_to_utf8(u->Text, GSM_MAX_USSD_LENGTH + 1);

	(void)sm;
	strlcpy_k(m->ussd_text, text, sizeof(m->ussd_text));
	free(text);
	m->ussd_done = 1;
}

static void
on_call(GSM_StateMachine *sm, GSM_Call *call, void *data)
{
	struct worker *m = data;
	char *num;
	int64_t now = now_mono_ms();

	(void)sm;
	if (call->Status != GSM_CALL_IncomingCall) {
		/* The caller hung up: the next ring is a new call. */
		m->last_call[0] = '\0';
		return;
	}
	num = ucs2be_to_utf8(call->PhoneNumber, GSM_MAX_NUMBER_LENGTH + 1);
	/* A call rings many times; kabar never answers it. */
	if (num[0] != '\0' && (strcmp(num, m->last_call) != 0 ||
	    now - m->last_call_ms > CALL_SAME_MS) && m->n_calls <
	    WORKER_CALLS) {
		strlcpy_k(m->calls[m->n_calls++], num, sizeof(m->calls[0]));
		strlcpy_k(m->last_call, num, sizeof(m->last_call));
	}
	if (strcmp(num, m->last_call) == 0)
		m->last_call_ms = now;
	free(num);
}

void
care_connected(struct worker *m)
{
	const struct gw_config *cfg;
	int calls;

	db_modem_prefixes(m->db, m->name, m->prefixes_json);
	if (m->told_down) {
		struct strbuf sb = STRBUF_INIT;

		render(m, &sb, R_MODEM_UP, (const char *const[]){ "modem",
		    m->name, NULL });
		worker_tell_admins(m, sb_str(&sb));
		sb_free(&sb);
		m->told_down = 0;
	}
	m->ever_up = 1;
	m->failed_connects = 0;
	m->no_clock = 0;	/* maybe another modem on that port */
	GSM_SetIncomingUSSDCallback(m->sm, on_ussd, m);
	/* Without it the request goes as AT+CUSD=0 and no answer shows. */
	if (m->balance_ussd[0] != '\0' && GSM_SetIncomingUSSD(m->sm, TRUE) !=
	    ERR_NONE)
		log_warnx("Modem %s cannot show USSD answers; its credit is "
		    "not checked.", m->name);
	cfg = gw_config_get(m->gw);
	calls = cfg->missed_call[0] != '\0';
	gw_config_put(m->gw);
	if (calls) {
		GSM_SetIncomingCallCallback(m->sm, on_call, m);
		if (GSM_SetIncomingCall(m->sm, TRUE) != ERR_NONE)
			log_warnx("Modem %s cannot report incoming calls; "
			    "missed calls are not taken here.", m->name);
	}
}

static const char *
registration(GSM_NetworkInfo_State st)
{
	switch (st) {
	case GSM_HomeNetwork:
		return "home";
	case GSM_RoamingNetwork:
		return "roaming";
	case GSM_RequestingNetwork:
		return "searching";
	case GSM_RegistrationDenied:
		return "denied";
	case GSM_NoNetwork:
		return "none";
	default:
		return "unknown";
	}
}

/* 1, the modem marked down, when e says it stopped answering. */
static int
health_lost(struct worker *m, GSM_Error e)
{
	if (!worker_connection_lost(e))
		return 0;
	snprintf(m->last_error, sizeof(m->last_error), "the modem stopped "
	    "answering (%s)", GSM_ErrorString(e));
	worker_state(m, "down", m->last_error);
	return 1;
}

/*
 * The modem's clock is a reading of the time when the network set it
 * (NITZ): such a clock speaks the network's time zone. A modem that
 * counts from its power-on says 2000, or its firmware's year, and +00 or
 * no zone at all. Gammu's dummy phone answers with this board's own
 * clock, which tells nothing.
 */
static int
care_clock(struct worker *m)
{
	GSM_DateTime dt;
	GSM_Error e;
	int64_t t;

	if (m->no_clock || strcmp(m->connection, "none") == 0)
		return 0;
	memset(&dt, 0, sizeof(dt));
	e = GSM_GetDateTime(m->sm, &dt);
	if (health_lost(m, e))
		return -1;
	if (e == ERR_NOTSUPPORTED || e == ERR_NOTIMPLEMENTED) {
		log_debug("Modem %s has no clock to read.", m->name);
		m->no_clock = 1;
	}
	t = e == ERR_NONE ? gsm_time(&dt) : 0;
	if (t > 0 && clock_zone_is_local(t, dt.Timezone))
		db_clock_reading(m->db, CLOCK_MODEM, t);
	else if (t > 0)
		log_debug("Modem %s: its clock (%04d-%02d-%02d %02d:%02d, zone "
		    "%+d s) is not the network's; not used.", m->name, dt.Year,
		    dt.Month, dt.Day, dt.Hour, dt.Minute, dt.Timezone);
	return 0;
}

int
care_health(struct worker *m)
{
	GSM_SignalQuality sq;
	GSM_NetworkInfo ni;
	GSM_Error e;

	memset(&sq, 0, sizeof(sq));
	memset(&ni, 0, sizeof(ni));
	sq.SignalPercent = -1;
	e = GSM_GetSignalQuality(m->sm, &sq);
	if (health_lost(m, e))
		return -1;
	if (e != ERR_NONE)
		sq.SignalPercent = -1;
	e = GSM_GetNetworkInfo(m->sm, &ni);
	if (health_lost(m, e))
		return -1;
	db_modem_health(m->db, m->name, e == ERR_NONE ?
	    registration(ni.State) : "unknown", e == ERR_NONE ?
	    ni.NetworkCode : "", sq.SignalPercent);
	return care_clock(m);
}

/* The operator's script (a USB power cycle, say), waited for a minute. */
static void
run_reset_command(struct worker *m)
{
	int64_t until;
	pid_t pid;
	int status = 0, done = 0;

	log_warnx("Modem %s stays dead; running its reset_command.", m->name);
	pid = fork();
	if (pid < 0) {
		log_warn("Modem %s: fork", m->name);
		return;
	}
	if (pid == 0) {
		setenv("KABAR_MODEM", m->name, 1);
		setenv("KABAR_DEVICE", m->device, 1);
		close(m->fd);
		execl("/bin/sh", "sh", "-c", m->reset_command, (char *)NULL);
		_exit(127);
	}
	for (until = now_mono_ms() + RESET_WAIT_S * 1000; now_mono_ms() < until;
	    sleep_ms(100))
		if (waitpid(pid, &status, WNOHANG) == pid) {
			done = 1;
			break;
		}
	if (!done) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		log_warnx("Modem %s: reset_command did not finish in %d s.",
		    m->name, RESET_WAIT_S);
	} else
		log_info("Modem %s: reset_command ended with status %d.",
		    m->name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

void
care_lost(struct worker *m, const char *why)
{
	int64_t now = now_mono_ms();

	/* A soft reset first: it often brings a wedged modem back. */
	if (m->connected > 0 && m->sm != NULL && GSM_Reset(m->sm, FALSE) ==
	    ERR_NONE)
		log_info("Modem %s: soft reset done; reconnecting.", m->name);
	m->failed_connects++;
	if (m->ever_up && !m->told_down && m->n_modems > 1) {
		struct strbuf sb = STRBUF_INIT;
		char cut[64];

		/* One SMS: the error is cut to what fits. */
		strlcpy_k(cut, why != NULL && why[0] != '\0' ? why : "?",
		    sizeof(cut));
		utf8_truncate(cut, 56);
		render(m, &sb, R_MODEM_DOWN, (const char *const[]){ "modem",
		    m->name, "error", cut, NULL });
		worker_tell_admins(m, sb_str(&sb));
		sb_free(&sb);
		m->told_down = 1;
	}
	if (m->reset_command[0] != '\0' && m->failed_connects >= RESET_AFTER &&
	    (m->reset_command_at == 0 || now - m->reset_command_at >=
	    RESET_EVERY_MS)) {
		m->reset_command_at = now;
		run_reset_command(m);
	}
}

int
care_bulk_ok(struct worker *m)
{
	return m->balance < 0 || m->balance_floor <= 0 ||
	    m->balance >= m->balance_floor;
}

/* The amount in "Rp12.345,00" or "Rp 12,345": rupiah, or -1. */
static long
amount(const char *pattern, const char *text)
{
	regex_t re;
	regmatch_t mt[2];
	char digits[32];
	const char *p, *end;
	size_t n = 0;
	long v = -1;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE) != 0)
		return -1;
	if (regexec(&re, text, 2, mt, 0) == 0 && mt[1].rm_so >= 0) {
		p = text + mt[1].rm_so;
		end = text + mt[1].rm_eo;
		/* Two digits after the last separator are cents. */
		if (end - p > 3 && (end[-3] == ',' || end[-3] == '.'))
			end -= 3;
		for (; p < end && n < sizeof(digits) - 1; p++)
			if (*p >= '0' && *p <= '9')
				digits[n++] = *p;
		digits[n] = '\0';
		if (n > 0 && n < 12)
			v = strtol(digits, NULL, 10);
	}
	regfree(&re);
	return v;
}

void
care_balance(struct worker *m)
{
	char asked_by[PHONE_MAX], amt[32];
	struct strbuf sb = STRBUF_INIT;
	int64_t now = now_mono_ms(), deadline;
	int asked, warn_now;
	GSM_Error e;
	long v;

	if (m->balance_ussd[0] == '\0')
		return;
	asked = db_balance_asked(m->db, m->name) > 0;
	if (!asked && m->last_balance_ms != 0 && now - m->last_balance_ms <
	    (int64_t)m->balance_hours * 3600 * 1000)
		return;
	m->last_balance_ms = now;
	m->ussd_done = 0;
	m->ussd_text[0] = '\0';
	e = GSM_DialService(m->sm, m->balance_ussd);
	for (deadline = now + USSD_WAIT_MS; e == ERR_NONE && !m->ussd_done &&
	    now_mono_ms() < deadline && !atomic_load(&m->gw->stopping);) {
		worker_alive(m);
		GSM_ReadDevice(m->sm, TRUE);
	}
	v = m->ussd_done ? amount(m->balance_pattern, m->ussd_text) : -1;
	if (v < 0) {
		const char *answer = e != ERR_NONE ? GSM_ErrorString(e) :
		    m->ussd_done ? m->ussd_text : "no answer";

		log_warnx("Modem %s: the credit check %s gave no amount: %s",
		    m->name, m->balance_ussd, answer);
		if (db_balance_set(m->db, m->name, m->balance, now_wall(),
		    -1, asked_by, sizeof(asked_by), &warn_now) == 0 &&
		    asked_by[0] != '\0') {
			char cut[64];

			strlcpy_k(cut, answer, sizeof(cut));
			utf8_truncate(cut, 58);
			render(m, &sb, R_BALANCE_UNREAD, (const char *const[]){
			    "modem", m->name, "answer", cut, NULL });
			queue_text(m, asked_by, sb_str(&sb));
		}
		sb_free(&sb);
		return;
	}
	m->balance = v;
	rupiah(v, amt, sizeof(amt));
	log_info("Modem %s: credit Rp%s.", m->name, amt);
	if (db_balance_set(m->db, m->name, v, now_wall(), m->balance_warn,
	    asked_by, sizeof(asked_by), &warn_now) != 0)
		return;
	if (asked_by[0] != '\0') {
		render(m, &sb, R_BALANCE_IS, (const char *const[]){ "modem",
		    m->name, "amount", amt, NULL });
		queue_text(m, asked_by, sb_str(&sb));
		sb_reset(&sb);
	}
	if (warn_now && m->balance_warn > 0) {
		char lim[32];

		rupiah(m->balance_warn, lim, sizeof(lim));
		render(m, &sb, R_BALANCE_LOW, (const char *const[]){ "modem",
		    m->name, "amount", amt, "limit", lim, NULL });
		worker_tell_admins(m, sb_str(&sb));
	}
	if (!care_bulk_ok(m)) {
		rupiah(m->balance_floor, amt, sizeof(amt));
		log_warnx("Modem %s: credit below the floor (Rp%s); no "
		    "broadcasts on this modem until it is topped up.", m->name,
		    amt);
	}
	sb_free(&sb);
}

void
care_calls(struct worker *m)
{
	const struct gw_config *cfg;
	char text[161], e164[PHONE_MAX], masked[PHONE_MAX];
	struct sms_in in = { 0 };
	int64_t now = now_wall();
	int i, hours, fresh, rc;

	if (m->n_calls == 0)
		return;
	cfg = gw_config_get(m->gw);
	strlcpy_k(text, cfg->missed_call, sizeof(text));
	hours = cfg->missed_call_hours;
	gw_config_put(m->gw);
	for (i = 0; i < m->n_calls && text[0] != '\0'; i++) {
		if (phone_normalise(m->calls[i], m->country_code, e164,
		    sizeof(e164)) != PHONE_MOBILE)
			continue;
		phone_mask(e164, masked, sizeof(masked));
		if (db_begin(m->db) != 0)
			break;
		rc = db_call_take(m->db, m->name, e164, now,
		    now - (int64_t)hours * 3600);
		if (rc == 0) {
			in.modem = m->name;
			in.sender = m->calls[i];
			in.phone = e164;
			in.text = text;
			in.sent_at = now;
			in.seq = in.total = 1;
			rc = db_inbox_receive(m->db, &in, now, &fresh);
		}
		if (rc < 0 || db_commit(m->db) != 0 ||
		    db_flush(m->db) != 0) {
			db_rollback(m->db);
			break;
		}
		if (rc == 0) {
			log_info("Modem %s: a missed call from %s, taken as "
			    "\"%s\".", m->name, masked, text);
			worker_tell(m, "inbox");
		} else
			log_info("Modem %s: a missed call from %s, who called "
			    "before; not taken again.", m->name, masked);
	}
	m->n_calls = 0;
}
