/*
 * The signature of a district batch, computed the same way by the gateway
 * that signs and the district that checks.
 */
#include "sign.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <string.h>

int
batch_sign(const char *key, const char *ts, const void *body, size_t len,
    char out[65])
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    (char *)"SHA256", 0),
		OSSL_PARAM_construct_end()
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *h = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t mdlen = 0, i;
	int ok;

	/* Three pieces, so the body is never copied to prefix the stamp. */
	ok = h != NULL && EVP_MAC_init(h, (const unsigned char *)key,
	    strlen(key), params) &&
	    EVP_MAC_update(h, (const unsigned char *)ts, strlen(ts)) &&
	    EVP_MAC_update(h, (const unsigned char *)".", 1) &&
	    EVP_MAC_update(h, body, len) &&
	    EVP_MAC_final(h, md, &mdlen, sizeof(md));
	EVP_MAC_CTX_free(h);
	EVP_MAC_free(mac);
	if (!ok || mdlen != 32)
		return -1;
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}
