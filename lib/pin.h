/*
 * Admin PINs. A pin_hash is "pbkdf2-sha256$ITERATIONS$SALT$HASH" (hex),
 * slow on purpose so that a copied configuration does not give the PINs
 * away; every comparison is constant time.
 */
#ifndef KABAR_PIN_H
#define KABAR_PIN_H

#include <stddef.h>

#define PIN_HASH_MAX 160

/* 0 and the hash string in out, or -1. */
int	pin_hash(const char *pin, char *out, size_t outsz);
/* 1 when pin matches (the plain pin, or the hash); 0 otherwise. */
int	pin_verify(const char *pin, const char *plain, const char *hash);
/* 1 when hash has the shape pin_hash writes. */
int	pin_hash_wellformed(const char *hash);

#endif
