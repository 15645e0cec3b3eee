/*
 * The console's plumbing: password hashes (the form, the rounds, the
 * length rule, a PIN hash refused), session ids and their hashes, the
 * expiry rule at its edges, the cookie parser, constant-time tokens, and
 * the store's sessions and lock-out; the route matcher of web/web.c.
 */
#include "fixture.h"
#include "password.h"
#include "pin.h"
#include "session.h"
#include "test.h"

#include "../../web/web.c"


TEST(test_password_hash)
{
	char h[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX], pin[PIN_HASH_MAX];

	TEST_CHECK_INT(password_hash("rahasia-desa", h, sizeof(h)), 0);
	TEST_CHECK(strncmp(h, "pbkdf2-sha256$600000$", 21) == 0);
	TEST_CHECK_INT(strlen(h), 21 + 32 + 1 + 64);
	TEST_CHECK(password_hash_wellformed(h));
	TEST_CHECK(password_verify("rahasia-desa", h));
	TEST_CHECK(!password_verify("rahasia-desA", h));
	TEST_CHECK(!password_verify("", h));
	TEST_CHECK(!password_verify("rahasia-desa", ""));
	TEST_CHECK(!password_verify("rahasia-desa", NULL));
	/* A random salt: the same password, another hash. */
	TEST_CHECK_INT(password_hash("rahasia-desa", h2, sizeof(h2)), 0);
	TEST_CHECK(strcmp(h, h2) != 0);
	/* Eight characters, not bytes: "sandiñ12" is 8 characters. */
	TEST_CHECK_INT(password_hash("1234567", h, sizeof(h)),
	    PASSWORD_TOO_SHORT);
	TEST_CHECK_INT(password_hash("ñññññññ", h, sizeof(h)),
	    PASSWORD_TOO_SHORT);
	TEST_CHECK_INT(password_hash("sandiñ12", h, sizeof(h)), 0);
	TEST_CHECK_INT(password_hash("rahasia-desa", h, 40), -1);
	/* A PIN hash has too few rounds to stand for a password. */
	TEST_CHECK_INT(pin_hash("4321", pin, sizeof(pin)), 0);
	TEST_CHECK(!password_hash_wellformed(pin));
	TEST_CHECK(!password_hash_wellformed("pbkdf2-sha256$600000$zz$zz"));
	TEST_CHECK(!password_hash_wellformed(""));
}

TEST(test_session_ids)
{
	char id[SESSION_HEX], hash[SESSION_HEX], csrf[SESSION_HEX];
	char id2[SESSION_HEX], hash2[SESSION_HEX], csrf2[SESSION_HEX];
	char again[SESSION_HEX];
	size_t i;

	TEST_CHECK_INT(session_new(id, hash, csrf), 0);
	TEST_CHECK_INT(session_new(id2, hash2, csrf2), 0);
	TEST_CHECK_INT(strlen(id), 64);
	TEST_CHECK_INT(strlen(hash), 64);
	TEST_CHECK_INT(strlen(csrf), 64);
	TEST_CHECK_INT(strspn(id, "0123456789abcdef"), 64);
	TEST_CHECK(strcmp(id, id2) != 0 && strcmp(csrf, csrf2) != 0);
	TEST_CHECK(strcmp(id, csrf) != 0 && strcmp(id, hash) != 0);
	session_hash(id, again);
	TEST_CHECK_STR(again, hash);
	/* SHA-256 of "abc", the standard's own example. */
	session_hash("abc", again);
	TEST_CHECK_STR(again, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
	    "b410ff61f20015ad");
	for (i = 0; i < 8; i++)
		TEST_CHECK(id[i] != '\0');
}

TEST(test_session_expiry)
{
	int64_t t = 1795000000;

	TEST_CHECK_INT(session_state(t, t, t), SESSION_VALID);
	TEST_CHECK_INT(session_state(t, t, t + SESSION_IDLE_SECONDS - 1),
	    SESSION_VALID);
	TEST_CHECK_INT(session_state(t, t, t + SESSION_IDLE_SECONDS),
	    SESSION_IDLE);
	/* Used all along, still over after 12 hours. */
	TEST_CHECK_INT(session_state(t, t + SESSION_MAX_SECONDS - 10,
	    t + SESSION_MAX_SECONDS - 1), SESSION_VALID);
	TEST_CHECK_INT(session_state(t, t + SESSION_MAX_SECONDS - 10,
	    t + SESSION_MAX_SECONDS), SESSION_TOO_OLD);
	/* A clock set back does not make a session young again. */
	TEST_CHECK_INT(session_state(t, t, t - 5), SESSION_TOO_OLD);
	TEST_CHECK_INT(session_expires(t, t), t + SESSION_IDLE_SECONDS);
	TEST_CHECK_INT(session_expires(t, t + SESSION_MAX_SECONDS - 60),
	    t + SESSION_MAX_SECONDS);
}

TEST(test_cookie_find)
{
	char v[SESSION_HEX];

	TEST_CHECK_INT(cookie_find("kabar_session=abc", "kabar_session", v,
	    sizeof(v)), 0);
	TEST_CHECK_STR(v, "abc");
	TEST_CHECK_INT(cookie_find("a=1; kabar_session=xyz; b=2",
	    "kabar_session", v, sizeof(v)), 0);
	TEST_CHECK_STR(v, "xyz");
	/* A name that only ends like ours is another cookie. */
	TEST_CHECK_INT(cookie_find("my_kabar_session=evil", "kabar_session",
	    v, sizeof(v)), 1);
	TEST_CHECK_STR(v, "");
	TEST_CHECK_INT(cookie_find("kabar_session=", "kabar_session", v,
	    sizeof(v)), 1);
	TEST_CHECK_INT(cookie_find("", "kabar_session", v, sizeof(v)), 1);
	TEST_CHECK_INT(cookie_find(";;; ;", "kabar_session", v, sizeof(v)), 1);
	TEST_CHECK_INT(cookie_find("kabar_session=0123456789", "kabar_session",
	    v, 5), 1);
	TEST_CHECK_INT(cookie_find("x=\"a;b\"; kabar_session=q",
	    "kabar_session", v, sizeof(v)), 0);
	TEST_CHECK_STR(v, "q");
}

TEST(test_token_equal)
{
	TEST_CHECK(token_equal("abc", "abc"));
	TEST_CHECK(!token_equal("abc", "abd"));
	TEST_CHECK(!token_equal("abc", "abcd"));
	TEST_CHECK(!token_equal("", ""));
	TEST_CHECK(!token_equal(NULL, "abc"));
	TEST_CHECK(!token_equal("abc", NULL));
}

TEST(test_store_sessions)
{
	struct fixture fx;
	struct console_session s;
	int i;

	if (fixture_open(&fx, "id", 10, NULL) != 0)
		TEST_SKIP("no fixture");
	TEST_CHECK_INT(db_console_session_add(fx.db, "h1", "+6281200000001",
	    "c1", fx.now), 0);
	TEST_CHECK_INT(db_console_session_get(fx.db, "h1", &s), 0);
	TEST_CHECK_STR(s.phone, "+6281200000001");
	TEST_CHECK_STR(s.csrf, "c1");
	TEST_CHECK_INT(s.created_at, fx.now);
	TEST_CHECK_INT(db_console_session_touch(fx.db, "h1", fx.now + 60), 0);
	TEST_CHECK_INT(db_console_session_get(fx.db, "h1", &s), 0);
	TEST_CHECK_INT(s.seen_at, fx.now + 60);
	TEST_CHECK_INT(db_console_session_get(fx.db, "h2", &s), 1);
	TEST_CHECK_INT(db_console_session_add(fx.db, "h2", "+6281200000001",
	    "c2", fx.now - 7200), 0);
	TEST_CHECK_INT(db_console_session_prune(fx.db,
	    fx.now - SESSION_IDLE_SECONDS, fx.now - SESSION_MAX_SECONDS), 0);
	TEST_CHECK_INT(db_console_session_get(fx.db, "h2", &s), 1);
	TEST_CHECK_INT(db_console_session_get(fx.db, "h1", &s), 0);
	TEST_CHECK_INT(db_console_session_end(fx.db, "h1"), 0);
	TEST_CHECK_INT(db_console_session_get(fx.db, "h1", &s), 1);

	/* Four wrong passwords: no lock; the fifth locks for an hour. */
	for (i = 1; i < LOGIN_MAX_FAILURES; i++) {
		TEST_CHECK_INT(db_console_lock_fail(fx.db, "+6281200000001",
		    LOGIN_MAX_FAILURES, fx.now + LOGIN_LOCK_SECONDS), i);
		TEST_CHECK_INT(db_console_lock_remaining(fx.db,
		    "+6281200000001", fx.now), 0);
	}
	TEST_CHECK_INT(db_console_lock_fail(fx.db, "+6281200000001",
	    LOGIN_MAX_FAILURES, fx.now + LOGIN_LOCK_SECONDS),
	    LOGIN_MAX_FAILURES);
	TEST_CHECK_INT(db_console_lock_remaining(fx.db, "+6281200000001",
	    fx.now), LOGIN_LOCK_SECONDS);
	TEST_CHECK_INT(db_console_lock_remaining(fx.db, "+6281200000001",
	    fx.now + LOGIN_LOCK_SECONDS), 0);
	/* The console's lock is not the SMS PIN lock. */
	TEST_CHECK_INT(db_lock_remaining(fx.db, "+6281200000001", fx.now), 0);
	TEST_CHECK_INT(db_console_lock_clear(fx.db, "+6281200000001"), 0);
	TEST_CHECK_INT(db_console_lock_remaining(fx.db, "+6281200000001",
	    fx.now), 0);
	fixture_close(&fx);
}

TEST(test_routes)
{
	char arg[64];
	int known;

	TEST_CHECK(path_match("/api/v1/complaints/*", "/api/v1/complaints/"
	    "512279", arg, sizeof(arg)));
	TEST_CHECK_STR(arg, "512279");
	TEST_CHECK(!path_match("/api/v1/complaints/*", "/api/v1/complaints/",
	    arg, sizeof(arg)));
	TEST_CHECK(!path_match("/api/v1/complaints/*", "/api/v1/complaints/1/"
	    "status", arg, sizeof(arg)));
	TEST_CHECK(path_match("/api/v1/polls/*/results.csv",
	    "/api/v1/polls/AIR/results.csv", arg, sizeof(arg)));
	TEST_CHECK_STR(arg, "AIR");
	TEST_CHECK(!path_match("/api/v1/polls/*", "/api/v1/polls/AAAAAAAAAAAAA",
	    arg, 8));
	TEST_CHECK(route_find("GET", "/api/v1/me", arg, sizeof(arg), &known) ==
	    &routes[2]);
	TEST_CHECK(route_find("PUT", "/api/v1/me", arg, sizeof(arg), &known) ==
	    NULL && known);
	TEST_CHECK(route_find("GET", "/api/v2/me", arg, sizeof(arg), &known) ==
	    NULL && !known);
	TEST_CHECK_INT(web_body_cap("/api/v1/residents/import"),
	    WEB_IMPORT_MAX);
	TEST_CHECK_INT(web_body_cap("/api/v1/polls"), WEB_JSON_MAX);
}

TEST_MAIN("console", T(test_password_hash), T(test_session_ids),
    T(test_session_expiry), T(test_cookie_find), T(test_token_equal),
    T(test_store_sessions), T(test_routes))
