/* UTF-8 and UTF-16 conversion shared by the host and ntdll (compiled into both; no C library). */
#ifndef LIB_RTL_UNICODE_H
#define LIB_RTL_UNICODE_H

#include "nt/ntdef.h"

#define RTL_REPLACEMENT_CHAR 0xfffd

/* Convert src (srclen bytes, UTF-8) to UTF-16; invalid sequences become U+FFFD. Writes at most dstcap units
 * and returns the number of units the whole conversion needs, so a call with dstcap 0 measures. */
SIZE_T RtlpUtf8ToUtf16(const char *src, SIZE_T srclen, WCHAR *dst, SIZE_T dstcap);

/* Convert src (srclen units, UTF-16) to UTF-8; unpaired surrogates become U+FFFD. Same contract, but a character
 * is written whole or not at all, and none after the first that does not fit. */
SIZE_T RtlpUtf16ToUtf8(const WCHAR *src, SIZE_T srclen, char *dst, SIZE_T dstcap);

/* The same, counting in *replaced what became U+FFFD because it was malformed (and for UTF-8, in *written if not
 * NULL, the bytes of the whole characters written). */
SIZE_T RtlpUtf8ToUtf16Counted(const char *src, SIZE_T srclen, WCHAR *dst, SIZE_T dstcap, SIZE_T *replaced);
SIZE_T RtlpUtf16ToUtf8Counted(const WCHAR *src, SIZE_T srclen, char *dst, SIZE_T dstcap, SIZE_T *replaced,
                              SIZE_T *written);

/* Simple case mappings of the Basic Multilingual Plane, as Unicode gives them (tables generated into
 * normtables.c: a block of deltas per page). */
extern const USHORT RtlpUpcaseIndex[256], RtlpDowncaseIndex[256], RtlpCaseDeltas[][256];
WCHAR RtlpUpcase(WCHAR c);
WCHAR RtlpDowncase(WCHAR c);
/* Whether two counted names are equal, folding case when asked. */
BOOLEAN RtlpEqualNames(const WCHAR *a, SIZE_T alen, const WCHAR *b, SIZE_T blen, BOOLEAN case_insensitive);

#endif
