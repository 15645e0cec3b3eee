#include "pdu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smstext.h"
#include "util.h"

/* GSM 03.38 default alphabet and its extension table, as code points. */
static const uint16_t gsm7[128] = {
	0x40, 0xA3, 0x24, 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, 0x0A,
	0xD8, 0xF8, 0x0D, 0xC5, 0xE5, 0x394, 0x5F, 0x3A6, 0x393, 0x39B,
	0x3A9, 0x3A0, 0x3A8, 0x3A3, 0x398, 0x39E, 0xA0, 0xC6, 0xE6, 0xDF,
	0xC9, 0x20, 0x21, 0x22, 0x23, 0xA4, 0x25, 0x26, 0x27, 0x28, 0x29,
	0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0x34,
	0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
	0xA1, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A,
	0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55,
	0x56, 0x57, 0x58, 0x59, 0x5A, 0xC4, 0xD6, 0xD1, 0xDC, 0xA7, 0xBF,
	0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B,
	0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76,
	0x77, 0x78, 0x79, 0x7A, 0xE4, 0xF6, 0xF1, 0xFC, 0xE0,
};

static uint16_t
gsm7_ext(unsigned c)
{
	switch (c) {
	case 0x0A: return 0x0C;
	case 0x14: return '^';
	case 0x28: return '{';
	case 0x29: return '}';
	case 0x2F: return '\\';
	case 0x3C: return '[';
	case 0x3D: return '~';
	case 0x3E: return ']';
	case 0x40: return '|';
	case 0x65: return 0x20AC;
	default: return ' ';
	}
}

int
pdu_unhex(const char *s, unsigned char *out, size_t outsz)
{
	size_t n = strlen(s), i;
	unsigned v;

	if (n % 2 != 0 || n / 2 > outsz)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    strchr("0123456789abcdefABCDEF", s[2 * i]) == NULL ||
		    strchr("0123456789abcdefABCDEF", s[2 * i + 1]) == NULL)
			return -1;
		out[i] = (unsigned char)v;
	}
	return (int)(n / 2);
}

/* Septet k of packed data starting at bit `skip` bits in; -1 past end. */
static int
septet(const unsigned char *d, size_t len, size_t skip, size_t k)
{
	size_t bit = skip + 7 * k, byte = bit / 8, off = bit % 8;
	unsigned v;

	if (byte >= len || (off > 1 && byte + 1 >= len))
		return -1;
	v = d[byte] >> off;
	if (off > 1)
		v |= (unsigned)d[byte + 1] << (8 - off);
	return (int)(v & 0x7F);
}

/* n septets of GSM-7 at bit `skip` into UTF-8; stops at the end of d. */
static void
gsm7_text(const unsigned char *d, size_t len, size_t skip, size_t n,
    struct strbuf *sb, int *cut)
{
	unsigned char u16[2];
	size_t k;
	int c;

	for (k = 0; k < n; k++) {
		uint16_t cp;

		if ((c = septet(d, len, skip, k)) < 0) {
			*cut = 1;
			return;
		}
		if (c == 0x1B) {
			if ((c = septet(d, len, skip, ++k)) < 0) {
				*cut = k < n;
				return;
			}
			cp = gsm7_ext((unsigned)c);
		} else
			cp = gsm7[c];
		u16[0] = (unsigned char)(cp >> 8);
		u16[1] = (unsigned char)cp;
		{
			char *one = ucs2be_n_to_utf8(u16, 1);

			sb_adds(sb, one);
			free(one);
		}
	}
}

/* The originating address: n digits (or semi-octets of a name). */
static int
address(const unsigned char *p, size_t len, size_t *at, char *out,
    size_t outsz)
{
	size_t digits, octets, i, o = 0;
	unsigned toa;

	if (*at + 2 > len)
		return -1;
	digits = p[*at];
	toa = p[*at + 1];
	octets = (digits + 1) / 2;
	if (digits > 20 || *at + 2 + octets > len)
		return -1;
	if ((toa & 0x70) == 0x50) {
		struct strbuf sb = STRBUF_INIT;
		int cut = 0;

		gsm7_text(p + *at + 2, octets, 0, digits * 4 / 7, &sb, &cut);
		strlcpy_k(out, sb_str(&sb), outsz);
		sb_free(&sb);
	} else {
		if ((toa & 0x70) == 0x10 && o + 1 < outsz)
			out[o++] = '+';
		for (i = 0; i < digits && o + 1 < outsz; i++) {
			unsigned d = (p[*at + 2 + i / 2] >> (4 * (i % 2))) & 0xF;

			out[o++] = d < 10 ? (char)('0' + d) : d == 0xA ? '*' :
			    d == 0xB ? '#' : '?';
		}
		out[o] = '\0';
	}
	*at += 2 + octets;
	return 0;
}

static int
bcd(unsigned char b)
{
	return (b & 0xF) * 10 + (b >> 4);
}

static int64_t
scts(const unsigned char *p)
{
	struct tm tm = { 0 };
	int tz = bcd(p[6] & 0xF7) * 15 * 60;

	tm.tm_year = bcd(p[0]) + 100;
	tm.tm_mon = bcd(p[1]) - 1;
	tm.tm_mday = bcd(p[2]);
	tm.tm_hour = bcd(p[3]);
	tm.tm_min = bcd(p[4]);
	tm.tm_sec = bcd(p[5]);
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1)
		return 0;
	return (int64_t)timegm(&tm) - ((p[6] & 0x08) ? -tz : tz);
}

/* 0 GSM-7, 1 8-bit, 2 UCS-2, from the data coding scheme. */
static int
coding(unsigned dcs)
{
	if ((dcs & 0xC0) == 0)
		return ((dcs >> 2) & 3) == 3 ? 0 : (int)((dcs >> 2) & 3);
	if ((dcs & 0xF0) == 0xF0)
		return (dcs & 0x04) ? 1 : 0;
	if ((dcs & 0xF0) == 0xE0)
		return 2;
	return 0;
}

int
pdu_read_deliver(const unsigned char *p, size_t len, struct pdu_deliver *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t at, udl, ud, skip = 0, have;
	unsigned fo, dcs;
	int code;

	memset(out, 0, sizeof(*out));
	out->seq = out->total = 1;
	if (len < 1 || (at = (size_t)p[0] + 1) >= len)
		return -1;
	fo = p[at++];
	if ((fo & 3) != 0 || address(p, len, &at, out->sender,
	    sizeof(out->sender)) != 0)
		return -1;
	if (at + 2 + 7 + 1 > len) {
		out->text = xstrdup("");
		out->truncated = 1;
		return 0;
	}
	dcs = p[at + 1];
	out->sent_at = scts(p + at + 2);
	udl = p[at + 9];
	ud = at + 10;
	have = len - ud;
	code = coding(dcs);
	if ((fo & 0x40) && have > 0 && (size_t)p[ud] + 1 <= have) {
		size_t hl = (size_t)p[ud] + 1;

		if (!udh_concat(p + ud, hl, &out->ref, &out->seq,
		    &out->total)) {
			out->ref = 0;
			out->seq = out->total = 1;
		}
		skip = hl;
	}
	if (code == 0) {
		size_t head = (skip * 8 + 6) / 7;

		gsm7_text(p + ud, have, head * 7, udl > head ? udl - head : 0,
		    &sb, &out->truncated);
	} else {
		size_t n = udl > skip ? udl - skip : 0;

		if (skip + n > have) {
			out->truncated = 1;
			n = have > skip ? have - skip : 0;
		}
		if (code == 2) {
			char *t = ucs2be_n_to_utf8(p + ud + skip, n / 2);

			sb_adds(&sb, t);
			free(t);
		} else {
			size_t i;

			sb_adds(&sb, "[8-bit data:");
			for (i = 0; i < n && i < 140; i++)
				sb_addf(&sb, " %02X", p[ud + skip + i]);
			sb_adds(&sb, "]");
		}
	}
	out->text = sb_detach(&sb);
	if (out->text == NULL)
		out->text = xstrdup("");
	return 0;
}
