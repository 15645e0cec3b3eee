/*
 * The menu tree: every screen the configured tree can produce, in both
 * languages, fits 182 characters; MENU serves it over SMS with digits,
 * and anything else leaves it. And the USSD front's sessions, through
 * the statics of gateway/http.c.
 */
#include "fixture.h"
#include "smstext.h"
#include "test.h"
#include "ussd_menu.h"

#include "../../gateway/http.c"

static const char *menu_conf =
    "ussd : { menu = { title = \"Desa Uji\"; items = (\n"
    "  { title = \"Cek tiket\"; action = \"status\"; },\n"
    "  { title = \"Buat aduan\"; action = \"complaint\"; },\n"
    "  { title = \"Ikut polling\"; action = \"poll\"; },\n"
    "  { title = \"Daftar warga\"; action = \"register\"; },\n"
    "  { title = \"Info desa\"; items = (\n"
    "      { title = \"Jam kantor\"; text = \"Buka Senin-Jumat.\"; },\n"
    "      { title = \"Lagi\"; items = ( { title = \"Dalam\";"
    " text = \"Paling dalam.\"; } ); } ); } ); }; };\n";

static int worst;

/* Walk every path of digits up to depth, checking each screen. */
static void
walk_all(struct fixture *fx, struct svc *ctx, char *path, size_t len,
    int depth)
{
	static const char *const inputs[] = { "1", "2", "3", "4", "5", "9",
	    "0", "00", "123455" };
	size_t i;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		size_t n = len;
		int end, rc;

		n += (size_t)snprintf(path + len, 64 - len, "%s%s", len ? "*" :
		    "", inputs[i]);
		/* Each walk is undone, so every path starts alike. */
		db_begin(fx->db);
		rc = ussd_walk(ctx, path, &sb, &end);
		db_rollback(fx->db);
		if (rc == 0) {
			int chars = (int)utf8_chars(sb_str(&sb)) + 4;

			if (chars > worst)
				worst = chars;
			if (chars > 182) {
				fprintf(stderr, "'%s': %d chars\n", path, chars);
				TEST_CHECK(0);
			}
			if (!end && depth > 0)
				walk_all(fx, ctx, path, n, depth - 1);
		}
		path[len] = '\0';
		sb_free(&sb);
	}
}

static void
check_lang(const char *lang)
{
	struct fixture fx;
	struct svc ctx = { 0 };
	char path[64] = "";

	if (fixture_open(&fx, lang, 100, menu_conf) != 0)
		return;
	ctx.db = fx.db;
	ctx.cfg = fx.cfg;
	ctx.now = fx.now;
	ctx.phone = "+628123456789";
	walk_all(&fx, &ctx, path, 0, 3);
	fixture_close(&fx);
}

TEST(test_every_screen_fits)
{
	check_lang("id");
	check_lang("en");
	TEST_CHECK(worst > 10);
}

TEST(test_menu_over_sms)
{
	struct fixture fx;

	if (fixture_open(&fx, "id", 100, menu_conf) != 0)
		TEST_SKIP("no temporary folder");
	fixture_sms(&fx, "08123456789", "MENU");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "1. Cek tiket") != NULL);
	fixture_sms(&fx, "08123456789", "5");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "1. Jam kantor") != NULL);
	fixture_sms(&fx, "08123456789", "9");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Pilihan salah") != NULL);
	fixture_sms(&fx, "08123456789", "1");
	TEST_CHECK_STR(fixture_last_reply(&fx), "Buka Senin-Jumat.");
	/* The session ended: a digit now is no menu input. */
	fixture_sms(&fx, "08123456789", "1");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	/* Anything but digits leaves the menu and is handled as usual. */
	fixture_sms(&fx, "08123456789", "MENU");
	fixture_sms(&fx, "08123456789", "INFO");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "Kata kunci") != NULL);
	fixture_sms(&fx, "08123456789", "2");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	/* A session is forgotten after ten minutes. */
	fixture_sms(&fx, "08123456789", "MENU");
	fx.now += 601;
	fixture_sms(&fx, "08123456789", "5");
	TEST_CHECK(strstr(fixture_last_reply(&fx), "tidak dikenali") != NULL);
	fixture_close(&fx);
}

TEST(test_paging)
{
	struct fixture fx;
	struct svc ctx = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char path[160], err[256];
	FILE *f;
	int end;

	if (fixture_open(&fx, "id", 100, menu_conf) != 0)
		TEST_SKIP("no temporary folder");
	/* Eleven groups: the list pages after eight. */
	snprintf(path, sizeof(path), "%s/p.conf", fx.dir);
	f = fopen(path, "w");
	fprintf(f, "gateway : { id = \"t\"; database = \"%s\"; };\n"
	    "modems = ( { name = \"m1\"; device = \"x\"; } );\n"
	    "groups = ( \"G01\", \"G02\", \"G03\", \"G04\", \"G05\", \"G06\","
	    " \"G07\", \"G08\", \"G09\", \"G10\", \"G11\" );\n%s", fx.dbpath,
	    menu_conf);
	fclose(f);
	config_free(fx.cfg);
	fx.cfg = config_load(path, err, sizeof(err));
	TEST_CHECK(fx.cfg != NULL);
	if (fx.cfg == NULL)
		return;
	ctx.db = fx.db;
	ctx.cfg = fx.cfg;
	ctx.now = fx.now;
	ctx.phone = "+628123456789";
	db_begin(fx.db);
	ussd_walk(&ctx, "4*Budi", &sb, &end);
	TEST_CHECK(strstr(sb_str(&sb), "8. G08\n9. Lagi") != NULL);
	sb_reset(&sb);
	ussd_walk(&ctx, "4*Budi*9", &sb, &end);
	TEST_CHECK(strstr(sb_str(&sb), "1. G09") != NULL);
	TEST_CHECK(strstr(sb_str(&sb), "Lagi") == NULL);
	sb_reset(&sb);
	ussd_walk(&ctx, "4*Budi*9*2", &sb, &end);
	TEST_CHECK(end);
	TEST_CHECK(strstr(sb_str(&sb), "G10") != NULL);
	db_commit(fx.db);
	TEST_CHECK_STR(fixture_q(&fx, "SELECT grp FROM residents"), "G10");
	sb_free(&sb);
	fixture_close(&fx);
}

/* Walk text and check that the screen holds want. */
static void
check_screen(struct svc *ctx, const char *text, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	int end;

	TEST_CHECK(ussd_walk(ctx, text, &sb, &end) == 0);
	if (strstr(sb_str(&sb), want) == NULL) {
		fprintf(stderr, "'%s' shows '%s', without '%s'\n", text,
		    sb_str(&sb), want);
		TEST_CHECK(0);
	}
	sb_free(&sb);
}

TEST(test_replies)
{
	static const char *overrides =
	    "replies = { menu_wrong = \"Salah!\"; menu_back = \"Balik\";"
	    " menu_ticket = \"Tiket?\"; menu_groups = \"RT?\"; };\n";
	struct fixture fx;
	struct svc ctx = { 0 };
	struct strbuf conf = STRBUF_INIT;

	/* The walk's own words come from the replies, in either language. */
	if (fixture_open(&fx, "en", 100, menu_conf) != 0)
		TEST_SKIP("no temporary folder");
	ctx.db = fx.db;
	ctx.cfg = fx.cfg;
	ctx.now = fx.now;
	ctx.phone = "+628123456789";
	check_screen(&ctx, "9", "Wrong choice, try again.\nDesa Uji");
	check_screen(&ctx, "5", "\n0. Back");
	check_screen(&ctx, "1", "Ticket number:");
	check_screen(&ctx, "2", "Your complaint:");
	check_screen(&ctx, "4", "Your name:");
	check_screen(&ctx, "4*Budi", "Your group:");
	check_screen(&ctx, "3", "Choose a poll:");
	fixture_close(&fx);

	/* And a deployment may reword them. */
	sb_adds(&conf, menu_conf);
	sb_adds(&conf, overrides);
	if (fixture_open(&fx, "id", 100, sb_str(&conf)) != 0)
		TEST_SKIP("no temporary folder");
	ctx.db = fx.db;
	ctx.cfg = fx.cfg;
	check_screen(&ctx, "9", "Salah!\nDesa Uji");
	check_screen(&ctx, "5", "\n0. Balik");
	check_screen(&ctx, "1", "Tiket?");
	check_screen(&ctx, "4*Budi", "RT?\n1. RT01");
	fixture_close(&fx);
	sb_free(&conf);

	/* No menu configured: the session ends, saying so. */
	if (fixture_open(&fx, "id", 100, NULL) != 0)
		TEST_SKIP("no temporary folder");
	ctx.db = fx.db;
	ctx.cfg = fx.cfg;
	check_screen(&ctx, "", "Menu belum tersedia.");
	fixture_close(&fx);
}

/* Find the session of id and phone at now, and check how it stands. */
static struct session *
check_session(struct http *h, const char *id, const char *phone,
    int64_t now, enum session_state want)
{
	enum session_state got;
	struct session *s = session_find(h, id, phone, now, 180, &got);

	TEST_CHECK_INT(got, want);
	return s;
}

static void
keep_screen(struct session *s, const char *text, int64_t now)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "CON after %s", text);
	session_keep(s, text, &sb, now);
}

TEST(test_sessions)
{
	struct fixture fx;
	struct http *h;
	struct session *s;
	const char *again;
	int64_t t;
	int i;

	if (fixture_open(&fx, "id", 100, menu_conf) != 0)
		TEST_SKIP("no temporary folder");
	h = xcalloc(1, sizeof(*h));
	t = fx.now;
	/* A shortcut: a new session's first text is walked. */
	s = check_session(h, "a", "+628111", t, SESSION_NEW);
	TEST_CHECK(session_replay(s, SESSION_NEW, "1*512279", fx.cfg, t) ==
	    NULL);
	keep_screen(s, "1*512279", t);
	/* A retry gets its screen again; the same id from another phone not. */
	s = check_session(h, "a", "+628111", t + 1, SESSION_LIVE);
	again = session_replay(s, SESSION_LIVE, "1*512279", fx.cfg, t + 1);
	TEST_CHECK_STR(again, "CON after 1*512279");
	s = check_session(h, "a", "+628222", t + 1, SESSION_NEW);
	TEST_CHECK(session_replay(s, SESSION_NEW, "1*512279", fx.cfg, t + 1) ==
	    NULL);
	/* Silent past session_seconds: more text is told to dial again. */
	s = check_session(h, "a", "+628111", t + 182, SESSION_LAPSED);
	again = session_replay(s, SESSION_LAPSED, "1*512279*1", fx.cfg,
	    t + 182);
	TEST_CHECK(again != NULL && strncmp(again, "END Sesi sudah", 14) == 0);
	/* Dialled afresh, a lapsed id starts again at the top. */
	s = check_session(h, "a", "+628222", t + 182, SESSION_LAPSED);
	TEST_CHECK(session_replay(s, SESSION_LAPSED, "", fx.cfg, t + 182) ==
	    NULL);
	/* Long after, the id is a new dial and its text a shortcut. */
	check_session(h, "a", "+628222", t + 182 + SESSION_LAPSED_KEEP,
	    SESSION_NEW);
	for (i = 0; i < SESSIONS; i++)
		session_clear(&h->sess[i]);
	free(h);
	fixture_close(&fx);
}

TEST_MAIN("menu", T(test_every_screen_fits), T(test_menu_over_sms),
    T(test_paging), T(test_replies), T(test_sessions))
