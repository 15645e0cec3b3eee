/*
 * Configuration loading: every kind of mistake is refused with FILE:LINE,
 * and a good file gives the values (and defaults) it should.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "test.h"

static const char *good =
    "gateway : { id = \"leksono\"; database = \"/tmp/x.db\"; };\n"
    "modems = ( { name = \"m1\"; device = \"/tmp/m\"; connection = \"none\";"
    " model = \"dummy\"; } );\n"
    "admins = ( { phone = \"0812-0000-0001\"; pin = \"4321\"; } );\n"
    "groups = ( \"rt01\", \"RT02\" );\n";

static char *
write_tmp(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s", "/tmp/kabar-conf-XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* Loads text; returns the error ("" when it loaded). */
static const char *
load_err(const char *text)
{
	static char err[1024];
	char *path = write_tmp(text);
	struct gw_config *cfg;

	err[0] = '\0';
	cfg = config_load(path, err, sizeof(err));
	config_free(cfg);
	unlink(path);
	/* Drop the temporary path, keep ":LINE: why". */
	if (strncmp(err, path, strlen(path)) == 0)
		memmove(err, err + strlen(path), strlen(err + strlen(path)) + 1);
	return err;
}

TEST(test_good)
{
	char err[512];
	char *path = write_tmp(good);
	struct gw_config *cfg = config_load(path, err, sizeof(err));

	TEST_CHECK(cfg != NULL);
	if (cfg == NULL) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	TEST_CHECK_STR(cfg->id, "leksono");
	TEST_CHECK_STR(cfg->language, "id");
	TEST_CHECK_INT(cfg->daily_sms_budget, 2000);
	TEST_CHECK_INT(cfg->replies_per_sender_per_hour, 10);
	TEST_CHECK_STR(cfg->quiet_hours, "21:00-06:00");
	TEST_CHECK_INT(cfg->n_modems, 1);
	TEST_CHECK_INT(cfg->modems[0].send_per_minute, 10);
	TEST_CHECK_STR(cfg->admins[0].phone, "+6281200000001");
	TEST_CHECK_STR(cfg->admins[0].role, "staff");
	TEST_CHECK(config_admin(cfg, "+6281200000001") != NULL);
	TEST_CHECK(config_group_known(cfg, "rt01"));
	TEST_CHECK(!config_group_known(cfg, "RT03"));
	TEST_CHECK(strstr(cfg->replies.text[R_INFO], "DAFTAR") != NULL);
	config_free(cfg);
	unlink(path);
}

TEST(test_syntax_error)
{
	TEST_CHECK_STR(load_err("gateway : { id = = \"x\"; };\n"),
	    ":1: syntax error");
}

TEST(test_unknown_key)
{
	char text[1024];

	snprintf(text, sizeof(text), "%slimits : {\n replies_per_hour = 3; };\n",
	    good);
	TEST_CHECK_STR(load_err(text), ":6: unknown key 'limits.replies_per_hour'");
	snprintf(text, sizeof(text), "%sbogus = 1;\n", good);
	TEST_CHECK_STR(load_err(text), ":5: unknown key 'bogus'");
}

TEST(test_wrong_type)
{
	char text[1024];

	snprintf(text, sizeof(text),
	    "%slimits : { replies_per_sender_per_hour = \"ten\"; };\n", good);
	TEST_CHECK_STR(load_err(text), ":5: 'limits.replies_per_sender_per_hour'"
	    " must be a whole number");
}

TEST(test_out_of_range)
{
	char text[1024];

	snprintf(text, sizeof(text),
	    "%slimits : { replies_per_sender_per_hour = -1; };\n", good);
	TEST_CHECK_STR(load_err(text), ":5: 'limits.replies_per_sender_per_hour'"
	    " must be between 0 and 1000 (got -1)");
	snprintf(text, sizeof(text), "%sbroadcast : { quiet_hours = \"25:00\"; };\n",
	    good);
	TEST_CHECK(strstr(load_err(text), ":5: 'broadcast.quiet_hours'") != NULL);
}

TEST(test_missing_required)
{
	TEST_CHECK(strstr(load_err("modems = ( { name = \"m\"; device = \"d\"; } );\n"),
	    "section 'gateway' is missing") != NULL);
	TEST_CHECK(strstr(load_err("gateway : { id = \"x\"; };\n"),
	    "'modems' is missing") != NULL);
}

TEST(test_bad_values)
{
	TEST_CHECK(strstr(load_err(
	    "gateway : { id = \"x\"; language = \"fr\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; } );\n"),
	    ":1: 'gateway.language' must be") != NULL);
	TEST_CHECK(strstr(load_err(
	    "gateway : { id = \"x\"; timezone = \"Mars/Olympus\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; } );\n"),
	    "'gateway.timezone'") != NULL);
	TEST_CHECK(strstr(load_err(
	    "gateway : { id = \"x\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; },\n"
	    " { name = \"m\"; device = \"e\"; } );\n"),
	    "two modems are named") != NULL);
	TEST_CHECK(strstr(load_err(
	    "gateway : { id = \"x\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; } );\n"
	    "admins = ( { phone = \"TELKOMSEL\"; pin = \"1234\"; } );\n"),
	    ":3: 'admins[0].phone'") != NULL);
	TEST_CHECK(strstr(load_err(
	    "gateway : { id = \"x\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; } );\n"
	    "admins = ( { phone = \"08120000001\"; pin = \"12a4\"; } );\n"),
	    "'admins[0].pin' must be 4 to 8 digits") != NULL);
	TEST_CHECK(strstr(load_err(
	    "gateway : { id = \"x\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; } );\n"
	    "groups = ( \"RT 01\" );\n"),
	    ":3: 'groups' entry") != NULL);
}

TEST(test_reply_override)
{
	char text[1024], err[512];
	char *path;
	struct gw_config *cfg;

	snprintf(text, sizeof(text), "%sreplies = { registered = \"Halo {name}\"; };\n",
	    good);
	path = write_tmp(text);
	cfg = config_load(path, err, sizeof(err));
	TEST_CHECK(cfg != NULL);
	if (cfg != NULL)
		TEST_CHECK_STR(cfg->replies.text[R_REGISTERED], "Halo {name}");
	config_free(cfg);
	unlink(path);
	snprintf(text, sizeof(text), "%sreplies = { registered = \"Halo {ticket}\"; };\n",
	    good);
	TEST_CHECK(strstr(load_err(text), "uses {ticket}") != NULL);
	snprintf(text, sizeof(text), "%sreplies = { nonsense = \"x\"; };\n", good);
	TEST_CHECK(strstr(load_err(text), ":5: unknown reply 'replies.nonsense'")
	    != NULL);
}

TEST(test_english_and_keywords)
{
	char text[1024], err[512];
	char *path;
	struct gw_config *cfg;

	snprintf(text, sizeof(text),
	    "gateway : { id = \"x\"; language = \"en\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; } );\n"
	    "keywords = { daftar = ( \"join\", \"IKUT\" ); };\n");
	path = write_tmp(text);
	cfg = config_load(path, err, sizeof(err));
	TEST_CHECK(cfg != NULL);
	if (cfg != NULL) {
		TEST_CHECK(strstr(cfg->replies.text[R_INFO], "REG") != NULL);
		TEST_CHECK_INT(cfg->n_keywords, 1);
		TEST_CHECK_STR(cfg->keywords[0].keyword, "DAFTAR");
		TEST_CHECK_STR(cfg->keywords[0].aliases[0], "JOIN");
	}
	config_free(cfg);
	unlink(path);
}

TEST(test_example_files)
{
	char err[512];
	struct gw_config *cfg;

	cfg = config_load("conf/kabar.conf.example", err, sizeof(err));
	TEST_CHECK(cfg != NULL);
	if (cfg == NULL)
		fprintf(stderr, "%s\n", err);
	config_free(cfg);
	cfg = config_load("conf/demo.conf", err, sizeof(err));
	TEST_CHECK(cfg != NULL);
	if (cfg == NULL)
		fprintf(stderr, "%s\n", err);
	config_free(cfg);
}

TEST_MAIN("config", T(test_good), T(test_syntax_error), T(test_unknown_key),
    T(test_wrong_type), T(test_out_of_range), T(test_missing_required),
    T(test_bad_values), T(test_reply_override), T(test_english_and_keywords),
    T(test_example_files))
