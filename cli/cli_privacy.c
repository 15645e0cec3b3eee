/*
 * kabar residents show PHONE: everything kept about one number, as one
 * JSON object (a key a table, each a list of rows; "resident" the row or
 * null), for a resident who asks what the village holds (UU PDP 27/2022
 * art. 7). kabar residents erase PHONE: all of it gone, the counts kept,
 * and the district told (services/privacy.c).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "phone.h"
#include "privacy.h"
#include "util.h"

static int
number(struct cli *c, const char *arg, char *e164)
{
	if (phone_normalise(arg, c->cfg->country_code, e164, PHONE_MAX) ==
	    PHONE_MOBILE)
		return 0;
	fprintf(stderr, "kabar: '%s' is not a mobile number\n", arg);
	return -1;
}

static int
add_row(void *arg, const char *section, int n, const char *const *names,
    const char *const *vals, const int *is_int)
{
	json_t *root = arg, *row = json_object(), *list;
	int i;

	for (i = 0; i < n; i++) {
		json_t *v;

		if (vals[i] == NULL)
			v = json_null();
		else if (is_int[i])
			v = json_integer(strtoll(vals[i], NULL, 10));
		else
			v = json_string(vals[i]);
		json_object_set_new(row, names[i], v ? v : json_null());
	}
	if (strcmp(section, "resident") == 0) {
		json_object_set_new(root, section, row);
		return 0;
	}
	list = json_object_get(root, section);
	if (list == NULL) {
		list = json_array();
		json_object_set_new(root, section, list);
	}
	json_array_append_new(list, row);
	return 0;
}

int
cli_person_show(struct cli *c, const char *arg)
{
	char e164[PHONE_MAX], hash[33];
	json_t *root;
	int rc;

	if (number(c, arg, e164) != 0)
		return 2;
	if (privacy_hash(c->db, c->cfg, e164, now_wall(), hash) != 0)
		return 1;
	root = json_pack("{s:s, s:s, s:n}", "phone", e164, "hash", hash,
	    "resident");
	rc = db_person_show(c->db, e164, hash, add_row, root);
	if (rc == 0) {
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
	}
	json_decref(root);
	return rc == 0 ? 0 : 1;
}

int
cli_person_erase(struct cli *c, const char *arg)
{
	char e164[PHONE_MAX];
	int rows = 0, tickets = 0;

	if (number(c, arg, e164) != 0)
		return 2;
	if (privacy_erase(c->db, c->cfg, e164, now_wall(), &rows,
	    &tickets) != 0) {
		fprintf(stderr, "kabar: the erasure failed; nothing changed\n");
		return 1;
	}
	printf("Erased %s: %d rows changed, %d ticket%s kept without text; an "
	    "erasure record goes to the district.\n", e164, rows, tickets,
	    tickets == 1 ? "" : "s");
	return 0;
}
