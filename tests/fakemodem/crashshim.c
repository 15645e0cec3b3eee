/*
 * A stand-in for the overflows libgammu 1.42 has on some malformed PDUs
 * (gammu issues #820, #960, #993): loaded with LD_PRELOAD into kabard for
 * the isolation test, it makes libgammu's own hex decoder crash (SIGSEGV)
 * whenever a PDU carries the bytes DE AD BE EF, and decode as usual
 * otherwise. libgammu calls DecodeHexBin through its PLT, so this one is
 * found first.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

int	DecodeHexBin(unsigned char *dest, const unsigned char *src, size_t len);

int
DecodeHexBin(unsigned char *dest, const unsigned char *src, size_t len)
{
	static int (*real)(unsigned char *, const unsigned char *, size_t);

	/* The default action, even where a sanitizer catches SIGSEGV. */
	if (len >= 8 && memmem(src, len, "DEADBEEF", 8) != NULL) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "DecodeHexBin");
	return real(dest, src, len);
}
