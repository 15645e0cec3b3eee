/*
 * Ticket numbers residents type on a keypad: five digits and a Damm check
 * digit, which catches every single wrong digit and every swap of two
 * neighbours, so a mistyped number is refused instead of showing someone
 * else's case.
 */
#ifndef KABAR_TICKET_H
#define KABAR_TICKET_H

#define TICKET_LEN 6

/* The Damm check digit of a string of digits. */
int	damm_digit(const char *digits, int n);
/* Make the 6-digit number for n in [10000, 99999]; out holds 7 bytes. */
void	ticket_make(unsigned n, char *out);
/* 1 when s is 6 digits with a correct check digit. */
int	ticket_valid(const char *s);
/* 1 when s looks like an attempt at a ticket (digits only, any length). */
int	ticket_shaped(const char *s);

#endif
