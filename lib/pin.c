/*
 * PIN hashing with PBKDF2-HMAC-SHA256 from libcrypto.
 */
#include "pin.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PIN_ITERATIONS 100000
#define SALT_LEN 16
#define KEY_LEN 32

static void
hex(const unsigned char *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static int
unhex(const char *s, unsigned char *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

int
pin_hash(const char *pin, char *out, size_t outsz)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	char sh[2 * SALT_LEN + 1], kh[2 * KEY_LEN + 1];

	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    PKCS5_PBKDF2_HMAC(pin, (int)strlen(pin), salt, sizeof(salt),
	    PIN_ITERATIONS, EVP_sha256(), sizeof(key), key) != 1)
		return -1;
	hex(salt, sizeof(salt), sh);
	hex(key, sizeof(key), kh);
	snprintf(out, outsz, "pbkdf2-sha256$%d$%s$%s", PIN_ITERATIONS, sh, kh);
	return 0;
}

/* Split a stored hash; 0 or -1. */
static int
parse_hash(const char *hash, long *iter, unsigned char *salt,
    unsigned char *key)
{
	char buf[PIN_HASH_MAX], *f[4], *p;
	int n = 0;

	if (strlen(hash) >= sizeof(buf))
		return -1;
	strlcpy_k(buf, hash, sizeof(buf));
	for (p = buf; n < 4; n++) {
		f[n] = p;
		p = strchr(p, '$');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	if (n != 3 || strcmp(f[0], "pbkdf2-sha256") != 0 ||
	    parse_long(f[1], 1000, 10000000, iter) != 0 ||
	    unhex(f[2], salt, SALT_LEN) != 0 || unhex(f[3], key, KEY_LEN) != 0)
		return -1;
	return 0;
}

int
pin_hash_wellformed(const char *hash)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	long iter;

	return parse_hash(hash, &iter, salt, key) == 0;
}

int
pin_verify(const char *pin, const char *plain, const char *hash)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN], got[KEY_LEN];
	long iter;

	if (hash != NULL && hash[0] != '\0') {
		if (parse_hash(hash, &iter, salt, key) != 0 ||
		    PKCS5_PBKDF2_HMAC(pin, (int)strlen(pin), salt, SALT_LEN,
		    (int)iter, EVP_sha256(), KEY_LEN, got) != 1)
			return 0;
		return CRYPTO_memcmp(got, key, KEY_LEN) == 0;
	}
	if (plain == NULL || plain[0] == '\0')
		return 0;
	{
		/* Fixed-size buffers: the time does not tell the length. */
		char a[32] = { 0 }, b[32] = { 0 };

		strlcpy_k(a, pin, sizeof(a));
		strlcpy_k(b, plain, sizeof(b));
		return (CRYPTO_memcmp(a, b, sizeof(a)) == 0) &
		    (strlen(pin) < sizeof(a));
	}
}
