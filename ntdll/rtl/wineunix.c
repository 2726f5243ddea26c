/* Wine's private ways to its Unix side and to its server, which Veles has neither of. The DLLs that import them
 * (win32u, user32) load, and a call is answered STATUS_NOT_IMPLEMENTED and named once on standard error. */
#include "rtl/rtlp.h"

NTSTATUS NTAPI __wine_unix_call(ULONG64 handle, unsigned int code, void *args)
{
    static LONG reported;

    (void)handle, (void)code, (void)args;
    if (!__atomic_exchange_n(&reported, 1, __ATOMIC_RELAXED))
        RtlpReport("__wine_unix_call (a Wine DLL's Unix side) is not implemented: STATUS_NOT_IMPLEMENTED", NULL);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI wine_server_call(void *request)
{
    static LONG reported;

    (void)request;
    if (!__atomic_exchange_n(&reported, 1, __ATOMIC_RELAXED))
        RtlpReport("wine_server_call (Wine's server) is not implemented: STATUS_NOT_IMPLEMENTED", NULL);
    return STATUS_NOT_IMPLEMENTED;
}

/* The version of the Wine DLLs Veles runs with, as their own callers ask it. */
const char *wine_get_version(void)
{
    return "8.0 (Veles)";
}
