/*
 * The keyword table and the dispatch. Adding a keyword is its words in
 * lib/keywords.c, one line here and one function in its own file; a
 * deployment adds aliases of its own under `keywords` in the config.
 */
#include "handlers.h"

#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#include "keywords.h"
#include "log.h"
#include "words.h"
#include "office.h"
#include "poll.h"
#include "survey.h"

static const struct handler handlers[] = {
	{ "DAFTAR",	h_register },
	{ "BERHENTI",	h_stop },
	{ "INFO",	h_info },
	{ "ADUAN",	h_complaint },
	{ "CEK",	h_check },
	{ "TIKET",	h_ticket },
	{ "PILIH",	h_vote },
	{ "HASIL",	h_result },
	{ "POLL",	h_poll_admin },
	{ "SIAR",	h_broadcast },
	{ "YA",		h_confirm },
	{ "SURVEI",	h_survey },
	{ "BATAL",	h_cancel },
	{ "SURAT",	h_letter },
	{ "ANTRI",	h_queue },
	{ "LANJUT",	h_next },
	{ "MENU",	h_menu },
	{ "SALDO",	h_balance },
};

const struct handler *
handlers_find(const struct gw_config *cfg, const char *word)
{
	const char *kw = keyword_resolve(cfg, word);
	size_t i;

	for (i = 0; kw != NULL && i < ARRAY_LEN(handlers); i++)
		if (strcmp(handlers[i].keyword, kw) == 0)
			return &handlers[i];
	return NULL;
}

/*
 * No keyword: a vote typed as "KODE opsi", or a bare option when exactly
 * one open poll was sent to this phone; otherwise the hint.
 */
static int
dispatch_other(struct svc *ctx, const char *text, const struct sms_words *w,
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
handlers_dispatch(struct svc *ctx, const char *text, struct reply *out)
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
