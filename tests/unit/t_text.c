/*
 * The small parsers under everything: SMS text coding, phone numbers, and
 * splitting an SMS into keyword and arguments. Tables of cases, plus the
 * inputs residents' phones really produce (long, odd, broken).
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "pdu.h"
#include "util.h"
#include "words.h"
#include "phone.h"
#include "smstext.h"
#include "test.h"

TEST(test_phone_table)
{
	static const struct {
		const char *in;
		enum phone_kind kind;
		const char *out;
	} cases[] = {
		{ "081234567890", PHONE_MOBILE, "+6281234567890" },
		{ "81234567890", PHONE_MOBILE, "+6281234567890" },
		{ "6281234567890", PHONE_MOBILE, "+6281234567890" },
		{ "+6281234567890", PHONE_MOBILE, "+6281234567890" },
		{ "0812-3456-7890", PHONE_MOBILE, "+6281234567890" },
		{ "+62 812 3456 7890", PHONE_MOBILE, "+6281234567890" },
		{ "(0812) 3456 7890", PHONE_MOBILE, "+6281234567890" },
		{ "006281234567890", PHONE_MOBILE, "+6281234567890" },
		{ "08123456789", PHONE_MOBILE, "+628123456789" },
		{ "+12025550123", PHONE_MOBILE, "+12025550123" },
		{ "0215551234", PHONE_LANDLINE, "+62215551234" },
		{ "+62 21 555 1234", PHONE_LANDLINE, "+62215551234" },
		{ "(0274) 512345", PHONE_LANDLINE, "+62274512345" },
		{ "3636", PHONE_SHORTCODE, "3636" },
		{ "123456", PHONE_SHORTCODE, "123456" },
		{ "1234567", PHONE_INVALID, "" },
		{ "TELKOMSEL", PHONE_ALPHA, "TELKOMSEL" },
		{ " Info-XL ", PHONE_ALPHA, "Info-XL" },
		{ "", PHONE_INVALID, "" },
		{ "+", PHONE_INVALID, "" },
		{ "++6281234567890", PHONE_INVALID, "" },
		{ "0812+34567890", PHONE_INVALID, "" },
		{ "+0812345678", PHONE_INVALID, "" },
		{ "+62812", PHONE_INVALID, "" },
		{ "0812345678901234567", PHONE_INVALID, "" },
		{ "08123_456789", PHONE_INVALID, "" },
	};
	char out[PHONE_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum phone_kind k = phone_normalise(cases[i].in, "62", out,
		    sizeof(out));

		if (k != cases[i].kind || strcmp(out, cases[i].out) != 0) {
			fprintf(stderr, "'%s': kind %d '%s', want %d '%s'\n",
			    cases[i].in, k, out, cases[i].kind, cases[i].out);
			TEST_CHECK(0);
		}
	}
}

TEST(test_phone_long_and_mask)
{
	char in[200], out[PHONE_MAX], small[4];

	memset(in, '9', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	TEST_CHECK_INT(phone_normalise(in, "62", out, sizeof(out)),
	    PHONE_INVALID);
	memset(in, 'A', sizeof(in) - 1);
	TEST_CHECK_INT(phone_normalise(in, "62", out, sizeof(out)), PHONE_ALPHA);
	TEST_CHECK(strlen(out) < sizeof(out));
	TEST_CHECK_INT(phone_normalise("081234567890", "62", small,
	    sizeof(small)), PHONE_INVALID);
	phone_mask("+6281234567890", out, sizeof(out));
	TEST_CHECK_STR(out, "+62812*****890");
	phone_mask("+62", out, sizeof(out));
	TEST_CHECK_STR(out, "****");
	TEST_CHECK(phone_repliable(PHONE_MOBILE));
	TEST_CHECK(!phone_repliable(PHONE_ALPHA));
	TEST_CHECK(!phone_repliable(PHONE_SHORTCODE));
}

static void
check_words(const char *text, const char *kw, const char *rest)
{
	struct sms_words w;
	char got[256];

	parse_words(text, &w);
	snprintf(got, sizeof(got), "%.*s", (int)w.rest_len, w.rest);
	if (strcmp(w.kw, kw) != 0 || strcmp(got, rest) != 0) {
		fprintf(stderr, "'%s': kw '%s' rest '%s', want '%s' '%s'\n",
		    text, w.kw, got, kw, rest);
		TEST_CHECK(0);
	}
}

TEST(test_parse_separators)
{
	check_words("DAFTAR Budi #RT01", "DAFTAR", "Budi #RT01");
	check_words("daftar budi #rt01", "DAFTAR", "budi #rt01");
	check_words("DAFTAR.Budi#RT01", "DAFTAR", "Budi#RT01");
	check_words("DAFTAR#RT01", "DAFTAR", "#RT01");
	check_words("  Info!! ", "INFO", "");
	check_words("*INFO*", "INFO", "");
	check_words("cek*123456", "CEK", "123456");
	check_words("cek,123456.", "CEK", "123456");
	check_words("...ADUAN   jalan rusak!!", "ADUAN", "jalan rusak");
	check_words("", "", "");
	check_words("   ", "", "");
	check_words("☺ halo", "HALO", "");
	check_words("Ñame", "", "Ñame");
}

TEST(test_parse_long_and_invalid)
{
	struct sms_words w;
	char *big = malloc(1001);
	const char bad[] = { 'I', 'N', 'F', 'O', ' ', (char)0xFF, (char)0xC0,
	    'x', 0 };

	memset(big, 'A', 1000);
	big[1000] = '\0';
	parse_words(big, &w);
	TEST_CHECK(w.kw_long);
	TEST_CHECK_INT(strlen(w.kw), KW_MAX - 1);
	memset(big, ' ', 1000);
	memcpy(big + 500, "info", 4);
	parse_words(big, &w);
	TEST_CHECK_STR(w.kw, "INFO");
	TEST_CHECK_INT(w.rest_len, 0);
	free(big);
	parse_words(bad, &w);
	TEST_CHECK_STR(w.kw, "INFO");
	TEST_CHECK_INT(w.rest_len, 3);
}

TEST(test_typos)
{
	static const char *const names[] = { "DAFTAR", "REG", "BERHENTI",
	    "STOP", "UNREG", "INFO", "BANTUAN", "HELP" };
	size_t n = sizeof(names) / sizeof(names[0]);

	TEST_CHECK_INT(kw_lookup("DAFTAR", names, n), 0);
	TEST_CHECK_INT(kw_lookup("DAFTR", names, n), 0);
	TEST_CHECK_INT(kw_lookup("DAFATR", names, n), 0);
	TEST_CHECK_INT(kw_lookup("DAFTARR", names, n), 0);
	TEST_CHECK_INT(kw_lookup("DAFTAX", names, n), 0);
	TEST_CHECK_INT(kw_lookup("INFI", names, n), 5);
	TEST_CHECK_INT(kw_lookup("STPO", names, n), 3);
	TEST_CHECK_INT(kw_lookup("BERHENT", names, n), 2);
	TEST_CHECK_INT(kw_lookup("REF", names, n), -1);
	TEST_CHECK_INT(kw_lookup("RE", names, n), -1);
	TEST_CHECK_INT(kw_lookup("DFTRA", names, n), -1);
	TEST_CHECK_INT(kw_lookup("", names, n), -1);
	TEST_CHECK_INT(kw_distance("ABCD", "ABDC"), 1);
	TEST_CHECK_INT(kw_distance("ABCD", "BADC"), 2);
	TEST_CHECK_INT(kw_distance("ABCD", "ABCDEF"), 2);
}

TEST(test_typo_tie)
{
	static const char *const names[] = { "PILIH", "PILAH" };

	/* One edit from both: do not guess. */
	TEST_CHECK_INT(kw_lookup("PILEH", names, 2), -1);
	TEST_CHECK_INT(kw_lookup("PILIH", names, 2), 0);
}

TEST(test_next_word_and_squeeze)
{
	const char *p = "Budi  Santoso #RT01; lain";
	char w[8], s[] = "  a   b \t c  ";

	TEST_CHECK_INT(next_word(&p, w, sizeof(w)), 0);
	TEST_CHECK_STR(w, "Budi");
	TEST_CHECK_INT(next_word(&p, w, sizeof(w)), 0);
	TEST_CHECK_STR(w, "Santoso");
	TEST_CHECK_INT(next_word(&p, w, sizeof(w)), 0);
	TEST_CHECK_STR(w, "RT01");
	TEST_CHECK_INT(next_word(&p, w, sizeof(w)), 0);
	TEST_CHECK_STR(w, "lain");
	TEST_CHECK_INT(next_word(&p, w, sizeof(w)), -1);
	TEST_CHECK_STR(squeeze_spaces(s), "a b c");
}

TEST(test_utf8)
{
	unsigned char buf[64];
	char *s;

	TEST_CHECK(utf8_valid("Ñoño ☺ 😀", strlen("Ñoño ☺ 😀")));
	TEST_CHECK(!utf8_valid("\xC0\x80", 2));		/* overlong */
	TEST_CHECK(!utf8_valid("\xED\xA0\x80", 3));	/* surrogate */
	TEST_CHECK(!utf8_valid("\xE2\x98", 2));		/* truncated */
	TEST_CHECK(!utf8_valid("\xFF", 1));
	TEST_CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));	/* > U+10FFFF */
	s = utf8_sanitize("a\xFF" "b\xC3", 4);
	TEST_CHECK_STR(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	free(s);
	TEST_CHECK_INT(utf8_chars("Ñoño ☺ 😀"), 8);
	TEST_CHECK_INT(utf8_to_ucs2be("A😀", buf, 10), 3);
	TEST_CHECK(buf[2] == 0xD8 && buf[3] == 0x3D && buf[6] == 0 &&
	    buf[7] == 0);
	s = ucs2be_to_utf8(buf, 10);
	TEST_CHECK_STR(s, "A😀");
	free(s);
	TEST_CHECK_INT(utf8_to_ucs2be("ABC", buf, 2), -1);
	/* A lone surrogate becomes U+FFFD. */
	buf[0] = 0xD8; buf[1] = 0x00; buf[2] = 0x00; buf[3] = 0x41;
	buf[4] = 0; buf[5] = 0;
	s = ucs2be_to_utf8(buf, 10);
	TEST_CHECK_STR(s, "\xEF\xBF\xBD" "A");
	free(s);
}

TEST(test_truncate)
{
	char s[] = "Ñoño☺x";

	utf8_truncate(s, 5);
	TEST_CHECK_STR(s, "Ñoño☺");
	utf8_truncate(s, 0);
	TEST_CHECK_STR(s, "");
}

static void
check_size(const char *text, int ucs2, int units, int parts)
{
	struct sms_size sz;

	sms_size(text, &sz);
	if (sz.ucs2 != ucs2 || sz.units != units || sz.parts != parts) {
		fprintf(stderr, "%.20s...: ucs2 %d units %d parts %d, want "
		    "%d %d %d\n", text, sz.ucs2, sz.units, sz.parts, ucs2,
		    units, parts);
		TEST_CHECK(0);
	}
}

static char *
repeat(const char *unit, int n)
{
	size_t len = strlen(unit);
	char *s = malloc(len * (size_t)n + 1);
	int i;

	for (i = 0; i < n; i++)
		memcpy(s + len * (size_t)i, unit, len);
	s[len * (size_t)n] = '\0';
	return s;
}

TEST(test_sms_size)
{
	char *s;

	check_size("", 0, 0, 1);
	check_size("Halo é à Ç Δ", 0, 12, 1);
	check_size("€[]", 0, 6, 1);
	check_size("ç", 1, 1, 1);
	check_size("`", 1, 1, 1);
	s = repeat("a", 160); check_size(s, 0, 160, 1); free(s);
	s = repeat("a", 161); check_size(s, 0, 161, 2); free(s);
	s = repeat("a", 306); check_size(s, 0, 306, 2); free(s);
	s = repeat("a", 307); check_size(s, 0, 307, 3); free(s);
	s = repeat("☺", 70); check_size(s, 1, 70, 1); free(s);
	s = repeat("☺", 71); check_size(s, 1, 71, 2); free(s);
	s = repeat("☺", 134); check_size(s, 1, 134, 2); free(s);
	s = repeat("😀", 35); check_size(s, 1, 70, 1); free(s);
	/* An extension character does not straddle two parts. */
	s = repeat("a", 152);
	s = realloc(s, 152 + 3 + 152 + 1);
	memcpy(s + 152, "€", 3);
	memset(s + 155, 'a', 152);
	s[307] = '\0';
	check_size(s, 0, 306, 3);
	free(s);
	s = repeat("a", 1000); check_size(s, 0, 1000, 7); free(s);
}

TEST(test_rupiah)
{
	static const struct { long long v; const char *want; } cases[] = {
		{ 0, "0" }, { 600, "600" }, { 5000, "5.000" },
		{ 25000, "25.000" }, { 1234567, "1.234.567" },
		{ -15000, "-15.000" }, { 100000000000LL, "100.000.000.000" },
	};
	char out[32];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rupiah(cases[i].v, out, sizeof(out));
		TEST_CHECK_STR(out, cases[i].want);
	}
}

/* Concatenation elements among others, as TS 23.040 allows. */
TEST(test_udh_concat)
{
	static const unsigned char plain8[] = { 5, 0, 3, 0xAB, 2, 1 };
	static const unsigned char after[] = { 10, 0x0A, 3, 0, 5, 0, 0, 3,
	    0xAB, 2, 2 };
	static const unsigned char wide[] = { 11, 0x0A, 3, 0, 5, 0, 8, 4,
	    0xAB, 0xCD, 3, 3 };
	static const unsigned char none[] = { 5, 0x0A, 3, 0, 5, 0 };
	static const unsigned char bad_seq[] = { 5, 0, 3, 1, 2, 3 };
	static const unsigned char cut[] = { 9, 0x0A, 3, 0, 5, 0, 0, 3 };
	int ref, seq, total;

	TEST_CHECK(udh_concat(plain8, sizeof(plain8), &ref, &seq, &total));
	TEST_CHECK(ref == 0xAB && seq == 1 && total == 2);
	TEST_CHECK(udh_concat(after, sizeof(after), &ref, &seq, &total));
	TEST_CHECK(ref == 0xAB && seq == 2 && total == 2);
	TEST_CHECK(udh_concat(wide, sizeof(wide), &ref, &seq, &total));
	TEST_CHECK(ref == 0xABCD && seq == 3 && total == 3);
	TEST_CHECK(!udh_concat(none, sizeof(none), &ref, &seq, &total));
	TEST_CHECK(!udh_concat(bad_seq, sizeof(bad_seq), &ref, &seq, &total));
	TEST_CHECK(!udh_concat(cut, sizeof(cut), &ref, &seq, &total));
	TEST_CHECK(!udh_concat(cut, 0, &ref, &seq, &total));
}

/* PDUs read past the driver: whole, cut short, UCS-2, with a header. */
TEST(test_pdu_deliver)
{
	static const char *whole = "00040D91261832000000F700006211324110048"
	    "21C416235E804C1D3F030289C9683C4EFF15B0E22A741522A6C06";
	static const char *cut = "00040D91261832000000F7000062113241100482"
	    "1C416235E804C1D3F030289C9683C4EF";
	/* "Hi" in UCS-2 from an alphanumeric "Telkom", 2 of 3 of ref 0x42 */
	static const char *ucs2 = "07912658050000F0440BD0D4327BFD6E0300"
	    "08621132411004820A05000342030200480069";
	unsigned char buf[256];
	struct pdu_deliver d;
	int n;

	n = pdu_unhex(whole, buf, sizeof(buf));
	TEST_CHECK(n > 0 && pdu_read_deliver(buf, (size_t)n, &d) == 0);
	TEST_CHECK_STR(d.sender, "+6281230000007");
	TEST_CHECK_STR(d.text, "ADUAN pipa air bocor di RT03");
	TEST_CHECK(!d.truncated && d.sent_at > 0);
	free(d.text);
	n = pdu_unhex(cut, buf, sizeof(buf));
	TEST_CHECK(n > 0 && pdu_read_deliver(buf, (size_t)n, &d) == 0);
	TEST_CHECK_STR(d.text, "ADUAN pipa air bo");
	TEST_CHECK(d.truncated);
	free(d.text);
	n = pdu_unhex(ucs2, buf, sizeof(buf));
	TEST_CHECK(n > 0 && pdu_read_deliver(buf, (size_t)n, &d) == 0);
	TEST_CHECK_STR(d.sender, "Telkom");
	TEST_CHECK_STR(d.text, "Hi");
	TEST_CHECK(d.ref == 0x42 && d.seq == 2 && d.total == 3);
	free(d.text);
	TEST_CHECK(pdu_unhex("0G", buf, sizeof(buf)) < 0);
	TEST_CHECK(pdu_unhex("123", buf, sizeof(buf)) < 0);
	n = pdu_unhex("0004", buf, sizeof(buf));
	TEST_CHECK(pdu_read_deliver(buf, (size_t)n, &d) < 0);
}

/* Text people wrote, in a CSV a spreadsheet opens: never a formula. */
TEST(test_csv_guard)
{
	static const char *const cases[][2] = {
		{ "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"," },
		{ "+62812", "'+62812," }, { "-1+1", "'-1+1," }, { "@SUM(A1)", "'@SUM(A1)," },
		{ "\tx", "'\tx," }, { "Sumur bor", "Sumur bor," }, { "", "," },
		{ "a=b", "a=b," }, { "x, y", "\"x, y\"," } };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;

		csv_sb_text(&sb, cases[i][0], 0);
		TEST_CHECK_STR(sb_str(&sb), cases[i][1]);
		sb_free(&sb);
	}
	{
		struct strbuf sb = STRBUF_INIT;

		csv_sb_text(&sb, NULL, 1);
		TEST_CHECK_STR(sb_str(&sb), "\r\n");
		sb_free(&sb);
	}
}

TEST_MAIN("text", T(test_phone_table), T(test_phone_long_and_mask),
    T(test_parse_separators), T(test_parse_long_and_invalid), T(test_typos),
    T(test_typo_tie), T(test_next_word_and_squeeze), T(test_utf8),
    T(test_truncate), T(test_sms_size), T(test_rupiah), T(test_udh_concat),
    T(test_pdu_deliver), T(test_csv_guard))
