/*
 * Fuzz target: the form parser behind POST /ussd.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "smstext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	int i;

	if (form_parse((const char *)data, size, &f) == 0)
		for (i = 0; i < f.n; i++)
			if (!utf8_valid(f.value[i], strlen(f.value[i])) ||
			    f.name[i][0] == '\0')
				abort();
	form_get(&f, "text");
	form_free(&f);
	return 0;
}
