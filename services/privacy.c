/*
 * Residents' data rights. `kabar residents erase` removes a number's
 * personal data from every table (db/db_privacy.c says which) and
 * queues an `erasure` record so that the district does the same with
 * what it already received: the keyed hash that votes, answers and
 * registrations carry, the tickets whose texts it holds, and the number
 * itself only where the district may hold numbers (sync.share_personal)
 * or holds this one already (records sent before that setting).
 *
 * Records already sent are never sent again with blanked data: the
 * erasure record erases them at the district. Journal records not sent
 * yet that name the number are rewritten in place (its personal fields
 * removed, the hash put in), not dropped: the district still counts the
 * registration, the complaint's category and status, the vote, and a
 * record that was in flight when the erasure came (sent, its answer
 * lost) is taken by the district as the same record, because it compares
 * records without their personal fields. Dropping them would lose those
 * counts and gain nothing: the erasure record follows them either way.
 */
#include "privacy.h"

#include <jansson.h>
#include <string.h>

#include "log.h"
#include "service.h"

#define DAY_SECONDS 86400

int
privacy_hash(struct db *db, const struct gw_config *cfg, const char *phone,
    int64_t now, char *hash)
{
	struct svc ctx = { 0 };

	ctx.db = db;
	ctx.cfg = cfg;
	ctx.phone = phone;
	ctx.now = now;
	return svc_phone_hash(&ctx, hash);
}

int
privacy_registration(struct svc *ctx, const char *name, const char *grp,
    const char *source)
{
	char hash[33];
	json_t *rec;

	if (svc_phone_hash(ctx, hash) != 0)
		return -1;
	rec = json_pack("{s:s, s:s?, s:s*}", "resident", hash, "group", grp,
	    "source", source);
	if (rec != NULL && ctx->cfg->sync_share_personal) {
		json_object_set_new(rec, "phone", json_string(ctx->phone));
		json_object_set_new(rec, "name", json_string(name));
	}
	return journal_record(ctx, "registration", rec);
}

int
privacy_optout(struct svc *ctx)
{
	char hash[33];
	json_t *rec;

	if (svc_phone_hash(ctx, hash) != 0)
		return -1;
	rec = json_pack("{s:s}", "resident", hash);
	if (rec != NULL && ctx->cfg->sync_share_personal)
		json_object_set_new(rec, "phone", json_string(ctx->phone));
	return journal_record(ctx, "optout", rec);
}

static int
add_ticket(void *arg, const char *number)
{
	return json_array_append_new(arg, json_string(number));
}

int
privacy_erase(struct db *db, const struct gw_config *cfg, const char *phone,
    int64_t now, int *rows, int *tickets)
{
	struct svc ctx = { 0 };
	char hash[33];
	json_t *list = json_array(), *rec;
	int n, plain;

	ctx.db = db;
	ctx.cfg = cfg;
	ctx.phone = phone;
	ctx.now = now;
	if (db_begin(db) != 0) {
		json_decref(list);
		return -1;
	}
	if (svc_phone_hash(&ctx, hash) != 0 ||
	    db_person_tickets(db, phone, add_ticket, list) != 0)
		goto fail;
	*tickets = (int)json_array_size(list);
	/* The number goes with it only where the district may hold it, or
	 * holds it already from records sent before: there it is the only
	 * way to find them, and tells the district nothing new. */
	plain = cfg->sync_share_personal ? 1 : db_person_sent_plain(db,
	    phone);
	if (plain < 0)
		goto fail;
	n = db_person_erase(db, phone, hash);
	if (n < 0)
		goto fail;
	*rows = n;
	rec = json_pack("{s:s, s:O}", "resident", hash, "tickets", list);
	if (rec != NULL && plain)
		json_object_set_new(rec, "phone", json_string(phone));
	if (journal_record(&ctx, "erasure", rec) != 0)
		goto fail;
	json_decref(list);
	if (db_commit(db) != 0)
		return -1;
	log_info("A resident's personal data was erased (%d rows, %d "
	    "tickets); the district is told by an erasure record.", n,
	    *tickets);
	return 0;
fail:
	json_decref(list);
	db_rollback(db);
	return -1;
}

static int64_t
before(int64_t now, int days)
{
	return days > 0 ? now - (int64_t)days * DAY_SECONDS : 0;
}

int
privacy_retention(struct db *db, const struct gw_config *cfg, int64_t now)
{
	char today[11], last[16];
	int rc, n;

	db_day(now, today);
	rc = db_meta_get(db, "retention_day", last, sizeof(last));
	if (rc < 0)
		return -1;
	if (rc == 0 && strcmp(last, today) == 0)
		return 0;
	if (db_begin(db) != 0)
		return -1;
	n = db_retention(db, before(now, cfg->retention_messages_days),
	    before(now, cfg->retention_complaints_days),
	    before(now, cfg->retention_audit_days));
	if (n < 0 || db_meta_put(db, "retention_day", today) != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != 0)
		return -1;
	if (n > 0)
		log_info("Retention: personal data past its time was removed "
		    "from %d rows.", n);
	return n;
}
