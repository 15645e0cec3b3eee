/*
 * The fake modem's PDU coding: GSM-7 packing with and without a user
 * data header, UCS-2, addresses and time stamps in swapped BCD.
 */
#include "pdu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The GSM 03.38 default alphabet, by code. */
static const unsigned short gsm7[128] = {
	'@', 0xA3, '$', 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, '\n', 0xD8,
	0xF8, '\r', 0xC5, 0xE5, 0x394, '_', 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0,
	0x3A8, 0x3A3, 0x398, 0x39E, 0x1B, 0xC6, 0xE6, 0xDF, 0xC9, ' ', '!',
	'"', '#', 0xA4, '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=',
	'>', '?', 0xA1, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K',
	'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y',
	'Z', 0xC4, 0xD6, 0xD1, 0xDC, 0xA7, 0xBF, 'a', 'b', 'c', 'd', 'e', 'f',
	'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
	'u', 'v', 'w', 'x', 'y', 'z', 0xE4, 0xF6, 0xF1, 0xFC, 0xE0
};
/* The extension table (after ESC), as code/character pairs. */
static const unsigned short gsm7ext[][2] = {
	{ 0x0A, 0x0C }, { 0x14, '^' }, { 0x28, '{' }, { 0x29, '}' },
	{ 0x2F, '\\' }, { 0x3C, '[' }, { 0x3D, '~' }, { 0x3E, ']' },
	{ 0x40, '|' }, { 0x65, 0x20AC }
};

/* Next code point of UTF-8 text (bad bytes become U+FFFD). */
static unsigned
utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	unsigned c = *p++, n = 0;

	if (c >= 0xF0)
		c &= 0x07, n = 3;
	else if (c >= 0xE0)
		c &= 0x0F, n = 2;
	else if (c >= 0xC0)
		c &= 0x1F, n = 1;
	else if (c >= 0x80)
		c = 0xFFFD;
	while (n-- > 0 && (*p & 0xC0) == 0x80)
		c = (c << 6) | (*p++ & 0x3F);
	*s = (const char *)p;
	return c;
}

static void
utf8_put(char **o, unsigned c)
{
	unsigned char *p = (unsigned char *)*o;

	if (c < 0x80)
		*p++ = (unsigned char)c;
	else if (c < 0x800) {
		*p++ = (unsigned char)(0xC0 | c >> 6);
		*p++ = (unsigned char)(0x80 | (c & 0x3F));
	} else {
		*p++ = (unsigned char)(0xE0 | c >> 12);
		*p++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		*p++ = (unsigned char)(0x80 | (c & 0x3F));
	}
	*o = (char *)p;
}

/* Septets for the text, or -1 when a character has no GSM-7 code. */
static int
to_gsm7(const char *text, unsigned char *sept, int max)
{
	int n = 0, i;
	unsigned c;

	while (*text != '\0') {
		c = utf8_next(&text);
		for (i = 0; i < 128 && gsm7[i] != c; i++)
			;
		if (i < 128 && i != 0x1B) {
			if (n >= max)
				return -1;
			sept[n++] = (unsigned char)i;
			continue;
		}
		for (i = 0; i < 10 && gsm7ext[i][1] != c; i++)
			;
		if (i == 10 || n + 2 > max)
			return -1;
		sept[n++] = 0x1B;
		sept[n++] = (unsigned char)gsm7ext[i][0];
	}
	return n;
}

static void
hex_add(char *out, const unsigned char *b, int n)
{
	size_t l = strlen(out);
	int i;

	for (i = 0; i < n; i++, l += 2)
		snprintf(out + l, 3, "%02X", b[i]);
}

/* Address: digit count, type, swapped digits. */
static int
address(const char *num, unsigned char *b)
{
	int intl = num[0] == '+', n = 0, i;
	const char *d = num + intl;
	size_t len = strlen(d);

	b[n++] = (unsigned char)len;
	b[n++] = intl ? 0x91 : 0x81;
	for (i = 0; i < (int)len; i += 2)
		b[n++] = (unsigned char)((d[i] - '0') | ((i + 1 < (int)len ?
		    d[i + 1] - '0' : 0xF) << 4));
	return n;
}

static int
bcd(int v)
{
	return (v % 10) << 4 | v / 10;
}

/* Now as a 7-octet time stamp in UTC+7. */
static int
stamp(unsigned char *b)
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	b[0] = (unsigned char)bcd(tm.tm_year % 100);
	b[1] = (unsigned char)bcd(tm.tm_mon + 1);
	b[2] = (unsigned char)bcd(tm.tm_mday);
	b[3] = (unsigned char)bcd(tm.tm_hour);
	b[4] = (unsigned char)bcd(tm.tm_min);
	b[5] = (unsigned char)bcd(tm.tm_sec);
	b[6] = (unsigned char)bcd(28);
	return 7;
}

/* Pack septets after `skip` septets of header room (already written). */
static int
pack(const unsigned char *sept, int n, int skip, unsigned char *out)
{
	int k, bit, bytes = ((n + skip) * 7 + 7) / 8, from = skip * 7 / 8;

	memset(out + from, 0, (size_t)(bytes - from));
	for (k = 0; k < n; k++) {
		bit = (k + skip) * 7;
		out[bit / 8] |= (unsigned char)(sept[k] << (bit % 8));
		if (bit % 8 > 1)
			out[bit / 8 + 1] |= (unsigned char)(sept[k] >>
			    (8 - bit % 8));
	}
	return bytes;
}

int
pdu_deliver(const char *from, const char *text, int split, unsigned ref,
    char out[][PDU_HEX_MAX], int max)
{
	unsigned char sept[4096], b[400], udh[6];
	unsigned short ucs[2048];
	int ns, nu = 0, per, parts, p, i, n, chunk, start;
	const char *t = text;

	ns = to_gsm7(text, sept, (int)sizeof(sept));
	if (ns < 0)
		while (*t != '\0' && nu < 2048)
			ucs[nu++] = (unsigned short)utf8_next(&t);
	per = ns >= 0 ? (split ? 153 : 160) : (split ? 67 : 70);
	parts = split ? ((ns >= 0 ? ns : nu) + per - 1) / per : 1;
	if (parts < 1)
		parts = 1;
	for (p = 0; p < parts && p < max; p++) {
		n = 0;
		b[n++] = (unsigned char)(0x04 | (split ? 0x40 : 0));
		n += address(from, b + n);
		b[n++] = 0x00;
		b[n++] = ns >= 0 ? 0x00 : 0x08;
		n += stamp(b + n);
		start = p * per;
		udh[0] = 5, udh[1] = 0, udh[2] = 3, udh[3] = (unsigned char)ref;
		udh[4] = (unsigned char)parts, udh[5] = (unsigned char)(p + 1);
		if (ns >= 0) {
			chunk = split ? (ns - start < per ? ns - start : per) :
			    ns;
			/* An escape pair is never cut between parts. */
			if (split && chunk == per && sept[start + chunk - 1] ==
			    0x1B)
				chunk--;
			b[n++] = (unsigned char)(chunk + (split ? 7 : 0));
			if (split)
				memcpy(b + n, udh, 6);
			n += pack(sept + start, chunk, split ? 7 : 0, b + n);
		} else {
			chunk = split ? (nu - start < per ? nu - start : per) :
			    nu;
			b[n++] = (unsigned char)(chunk * 2 + (split ? 6 : 0));
			if (split) {
				memcpy(b + n, udh, 6);
				n += 6;
			}
			for (i = 0; i < chunk; i++) {
				b[n++] = (unsigned char)(ucs[start + i] >> 8);
				b[n++] = (unsigned char)ucs[start + i];
			}
		}
		out[p][0] = '\0';
		hex_add(out[p], b, n);
	}
	return p;
}

static int
hexbyte(const char *h, size_t i, size_t len)
{
	unsigned v;

	if (2 * i + 1 >= len || sscanf(h + 2 * i, "%2x", &v) != 1)
		return -1;
	return (int)v;
}

int
pdu_submit_decode(const char *hex, struct pdu_submit *s)
{
	size_t len = strlen(hex), i = 0, nb = len / 2, k;
	unsigned char b[1024];
	int fo, vpf, udhi, dalen, dcs, udl, udhl = 0, v, skip, c, ext = 0;
	char *o;

	memset(s, 0, sizeof(*s));
	s->part = s->total = 1;
	if (nb > sizeof(b))
		return -1;
	for (k = 0; k < nb; k++) {
		if ((v = hexbyte(hex, k, len)) < 0)
			return -1;
		b[k] = (unsigned char)v;
	}
	i = 1 + b[0];
	if (i + 4 > nb)
		return -1;
	fo = b[i++];
	if ((fo & 3) != 1)
		return -1;
	vpf = (fo >> 3) & 3;
	udhi = fo & 0x40;
	s->report = (fo & 0x20) != 0;
	i++;				/* message reference */
	dalen = b[i++];
	o = s->to;
	if (b[i++] == 0x91)
		*o++ = '+';
	for (k = 0; k < (size_t)dalen && i + k / 2 < nb; k++)
		*o++ = (char)('0' + ((b[i + k / 2] >> (4 * (k % 2))) & 0xF));
	*o = '\0';
	i += (size_t)(dalen + 1) / 2;
	i++;				/* protocol id */
	if (i >= nb)
		return -1;
	dcs = b[i++];
	i += vpf == 2 ? 1 : vpf == 0 ? 0 : 7;
	if (i >= nb)
		return -1;
	udl = b[i++];
	if (udhi && i < nb) {
		udhl = b[i];
		if (udhl >= 5 && b[i + 1] == 0 && b[i + 2] == 3) {
			s->total = b[i + 4];
			s->part = b[i + 5];
		} else if (udhl >= 6 && b[i + 1] == 8 && b[i + 2] == 4) {
			s->total = b[i + 5];
			s->part = b[i + 6];
		}
	}
	o = s->text;
	if ((dcs & 0x0C) == 0x08) {
		size_t from = i + (udhi ? (size_t)udhl + 1 : 0);

		for (k = from; k + 1 < nb && k + 1 < i + (size_t)udl &&
		    o < s->text + sizeof(s->text) - 4; k += 2)
			utf8_put(&o, (unsigned)(b[k] << 8 | b[k + 1]));
	} else {
		skip = udhi ? ((udhl + 1) * 8 + 6) / 7 : 0;
		for (k = (size_t)skip; k < (size_t)udl &&
		    o < s->text + sizeof(s->text) - 4; k++) {
			size_t bit = k * 7, by = i + bit / 8;

			if (by >= nb)
				break;
			c = b[by] >> (bit % 8);
			if (bit % 8 > 1 && by + 1 < nb)
				c |= b[by + 1] << (8 - bit % 8);
			c &= 0x7F;
			if (ext) {
				int e;

				for (e = 0; e < 10 && gsm7ext[e][0] != c; e++)
					;
				utf8_put(&o, e < 10 ? gsm7ext[e][1] : '?');
				ext = 0;
			} else if (c == 0x1B)
				ext = 1;
			else
				utf8_put(&o, gsm7[c]);
		}
	}
	*o = '\0';
	return 0;
}

void
pdu_status_report(const char *to, int mr, int status, char *out,
    size_t outsz)
{
	unsigned char b[64];
	int n = 0;

	b[n++] = 0x06;
	b[n++] = (unsigned char)mr;
	n += address(to, b + n);
	n += stamp(b + n);
	n += stamp(b + n);
	b[n++] = (unsigned char)status;
	if (outsz > 0)
		out[0] = '\0';
	if ((size_t)n * 2 < outsz)
		hex_add(out, b, n);
}

void
pdu_utf8_to_ucs2hex(const char *utf8, char *out, size_t outsz)
{
	size_t l = 0;
	unsigned c;

	out[0] = '\0';
	while (*utf8 != '\0' && l + 5 < outsz) {
		c = utf8_next(&utf8);
		snprintf(out + l, 5, "%04X", c & 0xFFFF);
		l += 4;
	}
}
