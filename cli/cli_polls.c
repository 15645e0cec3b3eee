/*
 * kabar poll create FILE|- | list | send CODE | close CODE |
 * results CODE [--csv]. The JSON is the same as the district's
 * (docs/POLLS.md). Results name each option in full, with its share of
 * the votes, for the whole village and per group, in the table and in
 * the CSV alike.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv.h"
#include "service.h"
#include "poll.h"
#include "survey.h"
#include "util.h"

#define DEF_MAX (64 * 1024)

/* Read a whole file (or stdin for "-"), capped; caller frees. */
char *
cli_read_file(const struct cli *c, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, L(c, "kabar: cannot open '%s': %s\n",
		    "kabar: '%s' tidak bisa dibuka: %s\n"), path,
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_add(&sb, buf, n);
		if (sb.len > DEF_MAX) {
			fprintf(stderr, L(c, "kabar: '%s' is larger than %d "
			    "bytes\n", "kabar: '%s' lebih besar dari %d "
			    "bita\n"),
			    path, DEF_MAX);
			sb_free(&sb);
			if (f != stdin)
				fclose(f);
			return NULL;
		}
	}
	if (f != stdin)
		fclose(f);
	return sb_detach(&sb);
}

void
cli_svc(struct cli *c, struct svc *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->db = c->db;
	ctx->cfg = c->cfg;
	ctx->now = now_wall();
	ctx->phone = "operator";
}

/* Codes of a listing (polls or surveys), comma-separated, into sb. */
static int
code_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct strbuf *sb = arg;

	(void)names;
	if (n > 0 && vals[0] != NULL)
		sb_addf(sb, "%s%s", sb->len ? ", " : "", vals[0]);
	return 0;
}

int
cli_no_such(struct cli *c, enum db_report which, const char *code)
{
	struct strbuf codes = STRBUF_INIT;
	int poll = which == REP_POLLS;

	db_report(c->db, which, -1, code_row, &codes);
	fprintf(stderr, L(c, "kabar: there is no %s %s; %s%s\n",
	    "kabar: %s %s tidak ada; %s%s\n"), poll ? L(c, "poll", "polling") :
	    L(c, "survey", "survei"), code, codes.len ? L(c, "there are: ", "yang ada: ") :
	    L(c, "there are none yet", "belum ada satu pun"), sb_str(&codes));
	sb_free(&codes);
	return 1;
}

static int
poll_create_cmd(struct cli *c, const char *path)
{
	struct svc ctx;
	char code[16], err[256];
	char *text = cli_read_file(c, path);
	int rc;

	if (text == NULL)
		return 1;
	cli_svc(c, &ctx);
	if (db_begin(c->db) != 0) {
		free(text);
		return 1;
	}
	rc = poll_create(&ctx, text, code, sizeof(code), err, sizeof(err));
	free(text);
	if (rc != 0) {
		db_rollback(c->db);
		if (rc == -1)
			fprintf(stderr, L(c, "%s: %s\n(docs/POLLS.md describes "
			    "a poll's JSON)\n", "%s: %s\n(docs/POLLS.md "
			    "menjelaskan JSON polling)\n"), path, err);
		return rc == -1 ? 2 : 1;
	}
	if (db_commit(c->db) != 0)
		return 1;
	printf(L(c, "poll %s is open\n", "polling %s dibuka\n"), code);
	return 0;
}

/* Every row of the results as CSV, the header first. */
struct csv_out {
	int		 header;
	const char	*const *labels;		/* header names, or NULL */
};

static int
csv_row(void *arg, int n, const char *const *names, const char *const *vals)
{
	struct csv_out *o = arg;
	int i;

	if (!o->header) {
		for (i = 0; i < n; i++)
			csv_write_field(stdout, o->labels ? o->labels[i] :
			    names[i], i == n - 1);
		o->header = 1;
	}
	for (i = 0; i < n; i++)
		csv_write_field(stdout, vals[i], i == n - 1);
	return 0;
}

/* The table, and the whole village's votes added up on the way (its
 * rows come first). */
struct results {
	struct listing	 l;
	const char	*all;
	int		 total;
};

static int
poll_row(void *arg, int n, const char *const *names, const char *const *vals)
{
	struct results *r = arg;

	if (n >= 4 && vals[0] != NULL && vals[3] != NULL &&
	    strcmp(vals[0], r->all) == 0)
		r->total += (int)strtol(vals[3], NULL, 10);
	return cli_print_row(&r->l, n, names, vals);
}

static int
poll_results(struct cli *c, const char *code, int csv)
{
	static const char *const cols[] = { "group", "option", "name",
	    "count", "percent", NULL };
	const char *const words[] = { L(c, "(all)", "(semua)"),
	    L(c, "(no group)", "(tanpa grup)"), NULL };
	struct csv_out o = { 0, NULL };
	struct results r;
	struct poll p = { 0 };
	struct svc ctx;
	char closes[48];
	int rc;

	rc = db_poll_get(c->db, code, &p);
	if (rc != 0)
		return rc == 1 ? cli_no_such(c, REP_POLLS, code) : 1;
	cli_svc(c, &ctx);
	poll_is_open(&ctx, &p);	/* a poll past its time reads as closed */
	if (csv) {
		rc = db_report_words(c->db, REP_POLL_GROUPS, code, words, -1,
		    csv_row, &o);
		poll_clear(&p);
		return rc == 0 ? 0 : 1;
	}
	if (p.closes_at > 0) {
		char iso[21];

		iso_time(p.closes_at, iso);
		cli_local_time(iso, closes, sizeof(closes));
	}
	listing_init(&r.l, c, cols);
	r.all = words[0];
	r.total = 0;
	rc = db_report_words(c->db, REP_POLL_GROUPS, code, words, -1,
	    poll_row, &r);
	printf(L(c, "%s: %s\n%s%s%s, %d vote%s\n\n", "%s: %s\n%s%s%s, %d "
	    "suara%s\n\n"), p.code, p.question, strcmp(p.status, "open") == 0
	    ? L(c, "open", "dibuka") : L(c, "closed", "ditutup"),
	    p.closes_at > 0 ? (strcmp(p.status, "open") == 0 ? L(c,
	    " until ", " sampai ") : L(c, " at ", " pada ")) : "",
	    p.closes_at > 0 ? closes : "", r.total, c->en && r.total != 1 ?
	    "s" : "");
	listing_end(&r.l);
	poll_clear(&p);
	return rc == 0 ? 0 : 1;
}

static int
poll_list(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "code", "status", "votes",
	    "closes_at", "group", "question", NULL };
	struct listing l;
	int rc;

	listing_init(&l, c, cols);
	if (argc == 3 && strcmp(argv[2], "--json") == 0)
		l.json = 1;
	else if (argc != 2)
		return cli_unexpected(c, argv[2]);
	rc = db_report(c->db, REP_POLLS, -1, cli_print_row, &l);
	listing_end(&l);
	return rc == 0 ? 0 : 1;
}

int
cmd_poll(struct cli *c, int argc, char **argv)
{
	static const char *const subs[] = { "create", "list", "send", "close",
	    "results" };
	struct svc ctx;
	struct poll p = { 0 };
	char code[16];
	int rc, send;

	if (argc < 2)
		return cli_usage(c);
	if (strcmp(argv[1], "list") == 0)
		return poll_list(c, argc, argv);
	if (cli_sub(c, argv[1], subs, ARRAY_LEN(subs)) != 0)
		return 2;
	if (argc < 3)
		return cli_usage(c);
	if (strcmp(argv[1], "create") == 0)
		return argc == 3 ? poll_create_cmd(c, argv[2]) :
		    cli_unexpected(c, argv[3]);
	strlcpy_k(code, argv[2], sizeof(code));
	cli_upper(code);
	if (strcmp(argv[1], "results") == 0) {
		if (argc == 4 && strcmp(argv[3], "--csv") != 0)
			return cli_unexpected(c, argv[3]);
		if (argc > 4)
			return cli_unexpected(c, argv[4]);
		return poll_results(c, code, argc == 4);
	}
	if (argc != 3)
		return cli_unexpected(c, argv[3]);
	rc = db_poll_get(c->db, code, &p);
	if (rc != 0)
		return rc == 1 ? cli_no_such(c, REP_POLLS, code) : 1;
	poll_clear(&p);
	cli_svc(c, &ctx);
	send = strcmp(argv[1], "send") == 0;
	if (db_begin(c->db) != 0)
		return 1;
	rc = send ? poll_send(&ctx, code) : db_poll_close(c->db, code, ctx.now);
	if (rc < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	if (send)
		printf(L(c, "poll %s queued to %d residents\n", "polling %s "
		    "masuk antrean untuk %d warga\n"), code, rc);
	else
		printf(L(c, "poll %s is closed\n", "polling %s ditutup\n"),
		    code);
	return 0;
}
