/*
 * Fuzz target: what a district (or anything posing as one) answers: the
 * "accepted" list, Retry-After, and a page of updates applied to a real
 * database, which must refuse nonsense and never crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "sync.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;
static struct gw_config *cfg;

static void
setup(void)
{
	char dir[] = "/tmp/kabar-fuzz-XXXXXX", path[256], err[512];
	FILE *f;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/k.conf", dir);
	f = fopen(path, "w");
	fprintf(f, "gateway : { id = \"f\"; database = \"%s/k.db\"; };\n"
	    "modems = ( { name = \"m1\"; device = \"%s/m\"; connection = "
	    "\"none\"; model = \"dummy\"; } );\ngroups = ( \"RT01\" );\n",
	    dir, dir);
	fclose(f);
	log_init("fuzz", 0, LOG_LVL_ERROR);
	if ((cfg = config_load(path, err, sizeof(err))) == NULL ||
	    (db = db_open(cfg->database, err, sizeof(err))) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct journal_rec recs[] = { { 1, "vote", 0, "{}" },
	    { 5, "vote", 0, "{}" }, { 9, "optout", 0, "{}" } };
	int clash;
	char done[3], *text = malloc(size + 1), err[200], since[64];
	int more;

	if (db == NULL)
		setup();
	memcpy(text, data, size);
	text[size] = '\0';
	sync_parse_accepted("f", text, size, recs, 3, done, &clash);
	sync_retry_after(text, 1795400000);
	if (db_meta_get(db, "sync.cursor", since, sizeof(since)) != 0)
		since[0] = '\0';
	sync_apply_updates(db, cfg, since, text, size, 1795400000, &more, err,
	    sizeof(err));
	free(text);
	return 0;
}
