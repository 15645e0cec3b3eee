/*
 * Configuration loading: every kind of mistake is refused with FILE:LINE,
 * and a good file gives the values (and defaults) it should.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
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
	TEST_CHECK_STR(cfg->database, "/tmp/x.db");
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
	    "two modems have the name \"m\" (the other is on line 2)") != NULL);
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

/*
 * Relative paths come from the file's folder, not from the folder the
 * program runs in: loaded from elsewhere, by an absolute or a relative
 * name, the file gives the same absolute paths.
 */
TEST(test_relative_paths)
{
	char dir[64], sub[96], conf[128], real[PATH_MAX], cwd[PATH_MAX];
	char want[PATH_MAX + 64], err[512], ca[128];
	struct gw_config *cfg;
	FILE *f;
	int pass;

	snprintf(dir, sizeof(dir), "/tmp/kabar-paths-XXXXXX");
	if (mkdtemp(dir) == NULL || getcwd(cwd, sizeof(cwd)) == NULL)
		TEST_SKIP("no temporary folder");
	snprintf(sub, sizeof(sub), "%s/etc", dir);
	snprintf(conf, sizeof(conf), "%s/kabar.conf", sub);
	snprintf(ca, sizeof(ca), "%s/ca.pem", sub);
	mkdir(sub, 0700);
	f = fopen(ca, "w");
	fclose(f);
	f = fopen(conf, "w");
	fprintf(f, "gateway : { id = \"x\"; database = \"../var/k.db\"; };\n"
	    "modems = ( { name = \"m1\"; device = \"./m1\"; connection = "
	    "\"none\"; model = \"dummy\"; },\n"
	    " { name = \"m2\"; device = \"ttyX\"; connection = \"at\"; } );\n"
	    "sync : { url = \"http://127.0.0.1:9\"; token = \"t\"; "
	    "hmac_key = \"k\"; ca_file = \"ca.pem\"; "
	    "pinned_key = \"sha256//abc=\"; };\n");
	fclose(f);
	TEST_CHECK(realpath(dir, real) != NULL);
	for (pass = 0; pass < 2; pass++) {
		/* From /, by the full name; from the parent, by "etc/...". */
		if (pass == 0)
			TEST_CHECK(chdir("/") == 0);
		else
			TEST_CHECK(chdir(dir) == 0);
		cfg = config_load(pass == 0 ? conf : "etc/kabar.conf", err,
		    sizeof(err));
		TEST_CHECK(chdir(cwd) == 0);
		TEST_CHECK(cfg != NULL);
		if (cfg == NULL) {
			fprintf(stderr, "%s\n", err);
			continue;
		}
		snprintf(want, sizeof(want), "%s/var/k.db", real);
		TEST_CHECK_STR(cfg->database, want);
		snprintf(want, sizeof(want), "%s/etc/m1", real);
		TEST_CHECK_STR(cfg->modems[0].device, want);
		TEST_CHECK_STR(cfg->modems[1].device, "ttyX");
		snprintf(want, sizeof(want), "%s/etc/ca.pem", real);
		TEST_CHECK_STR(cfg->sync_ca_file, want);
		TEST_CHECK_STR(cfg->sync_pinned_key, "sha256//abc=");
		config_free(cfg);
	}
	unlink(ca);
	unlink(conf);
	rmdir(sub);
	rmdir(dir);
}

/* A second entry with the same code would never be found. */
TEST(test_duplicate_codes)
{
	char text[1024];

	snprintf(text, sizeof(text), "%sletters = (\n"
	    " { code = \"DOMISILI\"; name = \"Domisili\"; },\n"
	    " { code = \"domisili\"; name = \"Lagi\"; } );\n", good);
	TEST_CHECK_STR(load_err(text), ":7: two letters have the code "
	    "\"DOMISILI\" (the other is on line 6)");
	snprintf(text, sizeof(text), "%scategories = (\n"
	    " { code = \"PU\"; },\n { code = \"PU\"; } );\n", good);
	TEST_CHECK_STR(load_err(text), ":7: two categories have the code "
	    "\"PU\" (the other is on line 6)");
	snprintf(text, sizeof(text), "%scounters = (\n"
	    " { code = \"UMUM\"; name = \"A\"; },\n"
	    " { code = \"Umum\"; name = \"B\"; } );\n", good);
	TEST_CHECK_STR(load_err(text), ":7: two counters have the code "
	    "\"UMUM\" (the other is on line 6)");
	TEST_CHECK(strstr(load_err("gateway : { id = \"x\"; };\n"
	    "modems = ( { name = \"m\"; device = \"d\"; } );\n"
	    "groups = ( \"RT01\", \"rt01\" );\n"),
	    ":3: 'groups' lists \"rt01\" twice") != NULL);
}

/* An alias must not take a word residents use for another keyword. */
TEST(test_keyword_shadows)
{
	char text[1024];

	snprintf(text, sizeof(text),
	    "%skeywords = {\n DAFTAR = ( \"STOP\" ); };\n", good);
	TEST_CHECK_STR(load_err(text), ":6: 'keywords.DAFTAR' alias \"STOP\" "
	    "is already BERHENTI to residents; choose another word");
	snprintf(text, sizeof(text),
	    "%skeywords = {\n daftar = ( \"INFO\" ); };\n", good);
	TEST_CHECK(strstr(load_err(text), "\"INFO\" is already INFO") != NULL);
	/* One typo from STOP: a resident typing it means BERHENTI. */
	snprintf(text, sizeof(text),
	    "%skeywords = {\n DAFTAR = ( \"STOPP\" ); };\n", good);
	TEST_CHECK(strstr(load_err(text), "is already BERHENTI") != NULL);
	snprintf(text, sizeof(text), "%skeywords = {\n DAFTAR = ( \"IKUT\" );\n"
	    " BERHENTI = ( \"ikut\" ); };\n", good);
	TEST_CHECK_STR(load_err(text), ":7: 'keywords.BERHENTI' alias "
	    "\"IKUT\" is already DAFTAR to residents; choose another word");
	snprintf(text, sizeof(text),
	    "%skeywords = {\n REG = ( \"IKUT\" ); };\n", good);
	TEST_CHECK_STR(load_err(text), ":6: 'keywords.REG': REG is not a "
	    "keyword (use DAFTAR)");
	snprintf(text, sizeof(text),
	    "%skeywords = {\n FOO = ( \"IKUT\" ); };\n", good);
	TEST_CHECK_STR(load_err(text), ":6: 'keywords.FOO' is not a keyword; "
	    "the keywords are: DAFTAR BERHENTI INFO ADUAN CEK TIKET PILIH "
	    "HASIL POLL SIAR YA SURVEI BATAL SURAT ANTRI LANJUT MENU SALDO");
	snprintf(text, sizeof(text), "%skeywords = {\n DAFTAR = ( \"IKUT\" );\n"
	    " daftar = ( \"MASUK\" ); };\n", good);
	TEST_CHECK_STR(load_err(text), ":7: 'keywords.daftar' is given twice");
	/* Residents' keywords are letters and digits: "RT-01" never matches. */
	snprintf(text, sizeof(text),
	    "%skeywords = {\n DAFTAR = ( \"RT-01\" ); };\n", good);
	TEST_CHECK(strstr(load_err(text), ":6: 'keywords.DAFTAR' entry "
	    "\"RT-01\" may hold only letters and digits") != NULL);
	/* Its own words, and new ones, are fine. */
	snprintf(text, sizeof(text), "%skeywords = {\n DAFTAR = ( \"REG\", "
	    "\"DAFTR\", \"IKUT\" );\n BERHENTI = ( \"KELUAR\" ); };\n", good);
	TEST_CHECK_STR(load_err(text), "");
}

/* HTTP on with no key: the aggregator's every request would get 403. */
TEST(test_ussd_key)
{
	char text[1024];

	snprintf(text, sizeof(text), "%shttp : {\n listen = \"127.0.0.1:8080\";"
	    " };\n", good);
	TEST_CHECK(strstr(load_err(text), ":5: 'http.ussd_key' is empty, so "
	    "every USSD request would be refused (403): set it") != NULL);
	snprintf(text, sizeof(text), "%shttp : { ussd_key = \"\"; enabled = "
	    "true; };\n", good);
	TEST_CHECK(strstr(load_err(text), "'http.ussd_key' is empty") != NULL);
	snprintf(text, sizeof(text), "%shttp : { enabled = false; };\n", good);
	TEST_CHECK_STR(load_err(text), "");
	snprintf(text, sizeof(text), "%shttp : { ussd_key = \"k\"; };\n", good);
	TEST_CHECK_STR(load_err(text), "");
}

/*
 * A menu screen is measured with the operator's own "wrong choice" and
 * "Back" texts around it, wherever the replies stand in the file.
 */
TEST(test_menu_notice_texts)
{
	static const char *menu =
	    "ussd : { menu = { title = \"Desa\"; items = (\n"
	    " { title = \"Info\"; items = (\n"
	    "  { title = \"Jam buka kantor desa setiap hari kerja\";"
	    " text = \"a\"; },\n"
	    "  { title = \"Jadwal posyandu balita dan lansia\";"
	    " text = \"b\"; },\n"
	    "  { title = \"Syarat surat keterangan domisili\";"
	    " text = \"c\"; },\n"
	    "  { title = \"Nomor penting\"; text = \"d\"; } ); } ); }; };\n";
	char text[2048];

	/* 136 characters, 173 with the default texts around them. */
	snprintf(text, sizeof(text), "%s%s", good, menu);
	TEST_CHECK_STR(load_err(text), "");
	snprintf(text, sizeof(text), "%s%sreplies = { menu_wrong = \"Pilihan "
	    "itu tidak ada di menu ini. Silakan pilih lagi.\"; };\n", good,
	    menu);
	TEST_CHECK_STR(load_err(text), ":6: the screen of "
	    "'ussd.menu.items[0]' is 202 characters with replies.menu_wrong "
	    "and replies.menu_back; a USSD screen holds 182");
	snprintf(text, sizeof(text), "%sreplies = { menu_back = \"Kembali ke "
	    "menu sebelumnya, menu utama ada di 00\"; };\n%s", good, menu);
	TEST_CHECK(strstr(load_err(text), "with replies.menu_wrong and "
	    "replies.menu_back") != NULL);
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

/* Hours as people write them: "...-23:59" runs to midnight, a span may
 * wrap past it, the end minute is out. */
TEST(test_hours)
{
	/* 2026-12-01 23:59:30 and 06:00:00 in Jakarta (UTC+7). */
	int64_t late = 1796144370, six = late - (17 * 3600 + 59 * 60 + 30);

	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	TEST_CHECK(hours_contain("00:00-23:59", late));
	TEST_CHECK(hours_contain("21:00-23:59", late));
	TEST_CHECK(!hours_contain("08:00-16:00", late));
	TEST_CHECK(hours_contain("21:00-06:00", late));
	TEST_CHECK(!hours_contain("21:00-06:00", six));
	TEST_CHECK(hours_contain("06:00-12:00", six));
}

/* Gammu's own names pass, a typo is told before any modem is opened. */
TEST(test_gammu_connections)
{
	static const char *const ok[] = { "at", "AT", "at115200", "at19200",
	    "at115200-nodtr", "at-nopower", "dku2", "blueat", "none",
	    "fbus-nodtr-nopower", NULL };
	static const char *const bad[] = { "at-115200", "at115201", "atx",
	    "usb", "AT115200baud", NULL };
	const char *const *c;
	char conf[512];
	struct modem_conf mc = { 0 };

	for (c = ok; *c != NULL; c++) {
		snprintf(conf, sizeof(conf), "gateway : { id = \"x\"; };\n"
		    "modems = ( { name = \"m\"; device = \"d\"; "
		    "connection = \"%s\"; } );\n", *c);
		if (load_err(conf)[0] != '\0')
			fprintf(stderr, "%s: %s\n", *c, load_err(conf));
		TEST_CHECK_STR(load_err(conf), "");
	}
	for (c = bad; *c != NULL; c++) {
		snprintf(conf, sizeof(conf), "gateway : { id = \"x\"; };\n"
		    "modems = ( { name = \"m\"; device = \"d\"; "
		    "connection = \"%s\"; } );\n", *c);
		TEST_CHECK(strstr(load_err(conf), ":2: 'modems[0].connection' "
		    "is not a Gammu connection") != NULL);
	}
	/* A device that is not there is a warning only (a stick comes
	 * later); a dummy's folder is made at start. */
	mc.connection = "at";
	mc.device = "/dev/kabar-no-such-tty";
	TEST_CHECK_INT(config_device_missing(&mc), 1);
	mc.device = "/dev/null";
	TEST_CHECK_INT(config_device_missing(&mc), 0);
	mc.connection = "none";
	mc.device = "/tmp/kabar-no-such-folder";
	TEST_CHECK_INT(config_device_missing(&mc), 0);
}

TEST_MAIN("config", T(test_good), T(test_syntax_error), T(test_unknown_key),
    T(test_wrong_type), T(test_out_of_range), T(test_missing_required),
    T(test_bad_values), T(test_reply_override), T(test_english_and_keywords),
    T(test_relative_paths), T(test_duplicate_codes), T(test_keyword_shadows),
    T(test_ussd_key), T(test_menu_notice_texts), T(test_example_files),
    T(test_hours), T(test_gammu_connections))
