/*
 * Poll logic shared by the SMS handlers, the CLI and the district sync.
 */
#include "poll.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "keywords.h"
#include "smstext.h"

#define OPTION_MAX_CHARS 40
#define QUESTION_MAX_CHARS 300

static int
code_ok(const char *code)
{
	size_t i, n = strlen(code);

	if (n < 2 || n > 12)
		return 0;
	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)code[i]) &&
		    !isdigit((unsigned char)code[i]))
			return 0;
	return 1;
}

/* CONTRACT §6; docs/POLLS.md */
static const char *const poll_keys[] = { "code", "question", "options",
	"closes_at", "group", "public_results", "send", NULL };
static const char *const poll_need[] = { "code", "question", "options",
	NULL };

int
poll_create(struct svc *ctx, const char *text, char *code_out, size_t codesz,
    char *err, size_t errsz)
{
	json_error_t je;
	json_t *root = json_loads(text, 0, &je), *opts, *v, *jg = NULL,
	    *jc = NULL;
	struct poll p = { 0 };
	const char *code = NULL, *question = NULL, *grp = NULL, *closes = NULL;
	int pub = 0, send = 0, rc = -1;
	size_t i;

	if (root == NULL) {
		snprintf(err, errsz, SVC_L(ctx, "not JSON (line %d: %s)",
		    "bukan JSON (baris %d: %s)"), je.line, je.text);
		return -1;
	}
	if (svc_json_keys(ctx, root, poll_keys, "poll", err, errsz) != 0 ||
	    svc_json_need(ctx, root, poll_need, "poll", err, errsz) != 0)
		goto out;
	if (json_unpack_ex(root, &je, 0, "{s:s, s:s, s:o, s?o, s?o, s?b, s?b}",
	    "code", &code, "question", &question, "options", &opts,
	    "closes_at", &jc, "group", &jg, "public_results", &pub,
	    "send", &send) != 0) {
		snprintf(err, errsz, "poll: %s", je.text);
		goto out;
	}
	/* null and absent mean the same: no end, everyone. */
	if ((jc != NULL && !json_is_null(jc) && !json_is_string(jc)) ||
	    (jg != NULL && !json_is_null(jg) && !json_is_string(jg))) {
		snprintf(err, errsz, SVC_L(ctx, "closes_at and group must be "
		    "text or null", "closes_at dan group harus teks atau null"));
		goto out;
	}
	closes = json_string_value(jc);
	grp = json_string_value(jg);
	if (!code_ok(code)) {
		snprintf(err, errsz, SVC_L(ctx, "code must be 2 to 12 capital "
		    "letters or digits", "code harus 2 sampai 12 huruf besar "
		    "atau angka"));
		goto out;
	}
	if (keyword_resolve(ctx->cfg, code) != NULL) {
		snprintf(err, errsz, SVC_L(ctx, "code %s would be taken for a "
		    "keyword", "code %s akan dikira kata kunci SMS"), code);
		goto out;
	}
	if (!utf8_valid(question, strlen(question)) || question[0] == '\0' ||
	    utf8_chars(question) > QUESTION_MAX_CHARS) {
		snprintf(err, errsz, SVC_L(ctx, "question must be 1 to %d "
		    "characters", "question harus 1 sampai %d karakter"),
		    QUESTION_MAX_CHARS);
		goto out;
	}
	if (!json_is_array(opts) || json_array_size(opts) < 2 ||
	    json_array_size(opts) > POLL_MAX_OPTIONS) {
		snprintf(err, errsz, SVC_L(ctx, "options must be a list of 2 "
		    "to %d texts", "options harus daftar 2 sampai %d teks"),
		    POLL_MAX_OPTIONS);
		goto out;
	}
	json_array_foreach(opts, i, v) {
		const char *o = json_string_value(v);

		if (o == NULL || o[0] == '\0' ||
		    utf8_chars(o) > OPTION_MAX_CHARS) {
			snprintf(err, errsz, SVC_L(ctx, "option %zu must be 1 "
			    "to %d characters", "pilihan %zu harus 1 sampai %d "
			    "karakter"), i + 1, OPTION_MAX_CHARS);
			goto out;
		}
	}
	/* Local time ("2026-12-08 17:00", the gateway's zone) or UTC. */
	if (closes != NULL && (p.closes_at = parse_local_time(closes)) < 0) {
		snprintf(err, errsz, SVC_L(ctx, "closes_at must look like "
		    "\"2026-12-08 17:00\" (local time) or "
		    "\"2026-12-08T10:00:00Z\" (UTC), not \"%s\"", "closes_at "
		    "harus seperti \"2026-12-08 17:00\" (waktu setempat) atau "
		    "\"2026-12-08T10:00:00Z\" (UTC), bukan \"%s\""), closes);
		goto out;
	}
	if (grp != NULL && !config_group_known(ctx->cfg, grp)) {
		snprintf(err, errsz, SVC_L(ctx, "group %s is not in the "
		    "configuration", "grup %s tidak ada di konfigurasi"), grp);
		goto out;
	}
	p.code = (char *)code;
	p.question = (char *)question;
	p.options = json_dumps(opts, JSON_COMPACT);
	p.grp = (char *)grp;
	p.public_results = pub;
	rc = db_poll_add(ctx->db, &p, ctx->now);
	free(p.options);
	if (rc == 1) {
		snprintf(err, errsz, SVC_L(ctx, "there is already a poll %s",
		    "polling %s sudah ada"), code);
		rc = -1;
		goto out;
	}
	if (rc < 0) {
		rc = -2;
		goto out;
	}
	strlcpy_k(code_out, code, codesz);
	if (send && poll_send(ctx, code) < 0)
		rc = -2;
out:
	json_decref(root);
	return rc;
}

static void
options_line(const char *options_json, struct strbuf *out, int names)
{
	json_t *a = json_loads(options_json, 0, NULL), *v;
	size_t i;

	json_array_foreach(a, i, v) {
		if (names)
			sb_addf(out, "%s%zu=%s", i ? ", " : "", i + 1,
			    json_string_value(v));
		else
			sb_addf(out, "%s%zu", i ? "," : "", i + 1);
	}
	json_decref(a);
}

struct send_arg {
	struct svc	*ctx;
	const char	*code;
	const char	*text;
	int		 n;
};

static int
send_one(void *arg, const char *phone)
{
	struct send_arg *a = arg;
	int rc = svc_send(a->ctx, phone, a->text, "poll", 0);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		a->n++;
		return db_poll_audience_add(a->ctx->db, a->code, phone,
		    a->ctx->now);
	}
	return 0;
}

int
poll_send(struct svc *ctx, const char *code)
{
	struct poll p = { 0 };
	struct strbuf opts = STRBUF_INIT, text = STRBUF_INIT;
	struct send_arg a = { ctx, code, NULL, 0 };
	int rc = db_poll_get(ctx->db, code, &p);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	options_line(p.options, &opts, 1);
	reply_render(&text, ctx->cfg->replies.text[R_POLL_INVITE],
	    (const char *const[]){ "question", p.question, "code", p.code,
	    "options", sb_str(&opts), NULL });
	a.text = sb_str(&text);
	rc = db_audience(ctx->db, p.grp, send_one, &a);
	sb_free(&opts);
	sb_free(&text);
	poll_clear(&p);
	return rc < 0 ? -1 : a.n;
}

int
poll_n_options(const struct poll *p)
{
	json_t *a = json_loads(p->options, 0, NULL);
	int n = (int)json_array_size(a);

	json_decref(a);
	return n;
}

int
poll_option(const char *s, int n_options)
{
	long v;

	if (s[0] != '\0' && s[1] == '\0' && isalpha((unsigned char)s[0])) {
		v = toupper((unsigned char)s[0]) - 'A' + 1;
		return v <= n_options ? (int)v : 0;
	}
	if (parse_long(s, 1, n_options, &v) == 0)
		return (int)v;
	return 0;
}

int
poll_is_open(struct svc *ctx, const struct poll *p)
{
	if (strcmp(p->status, "open") != 0)
		return 0;
	if (p->closes_at != 0 && ctx->now >= p->closes_at) {
		db_poll_close(ctx->db, p->code, ctx->now);
		return 0;
	}
	return 1;
}

int
poll_reply_unknown(struct svc *ctx, const char *code, struct reply *out)
{
	char codes[128];

	if (db_poll_codes(ctx->db, ctx->now, 8, codes, sizeof(codes)) != 0)
		return -1;
	reply_set(ctx, out, R_POLL_UNKNOWN, "code", code, "codes", codes,
	    NULL);
	return 0;
}

int
poll_vote(struct svc *ctx, const char *code, const char *choice,
    struct reply *out)
{
	struct poll p = { 0 };
	char voter[33], optno[8];
	int rc = db_poll_get(ctx->db, code, &p), option, previous;
	json_t *opts;

	if (rc < 0)
		return -1;
	if (rc == 1)
		return poll_reply_unknown(ctx, code, out);
	if (!poll_is_open(ctx, &p)) {
		char codes[128];

		rc = db_poll_codes(ctx->db, ctx->now, 8, codes, sizeof(codes));
		if (rc == 0)
			reply_set(ctx, out, R_POLL_CLOSED, "code", p.code,
			    "codes", codes, NULL);
		poll_clear(&p);
		return rc;
	}
	option = poll_option(choice, poll_n_options(&p));
	if (option == 0) {
		struct strbuf list = STRBUF_INIT;

		options_line(p.options, &list, 0);
		reply_set(ctx, out, R_VOTE_INVALID, "code", p.code, "options",
		    sb_str(&list), NULL);
		sb_free(&list);
		poll_clear(&p);
		return 0;
	}
	rc = db_vote_put(ctx->db, p.code, ctx->phone, option, ctx->now,
	    &previous);
	if (rc == 0)
		rc = svc_phone_hash(ctx, voter);
	if (rc == 0)
		rc = journal_record(ctx, "vote", json_pack("{s:s, s:i, s:s}",
		    "poll", p.code, "option", option, "voter", voter));
	if (rc == 0) {
		struct strbuf label = STRBUF_INIT;

		opts = json_loads(p.options, 0, NULL);
		snprintf(optno, sizeof(optno), "%d", option);
		sb_addf(&label, "%s. %s", optno, json_string_value(
		    json_array_get(opts, (size_t)option - 1)));
		json_decref(opts);
		reply_set(ctx, out, previous && previous != option ?
		    R_VOTE_CHANGED : R_VOTE_OK, "code", p.code, "option",
		    sb_str(&label), NULL);
		sb_free(&label);
	}
	poll_clear(&p);
	return rc;
}

struct tally {
	int	count[POLL_MAX_OPTIONS + 1];
	int	total;
};

static int
tally_row(void *arg, int n, const char *const *names, const char *const *vals)
{
	struct tally *t = arg;
	long opt;

	(void)names;
	if (n == 2 && parse_long(vals[0], 1, POLL_MAX_OPTIONS, &opt) == 0) {
		t->count[opt] = atoi(vals[1]);
		t->total += t->count[opt];
	}
	return 0;
}

int
poll_tally(struct svc *ctx, const struct poll *p, struct strbuf *out,
    int *total)
{
	struct tally t = { { 0 }, 0 };
	json_t *a;
	size_t i, n;
	int cut;

	if (db_report_filtered(ctx->db, REP_POLL_TALLY, p->code, -1, tally_row,
	    &t) != 0)
		return -1;
	a = json_loads(p->options, 0, NULL);
	n = json_array_size(a);
	/* Names are cut shorter until the line fits one SMS. */
	for (cut = 12; cut >= 0; cut -= 4) {
		sb_reset(out);
		for (i = 0; i < n; i++) {
			char name[OPTION_MAX_CHARS * 4 + 1];
			int c = t.count[i + 1];

			strlcpy_k(name, json_string_value(json_array_get(a, i)),
			    sizeof(name));
			utf8_truncate(name, (size_t)cut);
			sb_addf(out, "%s%zu%s%s: %d (%d%%)", i ? ", " : "",
			    i + 1, cut ? " " : "", name, c,
			    t.total ? (c * 100 + t.total / 2) / t.total : 0);
		}
		if (utf8_chars(sb_str(out)) <= 120)
			break;
	}
	json_decref(a);
	*total = t.total;
	return 0;
}
