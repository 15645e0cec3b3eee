/*
 * kabar residents list | import FILE.csv | export. An import is all or
 * nothing: every bad line is reported and nothing is written, so the
 * operator fixes the file and runs it again (it only updates).
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv.h"
#include "phone.h"
#include "residents.h"
#include "util.h"

static int export_row(void *arg, int n, const char *const *names,
    const char *const *vals);

int
cli_csv_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	return export_row(arg, n, names, vals);
}

static int
export_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	int i;

	(void)arg;
	(void)names;
	for (i = 0; i < n; i++)
		csv_write_field(stdout, vals[i], i == n - 1);
	return 0;
}

static int
import(struct cli *c, const char *file)
{
	struct csv_record *r = xmalloc(sizeof(*r));
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	int line = 0, rc, bad = 0, n = 0;
	int64_t now = now_wall();

	if (f == NULL) {
		fprintf(stderr, "kabar: cannot open '%s'\n", file);
		free(r);
		return 1;
	}
	/* One transaction: a file with a bad line changes nothing. */
	if (db_begin(c->db) != 0)
		goto fail;
	while ((rc = csv_read(f, r, &line)) != 1) {
		char e164[PHONE_MAX], grp[33], why[128];

		if (rc < 0) {
			fprintf(stderr, "%s:%d: malformed CSV line\n", file,
			    r->line);
			bad++;
			break;
		}
		if ((r->line == 1 && residents_is_header(r)) ||
		    (r->n == 1 && r->field[0][0] == '\0'))
			continue;
		if (residents_check(c->cfg, r, e164, grp, sizeof(grp), why,
		    sizeof(why)) != 0) {
			fprintf(stderr, "%s:%d: %s\n", file, r->line, why);
			bad++;
			continue;
		}
		if (bad)
			continue;
		if (residents_put(c->db, c->cfg, e164, r->field[1], grp, now) != 0)
			goto fail;
		n++;
	}
	if (bad) {
		fprintf(stderr, "kabar: %d bad line%s; nothing was imported\n",
		    bad, bad == 1 ? "" : "s");
		goto fail;
	}
	if (db_commit(c->db) != 0)
		goto fail;
	printf("imported %d resident%s\n", n, n == 1 ? "" : "s");
	if (f != stdin)
		fclose(f);
	free(r);
	return 0;
fail:
	db_rollback(c->db);
	if (f != stdin)
		fclose(f);
	free(r);
	return 1;
}

int
cmd_residents(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "phone", "name", "group",
	    "registered_at", "opted_out_at", NULL };
	struct listing l = { 0, 0, cols };

	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		if (argc == 3 && strcmp(argv[2], "--json") == 0)
			l.json = 1;
		else if (argc != 2)
			goto usage;
		return db_report(c->db, REP_RESIDENTS, -1, cli_print_row,
		    &l) == 0 ? 0 : 1;
	}
	if (argc == 3 && strcmp(argv[1], "import") == 0)
		return import(c, argv[2]);
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return cli_person_show(c, argv[2]);
	if (argc == 3 && strcmp(argv[1], "erase") == 0)
		return cli_person_erase(c, argv[2]);
	if (argc == 2 && strcmp(argv[1], "export") == 0) {
		printf("phone,name,group,registered_at,opted_out_at\r\n");
		return db_report(c->db, REP_RESIDENTS, -1, export_row,
		    NULL) == 0 ? 0 : 1;
	}
usage:
	fprintf(stderr, "usage: kabar -c FILE residents list [--json] | "
	    "import FILE.csv | export | show PHONE | erase PHONE\n");
	return 2;
}
