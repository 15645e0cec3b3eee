/*
 * SMS PDUs as a modem sees them (3GPP TS 23.040), written for the fake
 * modem independently of libgammu so that the tests do not check gammu
 * against itself. Hex text throughout, as on the AT line.
 */
#ifndef FAKEMODEM_PDU_H
#define FAKEMODEM_PDU_H

#include <stddef.h>

#define PDU_HEX_MAX 8192

/*
 * SMS-DELIVER TPDUs (no SMSC part) from `from` carrying the UTF-8 text;
 * GSM-7 when every character has a GSM-7 code, else UCS-2. With split,
 * the text goes in parts with a concatenation header (reference ref).
 * Returns the number of PDUs written to out (at most max).
 */
int	pdu_deliver(const char *from, const char *text, int split,
	    unsigned ref, char out[][PDU_HEX_MAX], int max);

struct pdu_submit {
	char	 to[32];
	char	 text[2048];	/* UTF-8 */
	int	 part, total;	/* 1/1 when not concatenated */
	int	 report;	/* a status report was requested */
};
/* Decode an SMS-SUBMIT as given to AT+CMGS (with its SMSC part). */
int	pdu_submit_decode(const char *hex, struct pdu_submit *s);

/* An SMS-STATUS-REPORT TPDU for message reference mr (status 0: done). */
void	pdu_status_report(const char *to, int mr, int status, char *out,
	    size_t outsz);

void	pdu_utf8_to_ucs2hex(const char *utf8, char *out, size_t outsz);

#endif
