/*
 * kabar poll create FILE|- | list | send CODE | close CODE |
 * results CODE [--csv]. The JSON is the same as the district's.
 */
#include <ctype.h>
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
cli_read_file(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "kabar: cannot open '%s'\n", path);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_add(&sb, buf, n);
		if (sb.len > DEF_MAX) {
			fprintf(stderr, "kabar: '%s' is larger than %d bytes\n",
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

static void
ctx_init(struct cli *c, struct svc *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->db = c->db;
	ctx->cfg = c->cfg;
	ctx->now = now_wall();
	ctx->phone = "operator";
}

static int
poll_create_cmd(struct cli *c, const char *path)
{
	struct svc ctx;
	char code[16], err[256];
	char *text = cli_read_file(path);
	int rc;

	if (text == NULL)
		return 1;
	ctx_init(c, &ctx);
	if (db_begin(c->db) != 0) {
		free(text);
		return 1;
	}
	rc = poll_create(&ctx, text, code, sizeof(code), err, sizeof(err));
	free(text);
	if (rc != 0) {
		db_rollback(c->db);
		if (rc == -1)
			fprintf(stderr, "%s: %s\n", path, err);
		return rc == -1 ? 2 : 1;
	}
	if (db_commit(c->db) != 0)
		return 1;
	printf("poll %s is open\n", code);
	return 0;
}

struct csv_out {
	int	header;
};

static int
csv_row(void *arg, int n, const char *const *names, const char *const *vals)
{
	struct csv_out *o = arg;
	int i;

	if (!o->header) {
		for (i = 0; i < n; i++)
			csv_write_field(stdout, names[i], i == n - 1);
		o->header = 1;
	}
	for (i = 0; i < n; i++)
		csv_write_field(stdout, vals[i], i == n - 1);
	return 0;
}

static int
poll_results(struct cli *c, const char *code, int csv)
{
	struct svc ctx;
	struct poll p = { 0 };
	struct strbuf tally = STRBUF_INIT;
	struct csv_out o = { 0 };
	int rc, total;

	ctx_init(c, &ctx);
	rc = db_poll_get(c->db, code, &p);
	if (rc != 0) {
		if (rc == 1)
			fprintf(stderr, "kabar: no poll %s\n", code);
		return 1;
	}
	if (csv) {
		/* Overall (group empty) and per group, one row an option. */
		rc = db_report_filtered(c->db, REP_POLL_GROUPS, code, -1,
		    csv_row, &o);
		poll_clear(&p);
		return rc == 0 ? 0 : 1;
	}
	rc = poll_tally(&ctx, &p, &tally, &total);
	if (rc == 0) {
		struct listing l = { 0, 0, (const char *const[]){ "group",
		    "option", "count", NULL } };

		printf("%s (%s): %s\n%d votes: %s\n\nper group (group, "
		    "option, votes):\n", p.code, p.status, p.question, total,
		    sb_str(&tally));
		rc = db_report_filtered(c->db, REP_POLL_GROUPS, code, -1,
		    cli_print_row, &l);
	}
	sb_free(&tally);
	poll_clear(&p);
	return rc == 0 ? 0 : 1;
}

int
cmd_poll(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "code", "status", "votes",
	    "closes_at", "question", NULL };
	struct listing l = { 0, 0, cols };
	struct svc ctx;
	char code[16];
	size_t i;
	int rc;

	if (argc == 3 && strcmp(argv[1], "create") == 0)
		return poll_create_cmd(c, argv[2]);
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		l.json = argc == 3 && strcmp(argv[2], "--json") == 0;
		return db_report(c->db, REP_POLLS, -1, cli_print_row, &l) ?
		    1 : 0;
	}
	if (argc < 3)
		goto usage;
	strlcpy_k(code, argv[2], sizeof(code));
	for (i = 0; code[i] != '\0'; i++)
		code[i] = (char)toupper((unsigned char)code[i]);
	if (strcmp(argv[1], "results") == 0)
		return poll_results(c, code, argc == 4 &&
		    strcmp(argv[3], "--csv") == 0);
	ctx_init(c, &ctx);
	if (strcmp(argv[1], "send") == 0 || strcmp(argv[1], "close") == 0) {
		struct poll p = { 0 };

		if (db_poll_get(c->db, code, &p) != 0) {
			fprintf(stderr, "kabar: no poll %s\n", code);
			return 1;
		}
		poll_clear(&p);
		if (db_begin(c->db) != 0)
			return 1;
		rc = strcmp(argv[1], "send") == 0 ? poll_send(&ctx, code) :
		    db_poll_close(c->db, code, ctx.now);
		if (rc < 0 || db_commit(c->db) != 0) {
			db_rollback(c->db);
			return 1;
		}
		if (strcmp(argv[1], "send") == 0)
			printf("poll %s queued to %d residents\n", code, rc);
		else
			printf("poll %s is closed\n", code);
		return 0;
	}
usage:
	fprintf(stderr, "usage: kabar -c FILE poll create FILE|- | list "
	    "[--json] | send CODE | close CODE | results CODE [--csv]\n");
	return 2;
}

/* kabar survey create FILE|- | send CODE [GROUP] | results CODE --csv */
int
cmd_survey(struct cli *c, int argc, char **argv)
{
	struct svc ctx;
	struct csv_out o = { 0 };
	char code[16], err[256], *text;
	size_t i;
	int rc;

	ctx_init(c, &ctx);
	if (argc == 3 && strcmp(argv[1], "create") == 0) {
		text = cli_read_file(argv[2]);
		if (text == NULL)
			return 1;
		if (db_begin(c->db) != 0) {
			free(text);
			return 1;
		}
		rc = survey_create(&ctx, text, code, sizeof(code), err,
		    sizeof(err));
		free(text);
		if (rc != 0 || db_commit(c->db) != 0) {
			db_rollback(c->db);
			if (rc == -1)
				fprintf(stderr, "%s: %s\n", argv[2], err);
			return rc == -1 ? 2 : 1;
		}
		printf("survey %s is ready; residents start it with SURVEI %s\n",
		    code, code);
		return 0;
	}
	if (argc < 3)
		goto usage;
	strlcpy_k(code, argv[2], sizeof(code));
	for (i = 0; code[i] != '\0'; i++)
		code[i] = (char)toupper((unsigned char)code[i]);
	if (strcmp(argv[1], "results") == 0)
		return db_report_filtered(c->db, REP_SURVEY_RESPONSES, code, -1,
		    csv_row, &o) == 0 ? 0 : 1;
	if (strcmp(argv[1], "send") == 0 && argc <= 4) {
		if (db_begin(c->db) != 0)
			return 1;
		rc = survey_send(&ctx, code, argc == 4 ? argv[3] : NULL);
		if (rc < 0 || db_commit(c->db) != 0) {
			db_rollback(c->db);
			return 1;
		}
		printf("survey %s: %d invitations queued\n", code, rc);
		return 0;
	}
usage:
	fprintf(stderr, "usage: kabar -c FILE survey create FILE|- | send CODE "
	    "[GROUP] | results CODE --csv\n");
	return 2;
}
