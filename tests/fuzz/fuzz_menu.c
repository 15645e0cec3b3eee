/*
 * Fuzz target: the menu walk, fed whatever an aggregator might put in
 * `text`, against a real database and a menu with every action. Each walk
 * is rolled back, so every input starts from the same state.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "smstext.h"
#include "ussd_menu.h"

static struct gw_config *cfg;
static struct db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/kabar-fuzz-XXXXXX", path[96], dbp[96], err[512];
	FILE *f;

	(void)argc;
	(void)argv;
	log_init("fuzz", 0, LOG_LVL_ERROR);
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/k.conf", dir);
	snprintf(dbp, sizeof(dbp), "%s/k.db", dir);
	f = fopen(path, "w");
	fprintf(f, "gateway : { id = \"f\"; database = \"%s\"; };\n"
	    "modems = ( { name = \"m\"; device = \"%s/m\"; } );\n"
	    "groups = ( \"RT01\", \"RT02\" );\n"
	    "ussd : { menu = { title = \"Desa\"; items = (\n"
	    " { title = \"Cek\"; action = \"status\"; },\n"
	    " { title = \"Aduan\"; action = \"complaint\"; },\n"
	    " { title = \"Polling\"; action = \"poll\"; },\n"
	    " { title = \"Daftar\"; action = \"register\"; },\n"
	    " { title = \"Survei\"; action = \"survey\"; survey = \"S\"; },\n"
	    " { title = \"Info\"; items = ( { title = \"Jam\"; text = \"08.00\"; "
	    "} ); } ); }; };\n", dbp, dir);
	fclose(f);
	cfg = config_load(path, err, sizeof(err));
	db = db_open(dbp, err, sizeof(err));
	if (cfg == NULL || db == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct svc ctx = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char *text;
	int end;

	if (size > 600)
		return 0;
	text = utf8_sanitize((const char *)data, size);
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.now = 1795000000;
	ctx.phone = "+628123456789";
	db_begin(db);
	if (ussd_walk(&ctx, text, &sb, &end) == 0 &&
	    !utf8_valid(sb_str(&sb), sb.len))
		abort();
	db_rollback(db);
	sb_free(&sb);
	free(text);
	return 0;
}
