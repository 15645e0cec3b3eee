/*
 * Splitting an SMS into its keyword and the rest, the way residents type
 * on keypads: any case, stray punctuation around, space . # * , between
 * the keyword and the rest, and one typo forgiven in a keyword of four
 * letters or more.
 */
#ifndef KABAR_PARSE_H
#define KABAR_PARSE_H

#include <stddef.h>

#define KW_MAX 24

struct sms_words {
	char		 kw[KW_MAX];	/* upper-cased ASCII letters/digits */
	int		 kw_long;	/* the word was longer than KW_MAX-1 */
	const char	*rest;		/* into the text; never NULL */
	size_t		 rest_len;	/* trailing spaces and . , ! ? dropped */
};

void	parse_words(const char *text, struct sms_words *w);
/* 0 equal, 1 one edit (change, insert, delete, swap), 2 more. */
int	kw_distance(const char *typed, const char *kw);
/* Index of the exact name, else of the unique one within a typo; -1. */
int	kw_lookup(const char *typed, const char *const *names, size_t n);
/* Next word of *p ('#' starts one); 0, or -1 at the end. */
int	next_word(const char **p, char *out, size_t outsz);
/* Trim, and collapse runs of spaces into one; returns s. */
char	*squeeze_spaces(char *s);

#endif
