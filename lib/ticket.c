/*
 * Damm's algorithm: one table of a totally anti-symmetric quasigroup of
 * order 10; a valid number walks the table back to 0.
 */
#include "ticket.h"

#include <stdio.h>
#include <string.h>

static const unsigned char damm[10][10] = {
	{ 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
	{ 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
	{ 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
	{ 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
	{ 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
	{ 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
	{ 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
	{ 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
	{ 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
	{ 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

int
damm_digit(const char *digits, int n)
{
	int i, interim = 0;

	for (i = 0; i < n; i++)
		interim = damm[interim][digits[i] - '0'];
	return interim;
}

void
ticket_make(unsigned n, char *out)
{
	char five[6];

	snprintf(five, sizeof(five), "%05u", n % 100000);
	memcpy(out, five, 5);
	out[5] = (char)('0' + damm_digit(five, 5));
	out[6] = '\0';
}

int
ticket_shaped(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i > 0;
}

int
ticket_valid(const char *s)
{
	return strlen(s) == TICKET_LEN && ticket_shaped(s) &&
	    damm_digit(s, TICKET_LEN) == 0;
}
