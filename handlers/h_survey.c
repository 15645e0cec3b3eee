/*
 * SURVEI kode (SURVEY): start a survey, one question an SMS; BATAL
 * (CANCEL) leaves the one in progress.
 */
#include "handlers.h"

#include <ctype.h>
#include <stdlib.h>

#include "survey.h"
#include "words.h"

int
h_survey(struct svc *ctx, const char *args, struct reply *out)
{
	char code[16];
	const char *p = args;
	size_t i;

	if (next_word(&p, code, sizeof(code)) != 0)
		code[0] = '\0';
	for (i = 0; code[i] != '\0'; i++)
		code[i] = (char)toupper((unsigned char)code[i]);
	return survey_start(ctx, code, out);
}

int
h_cancel(struct svc *ctx, const char *args, struct reply *out)
{
	char *code = NULL, *answers = NULL;
	int step, rc;
	int64_t updated;

	(void)args;
	rc = db_session_get(ctx->db, ctx->phone, &code, &step, &answers,
	    &updated);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		reply_set(ctx, out, R_UNKNOWN, NULL);
		return 0;
	}
	rc = db_session_end(ctx->db, ctx->phone);
	if (rc == 0)
		reply_set(ctx, out, R_SURVEY_CANCELLED, "code", code, NULL);
	free(code);
	free(answers);
	return rc;
}
