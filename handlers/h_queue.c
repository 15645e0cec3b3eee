/*
 * ANTRI [layanan] (QUEUE): a number in today's queue at a counter, with
 * the people ahead and an estimate from the recent pace. LANJUT PIN
 * [layanan] [LEWAT] (NEXT ... SKIP): staff call the next number, or skip
 * the one called (it rejoins at the end once). The resident three places
 * from the front gets one "come now" SMS.
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "queue.h"
#include "words.h"

/*
 * The counter named next in *p, or the first one when none is named.
 * With lenient, a word that is no counter is left for the caller.
 */
static const struct counter_conf *
counter_of(struct svc *ctx, const char **p, int lenient, struct reply *out)
{
	char code[24], codes[128];
	const char *save = *p;
	const struct counter_conf *c = NULL;
	size_t i, len = 0;

	if (next_word(p, code, sizeof(code)) == 0) {
		c = config_counter(ctx->cfg, code);
		if (c == NULL && lenient)
			*p = save;	/* not a counter: maybe LEWAT */
	}
	if (c == NULL && ctx->cfg->n_counters > 0 && *p == save)
		c = &ctx->cfg->counters[0];
	if (c == NULL) {
		codes[0] = '\0';
		for (i = 0; i < ctx->cfg->n_counters && len + 20 < sizeof(codes);
		    i++)
			len += (size_t)snprintf(codes + len, sizeof(codes) - len,
			    "%s%s", i ? ", " : "", ctx->cfg->counters[i].code);
		reply_set(ctx, out, R_QUEUE_COUNTERS, "codes", codes[0] ? codes :
		    "-", NULL);
	}
	return c;
}

/* Estimated minutes for `ahead` people at this counter. */
static int
estimate(struct svc *ctx, const char *day, const struct counter_conf *c,
    int ahead)
{
	int rate = db_queue_rate(ctx->db, day, c->code);

	if (rate <= 0)
		rate = c->minutes * 60;
	return (ahead * rate + 59) / 60;
}

int
h_queue(struct svc *ctx, const char *args, struct reply *out)
{
	const char *p = args;
	const struct counter_conf *c = counter_of(ctx, &p, 0, out);
	struct queue_entry e;
	char day[11], ticket[8], num[12], ahead_s[12], min_s[12];
	int rc, ahead, number;

	if (c == NULL)
		return 0;
	if (!hours_contain(c->hours, ctx->now)) {
		reply_set(ctx, out, R_QUEUE_CLOSED, "counter", c->code, "hours",
		    c->hours, NULL);
		return 0;
	}
	db_day(ctx->now, day);
	rc = db_queue_mine(ctx->db, day, c->code, ctx->phone, &e);
	if (rc < 0)
		return -1;
	if (rc == 0 && strcmp(e.status, "waiting") != 0) {
		snprintf(num, sizeof(num), "%d", e.number);
		reply_set(ctx, out, R_QUEUE_GONE, "number", num, "counter",
		    c->code, NULL);
		return 0;
	}
	if (rc == 1) {
		if (db_ticket_new(ctx->db, "queue", ctx->phone, c->code, c->code,
		    "menunggu", ctx->now, ticket) != 0 ||
		    db_queue_add(ctx->db, day, c->code, ctx->phone, ticket,
		    ctx->now, &number) != 0 ||
		    db_queue_mine(ctx->db, day, c->code, ctx->phone, &e) != 0)
			return -1;
	}
	ahead = db_queue_ahead(ctx->db, day, c->code, e.position);
	if (ahead < 0)
		return -1;
	snprintf(num, sizeof(num), "%d", e.number);
	snprintf(ahead_s, sizeof(ahead_s), "%d", ahead);
	snprintf(min_s, sizeof(min_s), "%d", estimate(ctx, day, c, ahead));
	reply_set(ctx, out, R_QUEUE_OK, "number", num, "counter", c->code,
	    "ahead", ahead_s, "minutes", min_s, "ticket", e.ticket, NULL);
	return 0;
}

int
h_next(struct svc *ctx, const char *args, struct reply *out)
{
	char pin[16], word[16];
	const char *p = args;
	const struct counter_conf *c;
	int rc, skip = 0;

	if (next_word(&p, pin, sizeof(pin)) != 0)
		pin[0] = '\0';
	rc = admin_auth(ctx, pin, "LANJUT");
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	c = counter_of(ctx, &p, 1, out);
	if (c == NULL)
		return 0;
	if (next_word(&p, word, sizeof(word)) == 0 &&
	    (strcasecmp(word, "LEWAT") == 0 || strcasecmp(word, "SKIP") == 0))
		skip = 1;
	return queue_next(ctx, c, skip, out);
}
