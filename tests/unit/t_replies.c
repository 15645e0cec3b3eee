/*
 * Every default reply, in both languages, filled with the longest values
 * its placeholders can take, fits one 160-character GSM-7 SMS.
 */
#include <string.h>

#include "replies.h"
#include "smstext.h"
#include "test.h"

/* The longest value each placeholder can carry. */
static const char *const longest[] = {
	"name", "Muhammad Abdurrahman Wahyudi Prasetyo S",	/* 40 */
	"group", "DUSUN-KRAJAN-WETAN-RT09",
	"groups", "RT01, RT02, RT03, RT04, RT05, RT06, RT07, RT08, RT09, "
	    "RT10, RT11, RT1...",
	"ticket", "123455",
	"status", "in progress",
	"date", "22-11-2026",
	"recipients", "12345", "parts", "3", "cost", "5555250",
	"id", "12345", "sent", "12345", "failed", "12345", "cancelled", "12345",
	"n", "20", "hint", "Balas angka 0-120.", "title", "",
	"number", "123", "counter", "PELAYANAN-UMUM", "ahead", "123",
	"minutes", "1234", "waiting", "123", "hours", "08:00-14:00",
	"days", "14", "bring", "KTP asli, Kartu Keluarga, surat pengantar RT/RW.",
	"category", "PUSKESMAS", "text", "Jembatan di RT02 retak dan hampir "
	    "roboh, mohon segera diperbaiki sebelum musim hujan tiba ya pak..",
	"code", "SEHAT2026",
	"option", "3. Penampungan air hujan",	/* 40 chars cap */
	"options", "1-9",
	"codes", "AIR, JALAN, SEHAT, PEMILU, RAPAT, DANA",
	"total", "1234",
	"tally", "1:123 45%, 2:1234 40%, 3:12 5%, 4:1 0%, 5:1 0%, 6:10 3%",
	"question", "",		/* invites are multi-part where needed */
	"note", "Petugas datang hari Senin pagi untuk memperbaiki pipa. "
	    "Mohon ..",			/* cut to 60 */
	"modem", "modem-balai-desa-01",
	"error", "the modem stopped answering (No response in specified ti",
	"answer", "Sisa pulsa Anda Rp1.234.567 berlaku s/d 31-12-2026. Info..",
	"count", "16", "amount", "1234567", "limit", "1234567",
	"phone", "+6281234567890",
	NULL
};

static void
check_language(const char *lang)
{
	struct replies r;
	int i;

	replies_defaults(&r, lang);
	for (i = 0; i < R_COUNT; i++) {
		struct strbuf sb = STRBUF_INIT;
		struct sms_size sz;
		char bad[32];

		TEST_CHECK(reply_check_vars(i, r.text[i], bad, sizeof(bad)) == 0);
		reply_render(&sb, r.text[i], (const char *const *)longest);
		sms_size(sb_str(&sb), &sz);
		if (sz.ucs2 || sz.parts != 1 || sz.units > 160) {
			fprintf(stderr, "%s reply '%s' is %d units%s: %s\n",
			    lang, reply_def(i)->name, sz.units,
			    sz.ucs2 ? " of UCS-2" : "", sb_str(&sb));
			TEST_CHECK(0);
		}
		TEST_CHECK(strchr(sb_str(&sb), '{') == NULL);
		sb_free(&sb);
	}
	replies_release(&r);
}

TEST(test_indonesian_fits)
{
	check_language("id");
}

TEST(test_english_fits)
{
	check_language("en");
}

TEST(test_render)
{
	struct strbuf sb = STRBUF_INIT;
	const char *kv[] = { "name", "Budi", "x", NULL, NULL };

	reply_render(&sb, "Halo {name}, {unknown} {x}{", kv);
	TEST_CHECK_STR(sb_str(&sb), "Halo Budi, {unknown} {");
	sb_free(&sb);
}

TEST(test_lookup)
{
	int i;

	TEST_CHECK_INT(reply_lookup("info"), R_INFO);
	TEST_CHECK_INT(reply_lookup("nope"), -1);
	TEST_CHECK_INT(reply_lookup("menu_wrong"), R_MENU_WRONG);
	TEST_CHECK_INT(reply_lookup("ussd_expired"), R_USSD_EXPIRED);
	/* The config overrides by name: every reply needs its own. */
	for (i = 0; i < R_COUNT; i++) {
		const struct reply_def *d = reply_def(i);

		TEST_CHECK(d->name != NULL && d->vars != NULL &&
		    d->text_id != NULL && d->text_en != NULL);
		if (d->name != NULL && reply_lookup(d->name) != i) {
			fprintf(stderr, "reply %d: name '%s' is taken\n", i,
			    d->name);
			TEST_CHECK(0);
		}
	}
}

TEST_MAIN("replies", T(test_indonesian_fits), T(test_english_fits),
    T(test_render), T(test_lookup))
