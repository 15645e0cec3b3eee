/*
 * SMS text: UTF-8 checks, conversion to and from the UTF-16 big-endian
 * layout libgammu calls "unicode", the GSM 03.38 default alphabet, and how
 * many SMS a text takes.
 */
#ifndef KABAR_SMSTEXT_H
#define KABAR_SMSTEXT_H

#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
int	 utf8_valid(const char *s, size_t n);
/* Copy with ill-formed sequences as U+FFFD and NUL bytes dropped; caller frees. */
char	*utf8_sanitize(const char *s, size_t n);
/* Code points in a well-formed NUL-terminated UTF-8 string. */
size_t	 utf8_chars(const char *s);
/*
 * UTF-8 -> UTF-16BE, two NUL bytes after. out holds 2*out_units+2 bytes.
 * Returns units written, or -1 when it did not fit (out still terminated).
 */
int	 utf8_to_ucs2be(const char *utf8, unsigned char *out, size_t out_units);
/* UTF-16BE up to a 00 00 unit or max_units -> UTF-8; caller frees. */
char	*ucs2be_to_utf8(const unsigned char *in, size_t max_units);
/* Exactly units UTF-16BE units -> UTF-8, NUL units dropped; caller frees. */
char	*ucs2be_n_to_utf8(const unsigned char *in, size_t units);
/*
 * The concatenation element of a user data header (udh[0] is its
 * length), 8- or 16-bit reference, wherever it stands among the other
 * elements: 1 with ref, seq and total set, or 0 when there is none.
 */
int	 udh_concat(const unsigned char *udh, size_t len, int *ref, int *seq,
	    int *total);
/* Septets in the GSM 03.38 default alphabet (extension chars count 2), or -1. */
int	 gsm7_septets(const char *utf8);

struct sms_size {
	int	ucs2;	/* 1 when it needs UCS-2 */
	int	units;	/* septets, or UTF-16 units */
	int	parts;	/* SMS it takes, concatenated when more than 1 */
};
void	 sms_size(const char *utf8, struct sms_size *out);
/* Cut s in place to at most max_chars code points. */
void	 utf8_truncate(char *s, size_t max_chars);

#endif
