/*
 * Console passwords (`kabar password-hash`): PBKDF2-HMAC-SHA256 at
 * 600,000 rounds with a random salt, in the self-describing form the PIN
 * hashes use ("pbkdf2-sha256$600000$SALT$HASH", hex). Shared by the
 * village's console and, later, the district's.
 */
#ifndef KABAR_PASSWORD_H
#define KABAR_PASSWORD_H

#include <stddef.h>

#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 256
#define PASSWORD_ROUNDS 600000
#define PASSWORD_HASH_MAX 160

/* Named results of password_hash. */
#define PASSWORD_TOO_SHORT 1	/* fewer than PASSWORD_MIN_CHARS */

/* 0 and the hash in out; PASSWORD_TOO_SHORT; or -1 (too long, no
 * randomness). */
int	password_hash(const char *password, char *out, size_t outsz);
/* 1 when password matches hash; 0 otherwise (also for a NULL or empty
 * hash: an admin without one cannot log in). Constant time in the
 * password's content. */
int	password_verify(const char *password, const char *hash);
/* 1 when hash has the shape password_hash writes, with at least
 * PASSWORD_ROUNDS rounds (a PIN hash has fewer, and is refused). */
int	password_hash_wellformed(const char *hash);

#endif
