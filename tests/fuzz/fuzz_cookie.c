/*
 * Fuzz target: the Cookie header parser in front of every console
 * request (lib/session.c), with the token comparison after it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = malloc(size + 1), v[SESSION_HEX], small[4];

	if (h == NULL)
		return 0;
	memcpy(h, data, size);
	h[size] = '\0';
	if (cookie_find(h, SESSION_COOKIE, v, sizeof(v)) == 0) {
		/* A value found is inside the header, whole, and plain. */
		if (v[0] == '\0' || strpbrk(v, "; \t") != NULL ||
		    strstr(h, v) == NULL || strlen(v) >= sizeof(v))
			abort();
		if (!token_equal(v, v))
			abort();
	} else if (v[0] != '\0')
		abort();
	if (cookie_find(h, "a", small, sizeof(small)) == 0 &&
	    strlen(small) >= sizeof(small))
		abort();
	free(h);
	return 0;
}
