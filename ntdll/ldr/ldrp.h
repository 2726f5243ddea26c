/* What the loader's files share inside ntdll. */
#ifndef LDR_LDRP_H
#define LDR_LDRP_H

#include "nt/services.h"
#include "rtl/rtlp.h"

/* A named or numbered export of the image at base, or NULL. */
PVOID LdrpFindExport(PVOID base, const char *name, ULONG ordinal);
/* Write a line to the process's standard error: the parts are concatenated. */
void LdrpReport(const char *a, const char *b, const char *c, const char *d);

#endif
