/*
 * Updates from the district, applied with the same code the village staff
 * use: a complaint status tells the resident, a broadcast goes to its
 * audience (opt-outs honoured, quiet hours held by the modems), a poll or
 * a survey opens. A page of updates and the new cursor land in one
 * transaction; an update that cannot be applied (unknown ticket, bad
 * poll) is logged and passed over, so one bad update never blocks the
 * ones after it.
 */
#include "sync.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broadcast.h"
#include "tickets.h"
#include "log.h"
#include "office.h"
#include "poll.h"
#include "survey.h"

/* Longest broadcast text taken from the district, in bytes. */
#define BROADCAST_MAX 1600

typedef int (*apply_fn)(struct svc *ctx, json_t *u, char *why,
    size_t whysz);

/* An update passed over, with why: returns 1. */
static int
pass(char *why, size_t whysz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
pass(char *why, size_t whysz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return 1;
}

/* Each returns 0 applied, 1 passed over (why says), -1 database error. */

static int
apply_status(struct svc *ctx, json_t *u, char *why, size_t whysz)
{
	const char *number = NULL, *status = NULL, *note = NULL;
	const char *const *st;
	struct ticket t = { 0 };
	int rc;

	if (json_unpack(u, "{s:s, s:s, s?s}", "ticket", &number, "status",
	    &status, "note", &note) != 0)
		return pass(why, whysz, "needs ticket and status");
	if ((rc = db_ticket_get(ctx->db, number, &t)) != 0) {
		snprintf(why, whysz, "no ticket %.10s", number);
		return rc < 0 ? -1 : 1;
	}
	for (st = office_statuses(t.kind); st != NULL && *st != NULL; st++)
		if (strcmp(*st, status) == 0)
			break;
	ticket_clear(&t);
	if (st == NULL || *st == NULL)
		return pass(why, whysz, "'%.20s' is not a status for ticket %s",
		    status, number);
	rc = ticket_change(ctx, number, status, note, "district");
	if (rc == 1)
		snprintf(why, whysz, "ticket %s already has that status",
		    number);
	return rc;
}

static int
apply_broadcast(struct svc *ctx, json_t *u, char *why, size_t whysz)
{
	const char *text = NULL, *grp = NULL;
	int recipients, parts;
	int64_t id;

	if (json_unpack(u, "{s:s, s?s}", "text", &text, "group", &grp) != 0 ||
	    text[0] == '\0' || strlen(text) > BROADCAST_MAX)
		return pass(why, whysz, "needs a text of 1 to %d bytes",
		    BROADCAST_MAX);
	if (grp != NULL && grp[0] == '\0')
		grp = NULL;
	if (grp != NULL && !config_group_known(ctx->cfg, grp))
		return pass(why, whysz, "group %.32s is not in this village's "
		    "configuration", grp);
	if (broadcast_estimate(ctx, text, grp, &recipients, &parts) != 0 ||
	    db_bc_add(ctx->db, text, grp, "district", NULL, recipients, parts,
	    ctx->now, &id) != 0 || broadcast_queue(ctx, id, text, grp) < 0)
		return -1;
	return 0;
}

/*
 * The definition inside an update: without the envelope ("id", "type")
 * and what the gateway acts on itself (a survey's "send" and "group"),
 * since the services refuse keys a definition does not have. Caller
 * frees.
 */
static char *
definition(json_t *u, const char *const *drop)
{
	json_t *d = json_deep_copy(u);
	char *text;

	for (; *drop != NULL; drop++)
		json_object_del(d, *drop);
	text = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	return text;
}

static int
apply_poll(struct svc *ctx, json_t *u, char *why, size_t whysz)
{
	static const char *const drop[] = { "id", "type", NULL };
	char *text = definition(u, drop), code[16];
	int rc = poll_create(ctx, text ? text : "", code, sizeof(code), why,
	    whysz);

	free(text);
	return rc == 0 ? 0 : rc == -1 ? 1 : -1;
}

static int
apply_survey(struct svc *ctx, json_t *u, char *why, size_t whysz)
{
	static const char *const drop[] = { "id", "type", "send", "group",
	    NULL };
	char *text = definition(u, drop), code[16];
	const char *grp = json_string_value(json_object_get(u, "group"));
	int rc = survey_create(ctx, text ? text : "", code, sizeof(code), why,
	    whysz);

	free(text);
	if (rc == 0 && json_is_true(json_object_get(u, "send")) &&
	    survey_send(ctx, code, grp) < 0)
		return -1;
	return rc == 0 ? 0 : rc == -1 ? 1 : -1;
}

static const struct {
	const char	*type;
	apply_fn	 fn;
} appliers[] = {
	{ "complaint_status", apply_status },
	{ "broadcast", apply_broadcast },
	{ "poll", apply_poll },
	{ "survey", apply_survey },
};

/* One update inside its own savepoint: 0 applied, 1 passed over, -1. */
static int
apply_one(struct svc *ctx, json_t *u)
{
	const char *type = json_string_value(json_object_get(u, "type"));
	char why[200] = "";
	size_t i;
	int rc = 1;

	for (i = 0; type != NULL && i < sizeof(appliers) / sizeof(*appliers);
	    i++)
		if (strcmp(type, appliers[i].type) == 0)
			break;
	if (type == NULL || i == sizeof(appliers) / sizeof(*appliers))
		snprintf(why, sizeof(why), "unknown type");
	else {
		if (db_savepoint(ctx->db, SP_SET) != 0)
			return -1;
		rc = appliers[i].fn(ctx, u, why, sizeof(why));
		if (db_savepoint(ctx->db, rc == 0 ? SP_KEEP : SP_UNDO) != 0)
			return -1;
	}
	if (rc == 1) {
		char *text = json_dumps(u, JSON_COMPACT);

		/* Its texts (a note, a broadcast) only at debug level. */
		log_warnx("Update from the district passed over (%s).", why);
		log_debug("The update passed over: %.200s", text ? text : "?");
		db_audit(ctx->db, "district", type ? type : "update", 0, why,
		    ctx->now);
		free(text);
	}
	return rc;
}

int
sync_apply_updates(struct db *db, const struct gw_config *cfg,
    const char *since, const char *body, size_t len, int64_t now,
    int *more, char *err, size_t errsz)
{
	json_t *root = json_loadb(body, len, 0, NULL), *list, *cur, *u;
	struct svc ctx = { 0 };
	char cursor[64], stored[64];
	size_t i;
	int applied = 0, rc;

	*more = 0;
	list = json_object_get(root, "updates");
	cur = json_object_get(root, "cursor");
	if (json_is_integer(cur))
		snprintf(cursor, sizeof(cursor), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(cur));
	else if (json_is_string(cur) && json_string_length(cur) > 0 &&
	    json_string_length(cur) < sizeof(cursor))
		snprintf(cursor, sizeof(cursor), "%s", json_string_value(cur));
	else
		cur = NULL;
	if (!json_is_array(list) || cur == NULL) {
		snprintf(err, errsz, "expected {\"cursor\", \"updates\": [...]}");
		json_decref(root);
		return -1;
	}
	if (json_array_size(list) == 0 && strcmp(cursor, since) == 0) {
		json_decref(root);
		return 0;
	}
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.phone = "district";
	ctx.now = now;
	if (db_begin(db) != 0)
		goto dberr;
	/* Someone else (kabar sync now) applied this page first. */
	rc = db_meta_get(db, "sync.cursor", stored, sizeof(stored));
	if (rc < 0)
		goto dberr;
	if (strcmp(rc == 1 ? "" : stored, since) != 0) {
		db_rollback(db);
		json_decref(root);
		return 0;
	}
	json_array_foreach(list, i, u) {
		if (!json_is_object(u)) {
			log_warnx("Update %zu from the district is not an "
			    "object; passed over.", i);
			continue;
		}
		if ((rc = apply_one(&ctx, u)) < 0)
			goto dberr;
		applied += rc == 0;
	}
	if (db_meta_put(db, "sync.cursor", cursor) != 0 || db_commit(db) != 0)
		goto dberr;
	if (applied > 0)
		log_info("Applied %d update(s) from the district.", applied);
	*more = json_array_size(list) > 0;
	json_decref(root);
	return applied;
dberr:
	db_rollback(db);
	json_decref(root);
	snprintf(err, errsz, "database error while applying");
	return -2;
}
