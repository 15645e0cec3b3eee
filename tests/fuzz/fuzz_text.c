/*
 * Fuzz target: everything that reads what a resident typed or what the
 * network handed us: keyword parsing, words, typo lookup, phone numbers,
 * UTF-8 and UTF-16 coding, SMS sizes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"
#include "phone.h"
#include "pdu.h"
#include "smstext.h"

static const char *const names[] = { "DAFTAR", "REG", "BERHENTI", "STOP",
    "INFO", "HELP", "PILIH", "PILAH" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *clean, *back, word[16], out[PHONE_MAX];
	unsigned char *u16;
	const char *p;
	struct sms_words w;
	struct sms_size sz;
	size_t units;

	memcpy(text, data, size);
	text[size] = '\0';

	parse_words(text, &w);
	if (w.rest < text || w.rest + w.rest_len > text + strlen(text))
		abort();
	kw_lookup(w.kw, names, sizeof(names) / sizeof(names[0]));
	p = text;
	while (next_word(&p, word, sizeof(word)) == 0)
		;
	phone_normalise(text, "62", out, sizeof(out));
	phone_mask(text, out, sizeof(out));
	{
		int ref, seq, total;

		if (udh_concat(data, size, &ref, &seq, &total) &&
		    (seq < 1 || seq > total || total < 2))
			abort();
		struct pdu_deliver d;

		free(ucs2be_n_to_utf8(data, size / 2));
		if (pdu_read_deliver(data, size, &d) == 0) {
			if (!utf8_valid(d.text, strlen(d.text)))
				abort();
			free(d.text);
		}
	}

	clean = utf8_sanitize((const char *)data, size);
	if (!utf8_valid(clean, strlen(clean)))
		abort();
	units = strlen(clean) * 2 + 2;
	u16 = malloc(units * 2 + 2);
	if (utf8_to_ucs2be(clean, u16, units) < 0)
		abort();
	back = ucs2be_to_utf8(u16, units);
	if (strcmp(back, clean) != 0)
		abort();
	gsm7_septets(clean);
	sms_size(clean, &sz);
	if (sz.parts < 1)
		abort();
	utf8_truncate(clean, size % 50);
	free(back);
	free(u16);

	/* Raw bytes as UTF-16 from a modem. */
	u16 = malloc(size + 2);
	memcpy(u16, data, size);
	u16[size] = u16[size + 1] = 0;
	back = ucs2be_to_utf8(u16, size / 2);
	if (!utf8_valid(back, strlen(back)))
		abort();
	free(back);
	free(u16);
	squeeze_spaces(text);
	free(clean);
	free(text);
	return 0;
}
