/*
 * kabar pin-hash, complaints, complaint set.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broadcast.h"
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

/* kabar broadcast [--group G] [--yes] TEXT */
int
cmd_broadcast(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "group", required_argument, NULL, 'g' },
		{ "yes", no_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	struct hctx ctx = { 0 };
	char grp[33] = "", answer[16];
	int ch, yes = 0, recipients, parts, n;
	int64_t id;
	size_t i;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'g':
			strlcpy_k(grp, optarg, sizeof(grp));
			for (i = 0; grp[i] != '\0'; i++)
				grp[i] = (char)toupper((unsigned char)grp[i]);
			break;
		case 'y':
			yes = 1;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1 || argv[optind][0] == '\0') {
		fprintf(stderr, "usage: kabar -c FILE broadcast [--group G] "
		    "[--yes] TEXT\n");
		return 2;
	}
	if (grp[0] && !config_group_known(c->cfg, grp)) {
		fprintf(stderr, "kabar: group %s is not in the configuration\n",
		    grp);
		return 2;
	}
	ctx.db = c->db;
	ctx.cfg = c->cfg;
	ctx.now = now_wall();
	ctx.phone = "operator";
	if (broadcast_estimate(&ctx, argv[optind], grp[0] ? grp : NULL,
	    &recipients, &parts) != 0)
		return 1;
	printf("%d residents, %d SMS each, about Rp%lld.\n", recipients, parts,
	    (long long)recipients * parts * c->cfg->price_per_sms);
	if (!yes) {
		printf("Send it? [y/N] ");
		fflush(stdout);
		if (fgets(answer, sizeof(answer), stdin) == NULL ||
		    (answer[0] != 'y' && answer[0] != 'Y')) {
			printf("not sent\n");
			return 0;
		}
	}
	if (db_begin(c->db) != 0)
		return 1;
	if (db_bc_add(c->db, argv[optind], grp[0] ? grp : NULL, "operator",
	    NULL, recipients, parts, ctx.now, &id) != 0 ||
	    (n = broadcast_queue(&ctx, id, argv[optind], grp[0] ? grp :
	    NULL)) < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	printf("broadcast %lld queued to %d residents\n", (long long)id, n);
	return 0;
}
