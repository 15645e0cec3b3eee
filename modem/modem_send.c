/*
 * A modem worker's sending. Each turn claims the next queued row, asks
 * the admission rules whether it may go now, hands it back if not, else
 * sends every part and records how it went.
 *
 * Which row the claim takes: rows routed to this modem by prefix first
 * (db_outbox_claim), and broadcasts, polls and surveys only once the
 * time is known (lib/clock.h), outside quiet hours, and while the SIM's
 * credit is above its floor.
 * Whether any row may be claimed: a free send slot in the last minute
 * (send_per_minute), the modem not resting after REST_AFTER failed sends
 * in a row, and its daily_cap not reached.
 * Whether the claimed row may go: slots for all its parts, and the day's
 * SMS budget not passed. Broadcasts are queued whatever the budget, so
 * this check is the only one they meet.
 *
 * A sent mark rides in the next claim's transaction when another row
 * follows at once: one commit and one flush for both. Only one row of a
 * modem is ever 'sending', so a crash or a power cut leaves at most one
 * reply in doubt, never sent twice (docs/PERFORMANCE.md).
 */
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

/* How long a send may wait for the network's answer. */
#define SEND_TIMEOUT_MS	60000
/* Failed sends in a row before the modem rests. */
#define REST_AFTER	3
/* A failed send waits this long, times its tries, before the next. */
#define RETRY_DELAY_S	30
/* send_per_minute counts the parts sent in this window. */
#define RATE_WINDOW_MS	60000
#define DAY_S		86400

/* Whether a row may go now, or the rule that holds it. */
enum admission {
	GO = 0,
	HOLD_RATE,		/* no send slot for it in the last minute */
	HOLD_RESTING,		/* REST_AFTER failed sends in a row */
	HOLD_DAILY_CAP,		/* this modem sent its daily_cap parts */
	HOLD_BUDGET		/* it would pass the day's SMS budget */
};

void
send_status_cb(GSM_StateMachine *sm, int status, int ref, void *data)
{
	struct worker *m = data;

	(void)sm;
	m->send_status = status;
	m->send_ref = ref;
	m->send_done = 1;
}

int
send_room(struct worker *m, int64_t now_ms)
{
	int i, used = 0;

	for (i = 0; i < m->send_per_minute; i++)
		if (m->sent_ms[i] != 0 && now_ms - m->sent_ms[i] <
		    RATE_WINDOW_MS)
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

/* Rules for the modem as a whole, asked before a row is claimed; done
 * is a send whose mark is not written yet. */
static enum admission
may_claim(struct worker *m, int room, const struct outbox_sent *done,
    int64_t now)
{
	if (room <= 0)
		return HOLD_RATE;
	if (db_modem_resting(m->db, m->name, now) > 0)
		return HOLD_RESTING;
	if (m->daily_cap > 0 && db_modem_sent_since(m->db, m->name,
	    next_midnight(now) - DAY_S) + (done->id != 0 ? done->parts : 0) >=
	    m->daily_cap)
		return HOLD_DAILY_CAP;
	return GO;
}

/*
 * Bulk waits while the time is not known: quiet hours and poll closing
 * times would be judged by a clock that may say 1970 or last week. Said
 * once each way.
 */
static int
time_known(struct worker *m)
{
	int known = clock_known();

	if (m->clock_held == !known)
		return known;		/* as said before */
	m->clock_held = !known;
	if (!known)
		log_warnx("Modem %s: broadcasts, polls and surveys wait: the "
		    "time is not known yet (a received SMS, the modem's clock "
		    "or the district will tell it).", m->name);
	else
		log_info("Modem %s: the time is known now, from %s; "
		    "broadcasts, polls and surveys may go.", m->name,
		    clock_source_text(clock_source()));
	return known;
}

/* 1 when the claim may take broadcasts, polls and surveys. */
static int
bulk_may_go(struct worker *m, int64_t now)
{
	const struct gw_config *cfg = gw_config_get(m->gw);
	int quiet = config_quiet_now(cfg, now);

	gw_config_put(m->gw);
	return time_known(m) && !quiet && care_bulk_ok(m);
}

/* Rules for the claimed row; the budget's refusal is logged here. */
static enum admission
may_go(struct worker *m, const struct outbox_row *row, int room,
    int64_t now)
{
	const struct gw_config *cfg;
	int budget;

	/* A row longer than a whole minute's slots waits for all of them. */
	if (row->parts > room && room < m->send_per_minute)
		return HOLD_RATE;
	cfg = gw_config_get(m->gw);
	budget = cfg->daily_sms_budget;
	gw_config_put(m->gw);
	if (budget > 0 && db_budget_used(m->db, now) + row->parts > budget) {
		log_warnx("The daily SMS budget (%d) is spent; outbox "
		    "%" PRId64 " waits for tomorrow.", budget, row->id);
		return HOLD_BUDGET;
	}
	return GO;
}

/* A held row goes back to the queue: over budget until tomorrow, else
 * for the next turn. */
static void
hand_back(struct worker *m, const struct outbox_row *row,
    enum admission held, int64_t now)
{
	db_outbox_release(m->db, row->id, held == HOLD_BUDGET ?
	    next_midnight(now) : 0);
}

/* The text as libgammu's parts, in m->msms; 0, or -1 with why. */
static int
encode_parts(struct worker *m, const char *text, char *why, size_t whysz)
{
	GSM_MultiPartSMSInfo info;
	unsigned char *buf;
	struct sms_size sz;
	GSM_Error e;
	int units;

	sms_size(text, &sz);
	units = sz.units * 2 + 8;
	buf = xcalloc((size_t)units + 1, 2);
	utf8_to_ucs2be(text, buf, (size_t)units);
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
	return 0;
}

/* Send every part; 0 when all went, else -1 with why. */
static int
send_parts(struct worker *m, const struct outbox_row *row, int *ref,
    char *why, size_t whysz)
{
	GSM_Error e;
	int i;

	if (encode_parts(m, row->text, why, whysz) != 0)
		return -1;
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
			snprintf(why, whysz, "part %d of %d: no answer from "
			    "the modem", i + 1, m->msms->Number);
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

/* The mark waits in done for the next claim's transaction (or
 * mark_pending when none follows). */
static void
record_sent(struct worker *m, const struct outbox_row *row, int ref,
    struct outbox_sent *done)
{
	char masked[PHONE_MAX];

	done->id = row->id;
	done->reference = ref;
	done->parts = row->parts;
	done->report = m->delivery_reports;
	done->at = now_wall();
	/* A write only when a run of failures ends. */
	if (m->fails_in_row > 0)
		db_modem_send_result(m->db, m->name, 1, REST_AFTER, 0);
	m->fails_in_row = 0;
	phone_mask(row->recipient, masked, sizeof(masked));
	log_info("Modem %s sent outbox %" PRId64 " to %s (%d part%s).",
	    m->name, row->id, masked, row->parts, row->parts == 1 ? "" : "s");
	log_debug("Modem %s sent to %s: \"%s\"", m->name, row->recipient,
	    row->text);
}

/*
 * Another modem takes the failed row at once; alone, this one tries it
 * again later. HOLD_RESTING when this failure rests the modem, else GO.
 */
static enum admission
record_failed(struct worker *m, const struct outbox_row *row,
    const char *why, int64_t now)
{
	char masked[PHONE_MAX];
	int others = db_modems_usable_besides(m->db, m->name, now), fails;

	phone_mask(row->recipient, masked, sizeof(masked));
	log_warnx("Modem %s: sending outbox %" PRId64 " to %s failed (try %d "
	    "of %d): %s.", m->name, row->id, masked, row->tries,
	    MODEM_MAX_TRIES, why);
	db_outbox_failed(m->db, row->id, why, MODEM_MAX_TRIES, others > 0 ?
	    now : now_wall() + (int64_t)RETRY_DELAY_S * row->tries);
	if (others > 0)
		worker_tell(m, "outbox");
	fails = db_modem_send_result(m->db, m->name, 0, REST_AFTER,
	    now + m->rest_seconds);
	m->fails_in_row = fails > 0 ? fails : 1;
	if (fails < REST_AFTER)
		return GO;
	log_warnx("Modem %s failed %d sends in a row; it rests for %d s.",
	    m->name, fails, m->rest_seconds);
	return HOLD_RESTING;
}

/* The last send's mark, alone, when no claim took it along. */
static void
mark_pending(struct worker *m, struct outbox_sent *done)
{
	if (done->id == 0)
		return;
	db_outbox_sent(m->db, done->id, done->reference, done->parts,
	    done->at, done->report);
	done->id = 0;
}

int
send_queued(struct worker *m)
{
	struct outbox_sent done = { 0 };
	int sent = 0, rc = 0;

	while (!atomic_load(&m->gw->stopping)) {
		struct outbox_row row = { 0 };
		int64_t now = now_wall();
		int room = send_room(m, now_mono_ms());
		enum admission next;
		char why[256];
		int ref = 0;

		if (may_claim(m, room, &done, now) != GO)
			break;
		if (db_outbox_claim_after(m->db, &done, m->name, now,
		    bulk_may_go(m, now), &row) != 0)
			break;
		/* The claim's flush put the messages received before it on
		 * the card too. */
		receive_flushed(m, 1);
		next = may_go(m, &row, room, now);
		if (next != GO)
			hand_back(m, &row, next, now);
		else if (send_parts(m, &row, &ref, why, sizeof(why)) == 0) {
			record_sent(m, &row, ref, &done);
			sent++;
		} else
			next = record_failed(m, &row, why, now);
		outbox_row_clear(&row);
		if (next != GO)
			break;
		if (m->connected < 0) {
			rc = -1;
			break;
		}
	}
	mark_pending(m, &done);
	return rc < 0 ? rc : sent;
}
