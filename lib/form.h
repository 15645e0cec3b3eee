/*
 * application/x-www-form-urlencoded bodies, as USSD aggregators send them.
 * Strict: a malformed percent sequence or a value that is not UTF-8 is an
 * error, never a guess.
 */
#ifndef KABAR_FORM_H
#define KABAR_FORM_H

#include <stddef.h>

#define FORM_MAX_FIELDS 16

struct form {
	char	*name[FORM_MAX_FIELDS];
	char	*value[FORM_MAX_FIELDS];
	int	 n;
};

/* 0, or -1 when the body is malformed (form_free is still needed). */
int	form_parse(const char *body, size_t len, struct form *f);
/* The first value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);
void	form_free(struct form *f);

#endif
