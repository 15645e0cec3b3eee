/*
 * Small helpers every module uses: allocation that aborts on exhaustion
 * (small, fixed-size allocations only; input-sized data goes through
 * capped buffers and fails cleanly), a growable string buffer, and
 * monotonic/wall clock helpers.
 */
#ifndef KABAR_UTIL_H
#define KABAR_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

/*
 * A growable NUL-terminated buffer. Owned by whoever declared it;
 * sb_free() releases the storage, sb_detach() hands it to the caller.
 */
struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};
#define STRBUF_INIT { NULL, 0, 0 }

void	 sb_add(struct strbuf *sb, const char *s, size_t n);
void	 sb_adds(struct strbuf *sb, const char *s);
void	 sb_addc(struct strbuf *sb, char c);
void	 sb_addf(struct strbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void	 sb_reset(struct strbuf *sb);
const char *sb_str(const struct strbuf *sb);	/* never NULL */
char	*sb_detach(struct strbuf *sb);		/* caller frees */
void	 sb_free(struct strbuf *sb);

/* Copy with truncation, always NUL-terminated; returns strlen(src). */
size_t	 strlcpy_k(char *dst, const char *src, size_t size);

int64_t	 now_wall(void);		/* seconds since the epoch */
int64_t	 now_mono_ms(void);		/* monotonic milliseconds */
void	 sleep_ms(int ms);

/* Parse a base-10 integer in [min,max]; 0 on success, -1 otherwise. */
int	 parse_long(const char *s, long min, long max, long *out);
/* 1 when the URL's host is this machine (127.0.0.0/8, ::1, localhost). */
int	 url_is_loopback(const char *url);
/* s as a quoted JSON string onto sb (NULL: null). */
void	 sb_add_json(struct strbuf *sb, const char *s);
/* "2026-11-22T10:00:00Z" for the unix time t. */
void	 iso_time(int64_t t, char out[21]);
/* n bytes as 2n lowercase hex digits and a NUL into out. */
void	 hex_encode(const unsigned char *b, size_t n, char *out);
/* An amount of rupiah the Indonesian way, thousands split by dots
 * ("5.000", "1.234.567"), without the "Rp". */
void	 rupiah(long long v, char *out, size_t outsz);
/* Seconds since the epoch from "2026-12-01T00:00:00Z"; -1 if malformed. */
int64_t	 parse_iso_time(const char *s);
/*
 * A time as people write it: ISO-8601 UTC ("2026-12-08T10:00:00Z"), or
 * local time in the process's time zone ("2026-12-08 17:00", with
 * seconds or without, or a day alone for its midnight); -1 if neither.
 */
int64_t	 parse_local_time(const char *s);

#endif
