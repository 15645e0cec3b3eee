#include "outbox.h"

#include <string.h>

#include "log.h"
#include "smstext.h"
#include "util.h"

struct kind_rule {
	const char	*kind;
	int		 priority;	/* higher goes first */
	int		 budget_now;	/* check the budget when queued */
};

/* Replies first, then the office's notices, then what staff send by
 * hand; bulk last. */
static const struct kind_rule rules[] = {
	{ "reply",	10,	1 },
	{ "notice",	8,	1 },
	{ "send",	5,	0 },
	{ "poll",	0,	1 },
	{ "survey",	0,	1 },
	{ "broadcast",	0,	0 },
};

static const struct kind_rule *
rule_of(const char *kind)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(rules); i++)
		if (strcmp(rules[i].kind, kind) == 0)
			return &rules[i];
	return NULL;
}

int
outbox_queue(struct db *db, const struct gw_config *cfg,
    const struct outbox_msg *m, int64_t now, int64_t *id)
{
	const struct kind_rule *r = rule_of(m->kind);
	struct outbox_new row = { 0 };
	struct sms_size sz;

	if (r == NULL) {
		log_warnx("An SMS of unknown kind '%s' was not queued.",
		    m->kind);
		return -1;
	}
	if (m->to == NULL || m->to[0] != '+') {
		if (id != NULL)
			*id = 0;
		return OUTBOX_ERASED;
	}
	sms_size(m->text, &sz);
	if (r->budget_now && cfg->daily_sms_budget > 0) {
		int committed = db_budget_committed(db, now);

		if (committed < 0)
			return -1;
		if (committed + sz.parts > cfg->daily_sms_budget)
			return OUTBOX_OVER_BUDGET;
	}
	row.to = m->to;
	row.text = m->text;
	row.kind = m->kind;
	row.inbox_id = m->inbox_id;
	row.broadcast_id = m->broadcast_id;
	row.priority = r->priority;
	row.parts = sz.parts;
	return db_outbox_add(db, &row, now, id);
}
