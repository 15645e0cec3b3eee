/*
 * Survey logic: checking a definition, asking, validating answers, and
 * the completed response as one journal record.
 */
#include "survey.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "poll.h"
#include "smstext.h"
#include "words.h"

#define MAX_QUESTIONS 20
#define QTEXT_MAX_CHARS 120
#define ANSWER_MAX_CHARS 160

/* CONTRACT §6; docs/POLLS.md */
static const char *const survey_keys[] = { "code", "title", "questions",
	NULL };
static const char *const question_keys[] = { "text", "type", "options",
	"min", "max", NULL };
static const char *const question_need[] = { "text", "type", NULL };

static int
question_ok(struct svc *ctx, json_t *q, size_t i, char *err, size_t errsz)
{
	const char *text = NULL, *type = NULL;
	json_t *opts = NULL, *min = NULL, *max = NULL, *v;
	char where[32];
	size_t j;

	snprintf(where, sizeof(where), SVC_L(ctx, "question %zu",
	    "pertanyaan %zu"), i + 1);
	if (svc_json_keys(ctx, q, question_keys, where, err, errsz) != 0 ||
	    svc_json_need(ctx, q, question_need, where, err, errsz) != 0)
		return -1;
	if (json_unpack(q, "{s:s, s:s, s?o, s?o, s?o}", "text", &text, "type",
	    &type, "options", &opts, "min", &min, "max", &max) != 0 ||
	    text[0] == '\0' || utf8_chars(text) > QTEXT_MAX_CHARS) {
		snprintf(err, errsz, SVC_L(ctx, "question %zu needs a text (1 "
		    "to %d characters) and a type", "pertanyaan %zu perlu text "
		    "(1 sampai %d karakter) dan type"), i + 1,
		    QTEXT_MAX_CHARS);
		return -1;
	}
	if (strcmp(type, "choice") == 0) {
		if (!json_is_array(opts) || json_array_size(opts) < 2 ||
		    json_array_size(opts) > POLL_MAX_OPTIONS) {
			snprintf(err, errsz, SVC_L(ctx, "question %zu: a "
			    "choice needs 2 to %d options", "pertanyaan %zu: "
			    "choice perlu 2 sampai %d options"), i + 1,
			    POLL_MAX_OPTIONS);
			return -1;
		}
		json_array_foreach(opts, j, v)
			if (!json_is_string(v) || json_string_length(v) == 0) {
				snprintf(err, errsz, SVC_L(ctx, "question %zu: "
				    "options must be texts", "pertanyaan %zu: "
				    "options harus teks"), i + 1);
				return -1;
			}
		return 0;
	}
	if (strcmp(type, "number") == 0) {
		if ((min != NULL && !json_is_integer(min)) ||
		    (max != NULL && !json_is_integer(max)) ||
		    (min && max && json_integer_value(min) >
		    json_integer_value(max))) {
			snprintf(err, errsz, SVC_L(ctx, "question %zu: min and "
			    "max must be whole numbers, min <= max",
			    "pertanyaan %zu: min dan max harus bilangan bulat, "
			    "min <= max"), i + 1);
			return -1;
		}
		return 0;
	}
	if (strcmp(type, "text") == 0)
		return 0;
	snprintf(err, errsz, SVC_L(ctx, "question %zu: type must be choice, "
	    "number or text", "pertanyaan %zu: type harus choice, number atau "
	    "text"), i + 1);
	return -1;
}

int
survey_create(struct svc *ctx, const char *text, char *code_out,
    size_t codesz, char *err, size_t errsz)
{
	json_error_t je;
	json_t *root = json_loads(text, 0, &je), *qs, *q;
	const char *code, *title;
	char *dump;
	size_t i, n;
	int rc = -1;

	if (root == NULL) {
		snprintf(err, errsz, SVC_L(ctx, "not JSON (line %d: %s)",
		    "bukan JSON (baris %d: %s)"), je.line, je.text);
		return -1;
	}
	if (svc_json_keys(ctx, root, survey_keys, "survey", err, errsz) != 0 ||
	    svc_json_need(ctx, root, survey_keys, "survey", err, errsz) != 0)
		goto out;
	if (json_unpack_ex(root, &je, 0, "{s:s, s:s, s:o}", "code", &code,
	    "title", &title, "questions", &qs) != 0) {
		snprintf(err, errsz, "survey: %s", je.text);
		goto out;
	}
	n = strlen(code);
	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)code[i]) &&
		    !isdigit((unsigned char)code[i]))
			break;
	if (n < 2 || n > 12 || i != n || keyword_resolve(ctx->cfg, code) != NULL) {
		snprintf(err, errsz, SVC_L(ctx, "code must be 2 to 12 capital "
		    "letters or digits, and not a keyword", "code harus 2 "
		    "sampai 12 huruf besar atau angka, dan bukan kata kunci "
		    "SMS"));
		goto out;
	}
	if (title[0] == '\0' || utf8_chars(title) > 80) {
		snprintf(err, errsz, SVC_L(ctx, "title must be 1 to 80 "
		    "characters", "title harus 1 sampai 80 karakter"));
		goto out;
	}
	if (!json_is_array(qs) || json_array_size(qs) < 1 ||
	    json_array_size(qs) > MAX_QUESTIONS) {
		snprintf(err, errsz, SVC_L(ctx, "questions must be a list of 1 "
		    "to %d", "questions harus daftar 1 sampai %d"),
		    MAX_QUESTIONS);
		goto out;
	}
	json_array_foreach(qs, i, q)
		if (question_ok(ctx, q, i, err, errsz) != 0)
			goto out;
	dump = json_dumps(qs, JSON_COMPACT);
	rc = db_survey_add(ctx->db, code, title, dump, ctx->now);
	free(dump);
	if (rc == 1) {
		snprintf(err, errsz, SVC_L(ctx, "there is already a survey %s",
		    "survei %s sudah ada"), code);
		rc = -1;
	} else if (rc < 0)
		rc = -2;
	else
		strlcpy_k(code_out, code, codesz);
out:
	json_decref(root);
	return rc;
}

struct inv {
	struct svc	*ctx;
	const char	*text;
	int		 n;
};

static int
invite_one(void *arg, const char *phone)
{
	struct inv *a = arg;
	int rc = svc_send(a->ctx, phone, a->text, "survey", 0);

	a->n += rc == 0;
	return rc < 0 ? -1 : 0;
}

int
survey_send(struct svc *ctx, const char *code, const char *grp)
{
	char *title = NULL, *qs = NULL;
	struct strbuf text = STRBUF_INIT;
	struct inv a = { ctx, NULL, 0 };
	int rc = db_survey_get(ctx->db, code, &title, &qs);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	reply_render(&text, ctx->cfg->replies.text[R_SURVEY_INVITE],
	    (const char *const[]){ "title", title, "code", code, NULL });
	a.text = sb_str(&text);
	rc = db_audience(ctx->db, grp, invite_one, &a);
	sb_free(&text);
	free(title);
	free(qs);
	return rc < 0 ? -1 : a.n;
}

/* The question as one line: its text and how to answer. */
static void
ask(struct svc *ctx, json_t *qs, int step, const char *hint,
    struct reply *out)
{
	json_t *q = json_array_get(qs, (size_t)step), *v;
	const char *type = json_string_value(json_object_get(q, "type"));
	struct strbuf line = STRBUF_INIT;
	char n[16], total[24];
	size_t i;

	sb_adds(&line, json_string_value(json_object_get(q, "text")));
	if (strcmp(type, "choice") == 0) {
		json_array_foreach(json_object_get(q, "options"), i, v)
			sb_addf(&line, "%s%zu=%s", i ? ", " : " ", i + 1,
			    json_string_value(v));
	}
	snprintf(n, sizeof(n), "%d", step + 1);
	snprintf(total, sizeof(total), "%zu", json_array_size(qs));
	if (hint != NULL)
		reply_set(ctx, out, R_SURVEY_INVALID, "hint", hint, "n", n,
		    "total", total, "question", sb_str(&line), NULL);
	else
		reply_set(ctx, out, R_SURVEY_QUESTION, "n", n, "total", total,
		    "question", sb_str(&line), NULL);
	sb_free(&line);
}

/* The answer as JSON, or NULL with a hint for the resident. */
static json_t *
check_answer(struct svc *ctx, json_t *q, const char *text, char *hint,
    size_t hintsz)
{
	const char *type = json_string_value(json_object_get(q, "type"));
	int en = strcmp(ctx->cfg->language, "en") == 0;
	char word[32];
	const char *p = text;
	long v;

	if (strcmp(type, "choice") == 0) {
		int n = (int)json_array_size(json_object_get(q, "options"));
		int o = next_word(&p, word, sizeof(word)) == 0 ?
		    poll_option(word, n) : 0;

		if (o > 0)
			return json_integer(o);
		snprintf(hint, hintsz, en ? "Reply a number 1-%d." :
		    "Balas angka 1-%d.", n);
		return NULL;
	}
	if (strcmp(type, "number") == 0) {
		json_t *jmin = json_object_get(q, "min");
		json_t *jmax = json_object_get(q, "max");
		long min = jmin ? (long)json_integer_value(jmin) : -1000000000L;
		long max = jmax ? (long)json_integer_value(jmax) : 1000000000L;

		if (next_word(&p, word, sizeof(word)) == 0 &&
		    parse_long(word, min, max, &v) == 0)
			return json_integer(v);
		snprintf(hint, hintsz, en ? "Reply a number %ld-%ld." :
		    "Balas angka %ld-%ld.", min, max);
		return NULL;
	}
	if (text[0] != '\0') {
		char cut[ANSWER_MAX_CHARS * 4 + 1];

		strlcpy_k(cut, text, sizeof(cut));
		utf8_truncate(cut, ANSWER_MAX_CHARS);
		return json_string(cut);
	}
	snprintf(hint, hintsz, en ? "Reply with some text." :
	    "Balas dengan teks.");
	return NULL;
}

static int
finish(struct svc *ctx, const char *code, json_t *answers, struct reply *out)
{
	char *dump = json_dumps(answers, JSON_COMPACT), who[33];
	int rc = -1;

	if (dump != NULL && db_response_add(ctx->db, code, ctx->phone, dump,
	    ctx->now) == 0 && db_session_end(ctx->db, ctx->phone) == 0 &&
	    svc_phone_hash(ctx, who) == 0 &&
	    journal_record(ctx, "survey_response", json_pack("{s:s, s:s, s:O}",
	    "survey", code, "respondent", who, "answers", answers)) == 0) {
		reply_set(ctx, out, R_SURVEY_DONE, "code", code, NULL);
		rc = 0;
	}
	free(dump);
	return rc;
}

int
survey_answer(struct svc *ctx, const char *text, struct reply *out)
{
	char *code = NULL, *answers = NULL, *title = NULL, *qs = NULL;
	char hint[64], *clean;
	json_t *jq = NULL, *ja = NULL, *a;
	int step, rc;
	int64_t updated;

	if (ctx->phone == NULL)
		return 1;
	rc = db_session_get(ctx->db, ctx->phone, &code, &step, &answers,
	    &updated);
	if (rc != 0)
		return rc;
	/* A lapsed session ends quietly; the SMS is handled as usual. */
	if (ctx->now - updated > (int64_t)ctx->cfg->survey_session_hours *
	    3600 || db_survey_get(ctx->db, code, &title, &qs) != 0) {
		rc = db_session_end(ctx->db, ctx->phone) == 0 ? 1 : -1;
		goto out;
	}
	jq = json_loads(qs, 0, NULL);
	ja = json_loads(answers, 0, NULL);
	if (jq == NULL || ja == NULL || step >= (int)json_array_size(jq)) {
		rc = db_session_end(ctx->db, ctx->phone) == 0 ? 1 : -1;
		goto out;
	}
	clean = xstrdup(text);
	squeeze_spaces(clean);
	a = check_answer(ctx, json_array_get(jq, (size_t)step), clean, hint,
	    sizeof(hint));
	free(clean);
	if (a == NULL) {
		ask(ctx, jq, step, hint, out);
		rc = db_session_put(ctx->db, ctx->phone, code, step, answers,
		    ctx->now);
		goto out;
	}
	json_array_append_new(ja, a);
	if (++step == (int)json_array_size(jq)) {
		rc = finish(ctx, code, ja, out);
	} else {
		char *dump = json_dumps(ja, JSON_COMPACT);

		rc = db_session_put(ctx->db, ctx->phone, code, step, dump,
		    ctx->now);
		free(dump);
		ask(ctx, jq, step, NULL, out);
	}
out:
	json_decref(jq);
	json_decref(ja);
	free(code);
	free(answers);
	free(title);
	free(qs);
	return rc;
}

int
survey_start(struct svc *ctx, const char *code, struct reply *out)
{
	char codes[128], *title = NULL, *qs = NULL;
	json_t *jq;
	int rc;

	rc = db_survey_get(ctx->db, code, &title, &qs);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (db_survey_codes(ctx->db, codes, sizeof(codes)) != 0)
			return -1;
		reply_set(ctx, out, R_SURVEY_UNKNOWN, "code", code, "codes",
		    codes, NULL);
		return 0;
	}
	jq = json_loads(qs, 0, NULL);
	rc = db_session_put(ctx->db, ctx->phone, code, 0, "[]", ctx->now);
	if (rc == 0 && jq != NULL)
		ask(ctx, jq, 0, NULL, out);
	json_decref(jq);
	free(title);
	free(qs);
	return rc;
}

int
survey_walk(struct svc *ctx, const char *code, const char *inputs, int n,
    size_t stride, struct reply *out, int *end)
{
	char *title = NULL, *qs = NULL, hint[64];
	json_t *jq, *ja;
	int rc, i, step = 0, wrong = 0;

	*end = 0;
	rc = db_survey_get(ctx->db, code, &title, &qs);
	if (rc != 0) {
		if (rc == 1) {
			reply_set(ctx, out, R_SURVEY_UNKNOWN, "code", code,
			    "codes", "-", NULL);
			*end = 1;
		}
		return rc < 0 ? -1 : 0;
	}
	jq = json_loads(qs, 0, NULL);
	ja = json_array();
	for (i = 0; i < n && jq != NULL &&
	    step < (int)json_array_size(jq); i++) {
		json_t *a = check_answer(ctx, json_array_get(jq, (size_t)step),
		    inputs + (size_t)i * stride, hint, sizeof(hint));

		wrong = a == NULL;
		if (a != NULL) {
			json_array_append_new(ja, a);
			step++;
		}
	}
	rc = 0;
	if (jq == NULL)
		*end = 1;
	else if (step == (int)json_array_size(jq)) {
		*end = 1;
		rc = finish(ctx, code, ja, out);
	} else
		ask(ctx, jq, step, wrong ? hint : NULL, out);
	json_decref(jq);
	json_decref(ja);
	free(title);
	free(qs);
	return rc;
}
