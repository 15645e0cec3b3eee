/*
 * kabar pin-hash, complaints, complaint set.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "handlers.h"
#include "pin.h"
#include "ticket.h"
#include "util.h"

int
cmd_pin_hash(struct cli *c, int argc, char **argv)
{
	char line[64], out[PIN_HASH_MAX];
	const char *pin;
	size_t i, n;

	(void)c;
	if (argc == 2)
		pin = argv[1];
	else if (argc == 1) {
		fprintf(stderr, "PIN (4 to 8 digits): ");
		if (fgets(line, sizeof(line), stdin) == NULL)
			return 2;
		line[strcspn(line, "\r\n")] = '\0';
		pin = line;
	} else {
		fprintf(stderr, "usage: kabar pin-hash [PIN]\n");
		return 2;
	}
	n = strlen(pin);
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)pin[i]))
			break;
	if (i != n || n < 4 || n > 8) {
		fprintf(stderr, "kabar: a PIN is 4 to 8 digits\n");
		return 2;
	}
	if (pin_hash(pin, out, sizeof(out)) != 0) {
		fprintf(stderr, "kabar: cannot hash the PIN\n");
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

int
cmd_complaints(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "ticket", "created_at", "status",
	    "updated_at", "category", "phone", "text", NULL };
	struct listing l = { 0, 0, cols };
	const char *status = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			status = optarg;
			break;
		case 'j':
			l.json = 1;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc)
		return 2;
	return db_report_filtered(c->db, REP_COMPLAINTS, status, -1,
	    cli_print_row, &l) == 0 ? 0 : 1;
}

int
cmd_complaint(struct cli *c, int argc, char **argv)
{
	static const char *const statuses[] = { "baru", "diproses", "selesai",
	    "ditolak" };
	struct hctx ctx = { 0 };
	size_t i;
	int rc;

	if (argc < 4 || argc > 5 || strcmp(argv[1], "set") != 0) {
		fprintf(stderr, "usage: kabar -c FILE complaint set TICKET "
		    "STATUS [NOTE]\n");
		return 2;
	}
	for (i = 0; i < ARRAY_LEN(statuses); i++)
		if (strcmp(argv[3], statuses[i]) == 0)
			break;
	if (i == ARRAY_LEN(statuses)) {
		fprintf(stderr, "kabar: status must be baru, diproses, selesai "
		    "or ditolak\n");
		return 2;
	}
	if (!ticket_valid(argv[2])) {
		fprintf(stderr, "kabar: '%s' is not a valid ticket number\n",
		    argv[2]);
		return 2;
	}
	ctx.db = c->db;
	ctx.cfg = c->cfg;
	ctx.now = now_wall();
	ctx.phone = "operator";
	if (db_begin(c->db) != 0)
		return 1;
	rc = ticket_change(&ctx, argv[2], statuses[i], argc == 5 ? argv[4] :
	    NULL, "operator");
	if (rc < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	if (rc == 1) {
		struct ticket t = { 0 };

		if (db_ticket_get(c->db, argv[2], &t) == 1) {
			fprintf(stderr, "kabar: no ticket %s\n", argv[2]);
			return 1;
		}
		ticket_clear(&t);
		printf("ticket %s already has status %s\n", argv[2], argv[3]);
		return 0;
	}
	printf("ticket %s is now %s; the resident will be told\n", argv[2],
	    argv[3]);
	return 0;
}
