/*
 * Phone numbers: every number is kept in E.164 ("+628123456789"), however
 * it was typed or shown by the network, and senders that are not phones
 * (operator robots, short codes) are recognised so they are never answered.
 */
#ifndef KABAR_PHONE_H
#define KABAR_PHONE_H

#include <stddef.h>

#define PHONE_MAX 24

enum phone_kind {
	PHONE_MOBILE,		/* out holds E.164 */
	PHONE_SHORTCODE,	/* 6 digits or fewer; out holds the digits */
	PHONE_ALPHA,		/* "TELKOMSEL"; out holds it, trimmed */
	PHONE_LANDLINE,		/* a fixed line at home (+6221...): no SMS,
				 * no USSD; out holds E.164 */
	PHONE_INVALID		/* out is "" */
};

/* cc: country calling code digits ("62"); out holds PHONE_MAX bytes. */
enum phone_kind phone_normalise(const char *in, const char *cc, char *out,
	    size_t outsz);
int	phone_repliable(enum phone_kind k);
/* For logs above debug level: "+62812****789". */
void	phone_mask(const char *e164, char *out, size_t outsz);

#endif
