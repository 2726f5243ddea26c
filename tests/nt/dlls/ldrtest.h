/* What the loader's test DLLs share: the event log in ldrtest_a.dll, and a TLS directory of their own (no C
 * runtime provides one): the linker points the image's TLS entry at the symbol _tls_used. */
#ifndef LDRTEST_H
#define LDRTEST_H

#include "nt/services.h"
#include "nt/ntdll.h"

/* Appends one character a DllMain or TLS callback chose for its reason ("aATt"[reason] for ldrtest_a). */
__declspec(dllimport) void LdrTestRecord(char event);

#define LDRTEST_TLS(initial, callbacks)                                                                             \
    ULONG LdrTestTlsIndex;                                                                                           \
    __attribute__((section(".tls"))) int LdrTestTlsData = (initial);                                                 \
    __attribute__((section(".tls$ZZZ"))) char LdrTestTlsEnd;                                                         \
    const IMAGE_TLS_DIRECTORY64 _tls_used = {(ULONG64)&LdrTestTlsData, (ULONG64)&LdrTestTlsEnd,                      \
                                             (ULONG64)&LdrTestTlsIndex, (ULONG64)(callbacks), 0, 0};                 \
    /* This thread's copy of LdrTestTlsData, found as compiled code finds it. */                                   \
    int *LdrTestTls(void)                                                                                            \
    {                                                                                                                \
        return ((int **)NtCurrentTeb()->ThreadLocalStoragePointer)[LdrTestTlsIndex];                                 \
    }

#endif
