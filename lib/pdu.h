/*
 * Reading a received SMS from its raw PDU (3GPP TS 23.040 SMS-DELIVER, as
 * a modem lists it in PDU mode: the SMSC's address first), for messages
 * the modem's driver refuses: a truncated user data that newer drivers
 * read, an unusual header. It reads what is there and no further.
 */
#ifndef KABAR_PDU_H
#define KABAR_PDU_H

#include <stddef.h>
#include <stdint.h>

struct pdu_deliver {
	char	 sender[48];	/* digits with '+', or an operator's name */
	char	*text;		/* UTF-8, what could be read; caller frees */
	int64_t	 sent_at;	/* SMSC time stamp, seconds; 0 if unread */
	int	 ref, seq, total;	/* concatenation; 0, 1, 1 if none */
	int	 truncated;	/* the user data was shorter than it said */
};

/* Hex to bytes; the count, or -1 when s is not even-length hex. */
int	pdu_unhex(const char *s, unsigned char *out, size_t outsz);
/*
 * Read an SMS-DELIVER: 0 with out filled (text may be partial), -1 when
 * not even the sender could be read or it is no SMS-DELIVER. Free
 * out->text after a 0.
 */
int	pdu_read_deliver(const unsigned char *p, size_t len,
	    struct pdu_deliver *out);

#endif
