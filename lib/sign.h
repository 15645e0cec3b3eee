#ifndef KABAR_SIGN_H
#define KABAR_SIGN_H

#include <stddef.h>

/* hex(HMAC-SHA256(key, ts "." body)) into out (65 bytes): 0, or -1. */
int	batch_sign(const char *key, const char *ts, const void *body,
	    size_t len, char out[65]);

#endif
