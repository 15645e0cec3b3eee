/*
 * The operator's tool where it needs no database: times read and shown
 * in the gateway's zone, a spreadsheet's semicolon CSV, and the README's
 * own examples (a ticket there must pass its check digit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "cli.h"
#include "csv.h"
#include "ticket.h"
#include "util.h"

static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

TEST(local_times_shown_with_their_zone)
{
	char out[48];

	zone("Asia/Jakarta");
	TEST_CHECK_INT(cli_local_time("2026-12-01T15:37:00Z", out,
	    sizeof(out)), 0);
	TEST_CHECK_STR(out, "2026-12-01 22:37 WIB");
	zone("Asia/Makassar");
	cli_local_time("2026-12-01T15:37:00Z", out, sizeof(out));
	TEST_CHECK_STR(out, "2026-12-01 23:37 WITA");
	zone("Asia/Jayapura");
	cli_local_time("2026-12-01T15:37:00Z", out, sizeof(out));
	TEST_CHECK_STR(out, "2026-12-02 00:37 WIT");
	/* what is not a time stays as it is */
	TEST_CHECK_INT(cli_local_time("2026-12-01", out, sizeof(out)), -1);
	TEST_CHECK_INT(cli_local_time("Budi", out, sizeof(out)), -1);
	TEST_CHECK_INT(cli_local_time(NULL, out, sizeof(out)), -1);
}

TEST(local_times_read)
{
	zone("Asia/Jakarta");
	TEST_CHECK_INT(parse_local_time("2026-12-08 17:00"),
	    parse_iso_time("2026-12-08T10:00:00Z"));
	TEST_CHECK_INT(parse_local_time("2026-12-08 17:00:30"),
	    parse_iso_time("2026-12-08T10:00:30Z"));
	TEST_CHECK_INT(parse_local_time("2026-12-08"),
	    parse_iso_time("2026-12-07T17:00:00Z"));
	TEST_CHECK_INT(parse_local_time("2026-12-08T10:00:00Z"),
	    parse_iso_time("2026-12-08T10:00:00Z"));
	zone("Asia/Jayapura");
	TEST_CHECK_INT(parse_local_time("2026-12-08 17:00"),
	    parse_iso_time("2026-12-08T08:00:00Z"));
	TEST_CHECK_INT(parse_local_time("8 Desember"), -1);
	TEST_CHECK_INT(parse_local_time("2026-12-08 17"), -1);
	TEST_CHECK_INT(parse_local_time("2026-12-08 17:00 besok"), -1);
	TEST_CHECK_INT(parse_local_time(""), -1);
}

TEST(csv_semicolons)
{
	static const char text[] = "nomor;nama;grup\r\n"
	    "0812-1111-0001;\"Siti; Bu\";RT01\r\n";
	struct csv_record *r = malloc(sizeof(*r));
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	int line = 0;

	TEST_CHECK(f != NULL && r != NULL);
	TEST_CHECK_INT(csv_read_sep(f, r, &line, ';'), 0);
	TEST_CHECK_INT(r->n, 3);
	TEST_CHECK_INT(csv_read_sep(f, r, &line, ';'), 0);
	TEST_CHECK_INT(r->n, 3);
	TEST_CHECK_STR(r->field[1], "Siti; Bu");
	TEST_CHECK_INT(csv_read_sep(f, r, &line, ';'), 1);
	fclose(f);
	free(r);
}

/* Every ticket the README shows must be one a resident could type. */
TEST(readme_tickets_pass_their_check_digit)
{
	FILE *f = fopen("README.md", "r");
	char line[1024];
	int seen = 0;

	if (f == NULL)
		TEST_SKIP("README.md is not in the current folder");
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p;

		for (p = line; (p = strpbrk(p, "0123456789")) != NULL;) {
			size_t n = strspn(p, "0123456789");

			if (n == TICKET_LEN && p > line && p[-1] == ' ' &&
			    (strstr(line, "CEK ") || strstr(line, "TIKET "))) {
				char t[TICKET_LEN + 1];

				memcpy(t, p, TICKET_LEN);
				t[TICKET_LEN] = '\0';
				if (!ticket_valid(t))
					fprintf(stderr, "README ticket %s\n",
					    t);
				TEST_CHECK(ticket_valid(t));
				seen++;
			}
			p += n;
		}
	}
	fclose(f);
	TEST_CHECK(seen >= 3);
}

TEST_MAIN("cli", T(local_times_shown_with_their_zone), T(local_times_read),
    T(csv_semicolons), T(readme_tickets_pass_their_check_digit))
