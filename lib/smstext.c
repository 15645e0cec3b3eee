/*
 * SMS text coding. Received SMS reach us from libgammu as UTF-16BE whatever
 * their coding on the air; replies leave as GSM-7 when every character is
 * in the GSM 03.38 tables and as UCS-2 otherwise, because UCS-2 fits only
 * 70 characters in an SMS against 160 and every SMS costs the village.
 */
#include "smstext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define REPLACEMENT 0xFFFD

/*
 * Decode one code point at s (n bytes left). Returns its length (>= 1);
 * *cp is REPLACEMENT for an ill-formed sequence, whose length is then 1.
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = REPLACEMENT;
		return 1;
	}
	if (n < len) {
		*cp = REPLACEMENT;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = REPLACEMENT;
		return 1;
	}
	*cp = c;
	return len;
}

/* Is the sequence at s really U+FFFD, or a replacement for bad bytes? */
static int
is_real(const unsigned char *s, size_t len, uint32_t cp)
{
	return cp != REPLACEMENT || (len == 3 && s[0] == 0xEF);
}

static void
put_utf8(struct strbuf *sb, uint32_t c)
{
	char b[4];

	if (c < 0x80) {
		b[0] = (char)c;
		sb_add(sb, b, 1);
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		sb_add(sb, b, 2);
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		sb_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		sb_add(sb, b, 4);
	}
}

int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(p + i, n - i, &cp);

		if (!is_real(p + i, len, cp))
			return 0;
		i += len;
	}
	return 1;
}

char *
utf8_sanitize(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(p + i, n - i, &cp);

		if (cp != 0)
			put_utf8(&sb, cp);
		i += len;
	}
	return sb_detach(&sb);
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void
utf8_truncate(char *s, size_t max_chars)
{
	size_t n = 0, i;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == max_chars) {
				s[i] = '\0';
				return;
			}
			n++;
		}
	}
}

int
utf8_to_ucs2be(const char *utf8, unsigned char *out, size_t out_units)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t left = strlen(utf8), u = 0;
	int ret = 0;

	while (left > 0) {
		uint32_t cp;
		size_t len = utf8_next(p, left, &cp);
		size_t need = cp >= 0x10000 ? 2 : 1;

		if (u + need > out_units) {
			ret = -1;
			break;
		}
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint32_t hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);

			out[2 * u] = (unsigned char)(hi >> 8);
			out[2 * u + 1] = (unsigned char)hi;
			out[2 * u + 2] = (unsigned char)(lo >> 8);
			out[2 * u + 3] = (unsigned char)lo;
		} else {
			out[2 * u] = (unsigned char)(cp >> 8);
			out[2 * u + 1] = (unsigned char)cp;
		}
		u += need;
		p += len;
		left -= len;
	}
	out[2 * u] = out[2 * u + 1] = 0;
	return ret < 0 ? -1 : (int)u;
}

/* UTF-16BE -> UTF-8; a NUL unit ends the text when at_nul, else it is
 * dropped (a resident's SMS goes on after one). */
static char *
ucs2be_decode(const unsigned char *in, size_t max_units, int at_nul)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < max_units; i++) {
		uint32_t c = (uint32_t)in[2 * i] << 8 | in[2 * i + 1];

		if (c == 0) {
			if (at_nul)
				break;
			continue;
		}
		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < max_units) {
			uint32_t d = (uint32_t)in[2 * i + 2] << 8 |
			    in[2 * i + 3];

			if (d >= 0xDC00 && d <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) +
				    (d - 0xDC00);
				i++;
			} else
				c = REPLACEMENT;
		} else if (c >= 0xD800 && c <= 0xDFFF)
			c = REPLACEMENT;
		put_utf8(&sb, c);
	}
	return sb_detach(&sb);
}

char *
ucs2be_to_utf8(const unsigned char *in, size_t max_units)
{
	return ucs2be_decode(in, max_units, 1);
}

char *
ucs2be_n_to_utf8(const unsigned char *in, size_t units)
{
	return ucs2be_decode(in, units, 0);
}

int
udh_concat(const unsigned char *udh, size_t len, int *ref, int *seq,
    int *total)
{
	size_t i, end;

	if (len < 1 || (size_t)udh[0] + 1 > len)
		return 0;
	end = (size_t)udh[0] + 1;
	/* Information elements: identifier, length, data; in any order. */
	for (i = 1; i + 2 <= end; i += 2 + udh[i + 1]) {
		const unsigned char *d = udh + i + 2;
		size_t n = udh[i + 1];

		if (i + 2 + n > end)
			return 0;
		if (udh[i] == 0x00 && n == 3) {
			*ref = d[0];
			*total = d[1];
			*seq = d[2];
		} else if (udh[i] == 0x08 && n == 4) {
			*ref = d[0] << 8 | d[1];
			*total = d[2];
			*seq = d[3];
		} else
			continue;
		return *total > 1 && *seq >= 1 && *seq <= *total;
	}
	return 0;
}

/* GSM 03.38 default alphabet, by code point, beyond printable ASCII. */
static const uint16_t gsm7_extra[] = {
	0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7,
	0x00D8, 0x00F8, 0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B,
	0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398, 0x039E, 0x00C6, 0x00E6,
	0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6, 0x00D1, 0x00DC,
	0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};

/* Septets for one code point: 1, 2 (extension table), or 0 (not GSM-7). */
static int
gsm7_cost(uint32_t c)
{
	size_t i;

	if (c == '\n' || c == '\r')
		return 1;
	if (c >= 0x20 && c < 0x7F) {
		switch (c) {
		case '^': case '{': case '}': case '\\': case '[': case '~':
		case ']': case '|':
			return 2;
		case '`':
			return 0;
		default:
			return 1;
		}
	}
	if (c == 0x20AC || c == 0x0C)	/* euro sign, form feed */
		return 2;
	for (i = 0; i < ARRAY_LEN(gsm7_extra); i++)
		if (gsm7_extra[i] == c)
			return 1;
	return 0;
}

int
gsm7_septets(const char *utf8)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t left = strlen(utf8);
	int n = 0;

	while (left > 0) {
		uint32_t cp;
		size_t len = utf8_next(p, left, &cp);
		int c = gsm7_cost(cp);

		if (c == 0)
			return -1;
		n += c;
		p += len;
		left -= len;
	}
	return n;
}

void
sms_size(const char *utf8, struct sms_size *out)
{
	const unsigned char *p = (const unsigned char *)utf8;
	size_t left = strlen(utf8);
	int septets = gsm7_septets(utf8), single, part, used = 0, parts = 1;

	out->ucs2 = septets < 0;
	single = out->ucs2 ? 70 : 160;
	part = out->ucs2 ? 67 : 153;
	out->units = 0;
	/* A character never straddles two parts, so count by characters. */
	while (left > 0) {
		uint32_t cp;
		size_t len = utf8_next(p, left, &cp);
		int u = out->ucs2 ? (cp >= 0x10000 ? 2 : 1) : gsm7_cost(cp);

		out->units += u;
		if (used + u > part) {
			parts++;
			used = 0;
		}
		used += u;
		p += len;
		left -= len;
	}
	out->parts = out->units <= single ? 1 : parts;
}
