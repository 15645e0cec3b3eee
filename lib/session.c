/*
 * Session ids and tokens from OpenSSL's RAND_bytes, stored as SHA-256:
 * an id is 256 random bits, so a plain hash without salt or rounds is
 * as good as a slow one and cheap enough to check on every request.
 */
#include "session.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "util.h"

int
session_new(char *id, char *id_hash, char *csrf)
{
	unsigned char a[SESSION_ID_BYTES], b[SESSION_ID_BYTES];

	if (RAND_bytes(a, sizeof(a)) != 1 || RAND_bytes(b, sizeof(b)) != 1)
		return -1;
	hex_encode(a, sizeof(a), id);
	hex_encode(b, sizeof(b), csrf);
	session_hash(id, id_hash);
	OPENSSL_cleanse(a, sizeof(a));
	return 0;
}

void
session_hash(const char *id, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(id, strlen(id), md, &n, EVP_sha256(), NULL);
	hex_encode(md, n < SESSION_ID_BYTES ? n : SESSION_ID_BYTES, out);
}

enum session_verdict
session_state(int64_t created, int64_t seen, int64_t now)
{
	if (now - created >= SESSION_MAX_SECONDS || now < created)
		return SESSION_TOO_OLD;
	if (now - seen >= SESSION_IDLE_SECONDS)
		return SESSION_IDLE;
	return SESSION_VALID;
}

int64_t
session_expires(int64_t created, int64_t seen)
{
	int64_t idle = seen + SESSION_IDLE_SECONDS;
	int64_t hard = created + SESSION_MAX_SECONDS;

	return idle < hard ? idle : hard;
}

int
cookie_find(const char *header, const char *name, char *out, size_t outsz)
{
	size_t nlen = strlen(name), vlen;
	const char *p = header, *v;

	out[0] = '\0';
	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			v = p + nlen + 1;
			vlen = strcspn(v, "; \t");
			if (vlen == 0 || vlen >= outsz)
				return 1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = strchr(p, ';');
	}
	return 1;
}

int
token_equal(const char *a, const char *b)
{
	char x[SESSION_HEX] = { 0 }, y[SESSION_HEX] = { 0 };
	size_t la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	if (la == 0 || la >= sizeof(x) || lb >= sizeof(y))
		return 0;
	memcpy(x, a, la);
	memcpy(y, b, lb);
	return (CRYPTO_memcmp(x, y, sizeof(x)) == 0) & (la == lb);
}
