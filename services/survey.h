/*
 * Surveys: defined by JSON (CONTRACT §6), started with SURVEI kode, one
 * question an SMS; each next SMS from that phone answers the current
 * question until the last, BATAL, or a day of silence.
 */
#ifndef KABAR_SURVEY_H
#define KABAR_SURVEY_H

#include "service.h"

/* Like poll_create: 0, -1 with err, -2 on a database error. */
int	survey_create(struct svc *ctx, const char *json, char *code_out,
	    size_t codesz, char *err, size_t errsz);
/* Start survey code for the actor: its first question, or the codes
 * there are when code is none of them. */
int	survey_start(struct svc *ctx, const char *code, struct reply *out);
/* Invite the audience (grp or everyone); returns how many, or -1. */
int	survey_send(struct svc *ctx, const char *code, const char *grp);
/*
 * A survey walked from all the inputs of a USSD session: invalid inputs
 * are passed over (the last one gets a hint), the next question is the
 * screen, and when every question has an answer the response is recorded
 * and *end set.
 */
int	survey_walk(struct svc *ctx, const char *code, const char *inputs,
	    int n, size_t stride, struct reply *out, int *end);
/* Answer the phone's survey in progress; 1 when there is none. */
int	survey_answer(struct svc *ctx, const char *text, struct reply *out);

#endif
