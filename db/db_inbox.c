/*
 * Received SMS: storing them (once, however often the modem shows them),
 * joining the parts of concatenated ones, and the pipeline's view of the
 * unhandled rows.
 */
#include "db_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

/* Kept this long after assembly so that a part read again is recognised. */
#define PART_KEEP_SECONDS (7 * 86400)
/* Marks where a part never arrived. */
#define PART_GAP "..."

void
inbox_row_clear(struct inbox_row *r)
{
	free(r->modem);
	free(r->sender);
	free(r->phone);
	free(r->text);
	free(r->state);
	memset(r, 0, sizeof(*r));
}

static uint64_t
fnv64(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/*
 * What makes a message the same message: who, the SMSC time stamp, the
 * concatenation fields and the text. A modem shows the same stored SMS
 * again after a crash; it never changes any of these.
 */
static void
fingerprint(const struct sms_in *m, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s|%" PRId64 "|%d|%d|%d|%zu|%016" PRIx64,
	    m->sender, m->sent_at, m->ref, m->seq, m->total, strlen(m->text),
	    fnv64(m->text));
}

static int
insert_inbox(struct db *db, const char *fp, const char *modem,
    const char *sender, const char *phone, const char *text, int parts,
    int64_t sent_at, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(db, ST_INBOX_INSERT,
	    "INSERT OR IGNORE INTO inbox (fingerprint, modem, sender, phone, "
	    "text, parts, sent_at, received_at) VALUES (?,?,?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, modem, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, sender, -1, SQLITE_TRANSIENT);
	if (phone != NULL)
		sqlite3_bind_text(st, 4, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, parts);
	sqlite3_bind_int64(st, 7, sent_at);
	sqlite3_bind_int64(st, 8, now);
	if (db_exec_stmt(db, st, "storing a received SMS") != 0)
		return -1;
	*id = sqlite3_changes(db->h) > 0 ? sqlite3_last_insert_rowid(db->h) : 0;
	return 0;
}

/* Join the parts of one set (gaps marked) into one inbox row. */
static int
assemble(struct db *db, const char *sender, int ref, int total, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_PART_LIST,
	    "SELECT seq, text, modem, phone, sent_at, fingerprint "
	    "FROM sms_parts WHERE sender = ? AND ref = ? AND total = ? "
	    "AND inbox_id IS NULL ORDER BY seq, received_at");
	struct strbuf text = STRBUF_INIT;
	char *modem = NULL, *phone = NULL, *fp = NULL;
	int64_t sent_at = 0, id = 0;
	int next = 1, rc, have = 0, ret = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, sender, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, ref);
	sqlite3_bind_int(st, 3, total);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int seq = sqlite3_column_int(st, 0);

		if (seq < next)
			continue;	/* the same part twice */
		for (; next < seq; next++)
			sb_adds(&text, PART_GAP);
		sb_adds(&text, (const char *)sqlite3_column_text(st, 1));
		next = seq + 1;
		if (!have) {
			modem = db_col_dup(st, 2);
			phone = db_col_dup(st, 3);
			sent_at = sqlite3_column_int64(st, 4);
			fp = db_col_dup(st, 5);
			have = 1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, "reading SMS parts");
		goto out;
	}
	if (!have) {
		ret = 0;
		goto out;
	}
	for (; next <= total; next++)
		sb_adds(&text, PART_GAP);
	{
		char mfp[600];

		snprintf(mfp, sizeof(mfp), "m:%s", fp);
		if (insert_inbox(db, mfp, modem, sender, phone, sb_str(&text),
		    total, sent_at, now, &id) != 0)
			goto out;
	}
	st = db_stmt(db, ST_PART_LINK, "UPDATE sms_parts SET inbox_id = ? "
	    "WHERE sender = ? AND ref = ? AND total = ? AND inbox_id IS NULL");
	if (st == NULL)
		goto out;
	/* id 0: an identical set was stored before; link to -1 to close it. */
	sqlite3_bind_int64(st, 1, id != 0 ? id : -1);
	sqlite3_bind_text(st, 2, sender, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, ref);
	sqlite3_bind_int(st, 4, total);
	ret = db_exec_stmt(db, st, "linking SMS parts");
out:
	sb_free(&text);
	free(modem);
	free(phone);
	free(fp);
	return ret;
}

static int
receive_part(struct db *db, const struct sms_in *m, const char *fp,
    int64_t now, int *fresh)
{
	sqlite3_stmt *st = db_stmt(db, ST_PART_INSERT,
	    "INSERT OR IGNORE INTO sms_parts (fingerprint, modem, sender, phone, "
	    "ref, total, seq, text, sent_at, received_at) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?)");
	int have;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, m->modem, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, m->sender, -1, SQLITE_TRANSIENT);
	if (m->phone != NULL)
		sqlite3_bind_text(st, 4, m->phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, m->ref);
	sqlite3_bind_int(st, 6, m->total);
	sqlite3_bind_int(st, 7, m->seq);
	sqlite3_bind_text(st, 8, m->text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 9, m->sent_at);
	sqlite3_bind_int64(st, 10, now);
	if (db_exec_stmt(db, st, "storing an SMS part") != 0)
		return -1;
	*fresh = sqlite3_changes(db->h) > 0;
	if (!*fresh)
		return 0;
	st = db_stmt(db, ST_PART_COUNT, "SELECT COUNT(DISTINCT seq) "
	    "FROM sms_parts WHERE sender = ? AND ref = ? AND total = ? "
	    "AND inbox_id IS NULL");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, m->sender, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, m->ref);
	sqlite3_bind_int(st, 3, m->total);
	have = db_step_int(db, st, "counting SMS parts");
	if (have < 0)
		return -1;
	if (have < m->total)
		return 0;
	return assemble(db, m->sender, m->ref, m->total, now);
}

int
db_inbox_receive(struct db *db, const struct sms_in *m, int64_t now,
    int *fresh)
{
	char fp[512];
	int64_t id;

	fingerprint(m, fp, sizeof(fp));
	if (m->total > 1)
		return receive_part(db, m, fp, now, fresh);
	if (insert_inbox(db, fp, m->modem, m->sender, m->phone, m->text, 1,
	    m->sent_at, now, &id) != 0)
		return -1;
	*fresh = id != 0;
	return 0;
}

int
db_inbox_receive_raw(struct db *db, const struct sms_in *m, const char *raw,
    int64_t now, int *fresh)
{
	sqlite3_stmt *st;
	char fp[512];
	int64_t id;
	int readable = m->text != NULL && m->text[0] != '\0';

	if (readable)
		fingerprint(m, fp, sizeof(fp));
	else
		snprintf(fp, sizeof(fp), "raw|%s|%zu|%016" PRIx64, m->sender,
		    strlen(raw), fnv64(raw));
	if (insert_inbox(db, fp, m->modem, m->sender, m->phone,
	    readable ? m->text : "", 1, m->sent_at, now, &id) != 0)
		return -1;
	*fresh = id != 0;
	if (id == 0)
		return 0;
	st = db_stmt(db, ST_INBOX_RAW, "UPDATE inbox SET raw = ?, state = ? "
	    "WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, raw, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, readable ? "new" : "unreadable", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(db, st, "keeping an unreadable SMS");
}

int
db_parts_release(struct db *db, int64_t before, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_PART_STALE,
	    "SELECT sender, ref, total FROM sms_parts WHERE inbox_id IS NULL "
	    "GROUP BY sender, ref, total HAVING MIN(received_at) < ? LIMIT 1");
	int n = 0;

	for (;;) {
		char *sender;
		int ref, total;

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, before);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			break;
		}
		sender = db_col_dup(st, 0);
		ref = sqlite3_column_int(st, 1);
		total = sqlite3_column_int(st, 2);
		sqlite3_reset(st);
		log_info("An SMS of %d parts waited too long for the rest; "
		    "handling it as it is.", total);
		if (assemble(db, sender, ref, total, now) != 0) {
			free(sender);
			return -1;
		}
		free(sender);
		n++;
		st = db_stmt(db, ST_PART_STALE, NULL);
	}
	st = db_stmt(db, ST_PART_PRUNE, "DELETE FROM sms_parts "
	    "WHERE inbox_id IS NOT NULL AND received_at < ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now - PART_KEEP_SECONDS);
	if (db_exec_stmt(db, st, "pruning SMS parts") != 0)
		return -1;
	return n;
}

static void
read_row(sqlite3_stmt *st, struct inbox_row *out)
{
	out->id = sqlite3_column_int64(st, 0);
	out->modem = db_col_dup(st, 1);
	out->sender = db_col_dup(st, 2);
	out->phone = db_col_dup(st, 3);
	out->text = db_col_dup(st, 4);
	out->parts = sqlite3_column_int(st, 5);
	out->sent_at = sqlite3_column_int64(st, 6);
	out->received_at = sqlite3_column_int64(st, 7);
	out->state = db_col_dup(st, 8);
}

#define INBOX_COLS "id, modem, sender, phone, text, parts, sent_at, " \
	"received_at, state"

static int
one_row(struct db *db, sqlite3_stmt *st, struct inbox_row *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, "reading the inbox");
}

int
db_inbox_next(struct db *db, struct inbox_row *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_INBOX_NEXT, "SELECT " INBOX_COLS
	    " FROM inbox WHERE state = 'new' ORDER BY id LIMIT 1");

	return st != NULL ? one_row(db, st, out) : -1;
}

int
db_inbox_get(struct db *db, int64_t id, struct inbox_row *out)
{
	sqlite3_stmt *st = db_stmt(db, ST_INBOX_GET, "SELECT " INBOX_COLS
	    " FROM inbox WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return one_row(db, st, out);
}

int
db_inbox_mark(struct db *db, int64_t id, const char *state,
    const char *note, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, ST_INBOX_MARK, "UPDATE inbox SET "
	    "state = ?, note = ?, handled_at = ? WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_TRANSIENT);
	if (note != NULL)
		sqlite3_bind_text(st, 2, note, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, id);
	return db_exec_stmt(db, st, "marking an inbox row");
}
