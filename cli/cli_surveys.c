/*
 * kabar survey create FILE|- | list | send CODE [GROUP] | results CODE
 * [--csv]. Results have one column a question, headed by the question
 * (numbered), and a choice answered by its option's name, so the CSV
 * (RFC 4180, UTF-8) opens in a spreadsheet ready to count.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "csv.h"
#include "service.h"
#include "survey.h"
#include "util.h"

/* The questions of one survey, and how each answer is written. */
struct sheet {
	struct cli	*c;
	json_t		*questions;
	int		 csv;
	struct listing	 l;
	const char	**names;	/* "id", "at", "q1"... */
	char		**heads;	/* what a person reads above them */
	size_t		 ncol;
};

/* An answer as text: a choice by its option's name. Caller frees. */
static char *
answer_text(json_t *q, json_t *a)
{
	const char *type = json_string_value(json_object_get(q, "type"));

	if (a == NULL || json_is_null(a))
		return xstrdup("");
	if (type != NULL && strcmp(type, "choice") == 0 &&
	    json_is_integer(a)) {
		json_t *o = json_array_get(json_object_get(q, "options"),
		    (size_t)json_integer_value(a) - 1);

		if (json_is_string(o))
			return xstrdup(json_string_value(o));
	}
	if (json_is_string(a))
		return xstrdup(json_string_value(a));
	if (json_is_integer(a)) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%lld",
		    (long long)json_integer_value(a));
		return xstrdup(buf);
	}
	return json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
}

static int
response_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct sheet *sh = arg;
	json_t *answers = NULL;
	char **cells = xcalloc(sh->ncol, sizeof(char *)), local[48];
	size_t k;
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], "id") == 0)
			cells[0] = xstrdup(vals[i] ? vals[i] : "");
		else if (strcmp(names[i], "at") == 0)
			cells[1] = xstrdup(cli_local_time(vals[i], local,
			    sizeof(local)) == 0 ? local : vals[i] ? vals[i] :
			    "");
		else if (strcmp(names[i], "answers") == 0 && vals[i] != NULL)
			answers = json_loads(vals[i], 0, NULL);
	}
	for (k = 2; k < sh->ncol; k++)
		cells[k] = answer_text(json_array_get(sh->questions, k - 2),
		    json_array_get(answers, k - 2));
	json_decref(answers);
	for (k = 0; k < sh->ncol; k++) {
		if (cells[k] == NULL)
			cells[k] = xstrdup("");
		if (sh->csv)
			csv_write_field(stdout, cells[k], k == sh->ncol - 1);
	}
	if (!sh->csv)
		cli_print_row(&sh->l, (int)sh->ncol, sh->names,
		    (const char *const *)cells);
	for (k = 0; k < sh->ncol; k++)
		free(cells[k]);
	free(cells);
	return 0;
}

static int
survey_results(struct cli *c, const char *code, int csv)
{
	struct sheet sh = { c, NULL, csv, { 0 }, NULL, NULL, 0 };
	char *title = NULL, *qs = NULL, tz[16];
	time_t now = time(NULL);
	struct tm tm;
	json_t *q;
	size_t k;
	int rc;

	rc = db_survey_get(c->db, code, &title, &qs);
	if (rc != 0)
		return rc == 1 ? cli_no_such(c, REP_SURVEYS, code) : 1;
	sh.questions = json_loads(qs, 0, NULL);
	sh.ncol = json_array_size(sh.questions) + 2;
	sh.names = xcalloc(sh.ncol + 1, sizeof(char *));
	sh.heads = xcalloc(sh.ncol + 1, sizeof(char *));
	localtime_r(&now, &tm);
	strftime(tz, sizeof(tz), "%Z", &tm);
	sh.names[0] = "id";
	sh.names[1] = "at";
	sh.heads[0] = xstrdup(L(c, "response", "jawaban"));
	{
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, L(c, "time (%s)", "waktu (%s)"), tz);
		sh.heads[1] = sb_detach(&sb);
	}
	json_array_foreach(sh.questions, k, q) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "%zu. %s", k + 1,
		    json_string_value(json_object_get(q, "text")));
		sh.heads[k + 2] = sb_detach(&sb);
		sh.names[k + 2] = sh.heads[k + 2];
	}
	listing_init(&sh.l, c, sh.names);
	sh.l.headers = (const char *const *)sh.heads;
	if (csv) {
		for (k = 0; k < sh.ncol; k++)
			csv_write_field(stdout, sh.heads[k], k == sh.ncol - 1);
	} else
		printf(L(c, "%s: %s\n\n", "%s: %s\n\n"), code, title);
	rc = db_report_filtered(c->db, REP_SURVEY_RESPONSES, code, -1,
	    response_row, &sh);
	listing_end(&sh.l);
	for (k = 0; k < sh.ncol; k++)
		free(sh.heads[k]);
	free(sh.heads);
	free(sh.names);
	json_decref(sh.questions);
	free(title);
	free(qs);
	return rc == 0 ? 0 : 1;
}

static int
survey_create_cmd(struct cli *c, const char *path)
{
	struct svc ctx;
	char code[16], err[256], *text;
	int rc;

	text = cli_read_file(c, path);
	if (text == NULL)
		return 1;
	cli_svc(c, &ctx);
	if (db_begin(c->db) != 0) {
		free(text);
		return 1;
	}
	rc = survey_create(&ctx, text, code, sizeof(code), err, sizeof(err));
	free(text);
	if (rc != 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		if (rc == -1)
			fprintf(stderr, L(c, "%s: %s\n(docs/POLLS.md describes "
			    "a survey's JSON)\n", "%s: %s\n(docs/POLLS.md "
			    "menjelaskan JSON survei)\n"), path, err);
		return rc == -1 ? 2 : 1;
	}
	printf(L(c, "survey %s is ready; residents start it with SURVEI %s\n",
	    "survei %s siap; warga memulainya dengan SURVEI %s\n"), code,
	    code);
	return 0;
}

int
cmd_survey(struct cli *c, int argc, char **argv)
{
	static const char *const subs[] = { "create", "list", "send",
	    "results" };
	static const char *const cols[] = { "code", "questions", "responses",
	    "created_at", "title", NULL };
	struct listing l;
	struct svc ctx;
	char code[16], grp[33] = "", *title = NULL, *qs = NULL;
	int rc;

	if (argc < 2)
		return cli_usage(c);
	if (cli_sub(c, argv[1], subs, ARRAY_LEN(subs)) != 0)
		return 2;
	if (strcmp(argv[1], "list") == 0) {
		listing_init(&l, c, cols);
		if (argc == 3 && strcmp(argv[2], "--json") == 0)
			l.json = 1;
		else if (argc != 2)
			return cli_unexpected(c, argv[2]);
		rc = db_report(c->db, REP_SURVEYS, -1, cli_print_row, &l);
		listing_end(&l);
		return rc == 0 ? 0 : 1;
	}
	if (argc < 3)
		return cli_usage(c);
	if (strcmp(argv[1], "create") == 0)
		return argc == 3 ? survey_create_cmd(c, argv[2]) :
		    cli_unexpected(c, argv[3]);
	strlcpy_k(code, argv[2], sizeof(code));
	cli_upper(code);
	if (strcmp(argv[1], "results") == 0) {
		if ((argc == 4 && strcmp(argv[3], "--csv") != 0) || argc > 4)
			return cli_unexpected(c, argv[argc - 1]);
		return survey_results(c, code, argc == 4);
	}
	/* send CODE [GROUP] */
	if (argc > 4)
		return cli_unexpected(c, argv[4]);
	rc = db_survey_get(c->db, code, &title, &qs);
	free(title);
	free(qs);
	if (rc != 0)
		return rc == 1 ? cli_no_such(c, REP_SURVEYS, code) : 1;
	if (argc == 4) {
		strlcpy_k(grp, argv[3], sizeof(grp));
		cli_upper(grp);
		if (!config_group_known(c->cfg, grp))
			return cli_bad_group(c, grp);
	}
	cli_svc(c, &ctx);
	if (db_begin(c->db) != 0)
		return 1;
	rc = survey_send(&ctx, code, grp[0] ? grp : NULL);
	if (rc < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	printf(L(c, "survey %s: %d invitations queued\n", "survei %s: %d "
	    "undangan masuk antrean\n"), code, rc);
	return 0;
}
