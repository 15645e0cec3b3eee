/*
 * Console sessions, the parts that do not depend on where they are kept
 * (the village's SQLite, later the district's store): new random ids and
 * CSRF tokens, the hash under which an id is stored (a copied database
 * gives no live session away), the expiry rule, and the cookie.
 */
#ifndef KABAR_SESSION_H
#define KABAR_SESSION_H

#include <stddef.h>
#include <stdint.h>

#define SESSION_ID_BYTES 32		/* 256 random bits */
#define SESSION_HEX (2 * SESSION_ID_BYTES + 1)
#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_MAX_SECONDS (12 * 60 * 60)
#define SESSION_COOKIE "kabar_session"
#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCK_SECONDS 3600

/* A fresh session: the id for the cookie, its stored hash, and a CSRF
 * token (each SESSION_HEX bytes). 0 or -1 (no randomness). */
int	session_new(char *id, char *id_hash, char *csrf);
/* The stored hash of a cookie's id (SHA-256, hex) into out. */
void	session_hash(const char *id, char *out);
/* Named results of session_state. */
enum session_verdict { SESSION_VALID = 0, SESSION_IDLE, SESSION_TOO_OLD };
/* Whether a session made at created and last used at seen still holds. */
enum session_verdict session_state(int64_t created, int64_t seen,
	    int64_t now);
/* When the session ends unless used again: the earlier of both limits. */
int64_t	session_expires(int64_t created, int64_t seen);
/*
 * The value of cookie name in a Cookie header into out: 0, or 1 when it
 * is not there or does not fit (out is then ""). Tolerates spaces and
 * other cookies; never reads past the header's NUL.
 */
int	cookie_find(const char *header, const char *name, char *out,
	    size_t outsz);
/* 1 when both tokens are equal, in a time that does not tell where they
 * differ (NULL is equal to nothing). */
int	token_equal(const char *a, const char *b);

#endif
