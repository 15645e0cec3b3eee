/*
 * Console passwords over libcrypto's PBKDF2. The stored form is the one
 * pin.c reads, so verification is shared; only the rounds (600,000, the
 * OWASP figure for PBKDF2-SHA256) and the length rule differ.
 */
#include "password.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "pin.h"
#include "smstext.h"
#include "util.h"

#define SALT_LEN 16
#define KEY_LEN 32

int
password_hash(const char *password, char *out, size_t outsz)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	char sh[2 * SALT_LEN + 1], kh[2 * KEY_LEN + 1];
	size_t n = strlen(password);

	if (utf8_chars(password) < PASSWORD_MIN_CHARS)
		return PASSWORD_TOO_SHORT;
	if (n > PASSWORD_MAX_BYTES)
		return -1;
	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    PKCS5_PBKDF2_HMAC(password, (int)n, salt, sizeof(salt),
	    PASSWORD_ROUNDS, EVP_sha256(), sizeof(key), key) != 1)
		return -1;
	hex_encode(salt, sizeof(salt), sh);
	hex_encode(key, sizeof(key), kh);
	if ((size_t)snprintf(out, outsz, "pbkdf2-sha256$%d$%s$%s",
	    PASSWORD_ROUNDS, sh, kh) >= outsz)
		return -1;
	return 0;
}

int
password_hash_wellformed(const char *hash)
{
	long rounds;
	char num[16];
	const char *p, *q;

	if (hash == NULL || !pin_hash_wellformed(hash))
		return 0;
	p = strchr(hash, '$') + 1;
	q = strchr(p, '$');
	if ((size_t)(q - p) >= sizeof(num))
		return 0;
	memcpy(num, p, (size_t)(q - p));
	num[q - p] = '\0';
	return parse_long(num, PASSWORD_ROUNDS, 100000000, &rounds) == 0;
}

int
password_verify(const char *password, const char *hash)
{
	if (hash == NULL || hash[0] == '\0' ||
	    strlen(password) > PASSWORD_MAX_BYTES)
		return 0;
	return pin_verify(password, NULL, hash);
}
