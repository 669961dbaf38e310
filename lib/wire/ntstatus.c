/* NTSTATUS names, generated from the list in ntstatus.h. */
#include <stdio.h>

#include "wire/ntstatus.h"

static const struct {
	NTSTATUS value;
	const char *name;
} nt_status_names[] = {
#define NT_STATUS_ROW(name, val) { (NTSTATUS)(val), #name },
	NT_STATUS_LIST(NT_STATUS_ROW)
#undef NT_STATUS_ROW
};

const char *nt_status_name(NTSTATUS s)
{
	static _Thread_local char buf[16];

	for (size_t i = 0; i < sizeof(nt_status_names) / sizeof(nt_status_names[0]); i++)
		if (nt_status_names[i].value == s)
			return nt_status_names[i].name;
	snprintf(buf, sizeof(buf), "0x%08x", (unsigned)s);
	return buf;
}
