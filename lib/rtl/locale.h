/* Lookups in locale.nls, the table of locales (names, LCIDs) in the layout Wine's NLS files share with
 * Windows' own tools; shared by the host and ntdll. Every offset is checked against the file's size. */
#ifndef LIB_RTL_LOCALE_H
#define LIB_RTL_LOCALE_H

#include "nt/ntdef.h"

#define RTLP_LOCALE_NAME_MAX 85 /* LOCALE_NAME_MAX_LENGTH, with the terminating NUL */

/* The LCID of a locale name such as "en-US" (case does not matter), or 0 if locale.nls has none. */
ULONG RtlpLocaleNameToLcid(const void *file, SIZE_T size, const WCHAR *name, SIZE_T length);
/* The name of an LCID, NUL-terminated in buffer; its length, or 0 when unknown or longer than capacity - 1. */
SIZE_T RtlpLcidToLocaleName(const void *file, SIZE_T size, ULONG lcid, WCHAR *buffer, SIZE_T capacity);

#endif
