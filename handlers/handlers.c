/*
 * The keyword table and the dispatch. Adding a keyword is one line here
 * and one function in its own file. Aliases sit beside the keyword they
 * stand for; a deployment adds its own under `keywords` in the config.
 */
#include "handlers.h"

#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#include "log.h"
#include "parse.h"
#include "office.h"
#include "poll.h"
#include "survey.h"

static const struct handler handlers[] = {
	{ "DAFTAR",	"REG",			h_register },
	{ "BERHENTI",	"STOP|UNREG",		h_stop },
	{ "INFO",	"BANTUAN|HELP",		h_info },
	{ "ADUAN",	"LAPOR|COMPLAINT",	h_complaint },
	{ "CEK",	"STATUS",		h_check },
	{ "TIKET",	"TICKET",		h_ticket },
	{ "PILIH",	"VOTE",			h_vote },
	{ "HASIL",	"RESULT",		h_result },
	{ "POLL",	"POLLING",		h_poll_admin },
	{ "SIAR",	"BC",			h_broadcast },
	{ "YA",		"YES",			h_confirm },
	{ "SURVEI",	"SURVEY",		h_survey },
	{ "BATAL",	"CANCEL",		h_cancel },
	{ "SURAT",	"PERMOHONAN|LETTER",	h_letter },
	{ "ANTRI",	"QUEUE|ANTRE",		h_queue },
	{ "LANJUT",	"NEXT",			h_next },
	{ "MENU",	"",			h_menu },
	{ "SALDO",	"BALANCE|PULSA|CREDIT",	h_balance },
};

#define MAX_NAMES 128

struct names {
	const char	*name[MAX_NAMES];
	char		 buf[MAX_NAMES][KW_MAX];
	size_t		 owner[MAX_NAMES];	/* index into handlers */
	size_t		 n;
};

static void
names_add(struct names *nm, const char *s, size_t len, size_t owner)
{
	size_t i;

	if (nm->n >= MAX_NAMES || len == 0 || len >= KW_MAX)
		return;
	for (i = 0; i < len; i++)
		nm->buf[nm->n][i] = s[i] >= 'a' && s[i] <= 'z' ?
		    (char)(s[i] - 'a' + 'A') : s[i];
	nm->buf[nm->n][len] = '\0';
	nm->name[nm->n] = nm->buf[nm->n];
	nm->owner[nm->n] = owner;
	nm->n++;
}

/* Every word that selects a handler: keyword, aliases, configured ones. */
static void
names_build(const struct gw_config *cfg, struct names *nm)
{
	size_t h, k, a;

	nm->n = 0;
	for (h = 0; h < ARRAY_LEN(handlers); h++) {
		const char *p = handlers[h].aliases;

		names_add(nm, handlers[h].keyword, strlen(handlers[h].keyword),
		    h);
		while (*p != '\0') {
			size_t len = strcspn(p, "|");

			names_add(nm, p, len, h);
			p += len;
			if (*p == '|')
				p++;
		}
		for (k = 0; cfg != NULL && k < cfg->n_keywords; k++) {
			if (strcmp(cfg->keywords[k].keyword,
			    handlers[h].keyword) != 0)
				continue;
			for (a = 0; a < cfg->keywords[k].n_aliases; a++)
				names_add(nm, cfg->keywords[k].aliases[a],
				    strlen(cfg->keywords[k].aliases[a]), h);
		}
	}
}

const struct handler *
handlers_find(const struct gw_config *cfg, const char *word)
{
	struct names nm;
	int i;

	names_build(cfg, &nm);
	i = kw_lookup(word, nm.name, nm.n);
	return i >= 0 ? &handlers[nm.owner[i]] : NULL;
}

/*
 * No keyword: a vote typed as "KODE opsi", or a bare option when exactly
 * one open poll was sent to this phone; otherwise the hint.
 */
static int
dispatch_other(struct hctx *ctx, const char *text, const struct sms_words *w,
    struct reply *out)
{
	struct poll p = { 0 };
	char choice[16], code[16];
	const char *rest = w->rest;
	int rc;

	if (w->kw[0] != '\0' && !w->kw_long) {
		rc = db_poll_get(ctx->db, w->kw, &p);
		if (rc < 0)
			return -1;
		poll_clear(&p);
		if (rc == 0 && next_word(&rest, choice, sizeof(choice)) == 0)
			return poll_vote(ctx, w->kw, choice, out);
	}
	/* A mark for a finished service comes before a bare poll option. */
	if (w->rest_len == 0) {
		rc = office_feedback(ctx, w->kw, out);
		if (rc != 1)
			return rc;
	}
	/* A bare option: one digit or one letter and nothing else. */
	if (strlen(w->kw) == 1 && w->rest_len == 0) {
		rc = db_poll_single_for(ctx->db, ctx->phone, ctx->now, code,
		    sizeof(code));
		if (rc < 0)
			return -1;
		if (rc == 0)
			return poll_vote(ctx, code, w->kw, out);
	}
	(void)text;
	reply_set(ctx, out, R_UNKNOWN, NULL);
	return 0;
}

int
handlers_dispatch(struct hctx *ctx, const char *text, struct reply *out)
{
	const struct handler *h;
	struct sms_words w;
	char *args;
	int rc;

	parse_words(text, &w);
	h = w.kw_long ? NULL : handlers_find(ctx->cfg, w.kw);
	/* In the SMS menu, digits walk it; anything else leaves it. */
	if (h == NULL || h->fn != h_menu) {
		rc = menu_continue(ctx, text, out);
		if (rc != 1)
			return rc;
	}
	/* In a survey, each SMS answers it, unless it stops or restarts it. */
	if (h == NULL || (h->fn != h_cancel && h->fn != h_survey)) {
		rc = survey_answer(ctx, text, out);
		if (rc != 1)
			return rc;
	}
	if (h == NULL)
		return dispatch_other(ctx, text, &w, out);
	args = xstrndup(w.rest, w.rest_len);
	squeeze_spaces(args);
	rc = h->fn(ctx, args, out);
	free(args);
	return rc;
}

void
reply_set(struct hctx *ctx, struct reply *out, enum reply_id id, ...)
{
	const char *kv[16];
	size_t n = 0;
	va_list ap;

	va_start(ap, id);
	while (n < ARRAY_LEN(kv) - 2) {
		const char *k = va_arg(ap, const char *);

		if (k == NULL)
			break;
		kv[n++] = k;
		kv[n++] = va_arg(ap, const char *);
	}
	va_end(ap);
	kv[n] = NULL;
	sb_reset(&out->text);
	reply_render(&out->text, ctx->cfg->replies.text[id], kv);
}

int
journal_record(struct hctx *ctx, const char *type, void *data)
{
	json_t *obj = data;
	char *s;
	int rc;

	if (obj == NULL)
		return -1;
	s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (s == NULL)
		return -1;
	rc = db_journal_add(ctx->db, type, ctx->now, s);
	free(s);
	return rc;
}
