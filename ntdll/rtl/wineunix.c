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

/* The system under the program, as Wine's DLLs ask it (shell32): Linux, and the kernel's release as
 * /proc/sys/kernel/osrelease tells it through Z:, read once. */
void wine_get_host_version(const char **sysname, const char **release)
{
    static char text[65];
    static LONG read;

    if (!__atomic_load_n(&read, __ATOMIC_ACQUIRE)) {
        UNICODE_STRING name;
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
        IO_STATUS_BLOCK iosb;
        char got[65] = "";
        HANDLE file;

        RtlInitUnicodeString(&name, L"\\??\\Z:\\proc\\sys\\kernel\\osrelease");
        if (!NtOpenFile(&file, FILE_GENERIC_READ, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        FILE_SYNCHRONOUS_IO_NONALERT)) {
            if (!NtReadFile(file, NULL, NULL, NULL, &iosb, got, sizeof(got) - 1, NULL, NULL))
                got[iosb.Information] = 0;
            NtClose(file);
        }
        for (ULONG i = 0; i < sizeof(got) && got[i] && got[i] != '\n'; i++)
            text[i] = got[i];
        if (!text[0])
            memcpy(text, "unknown", 8);
        __atomic_store_n(&read, 1, __ATOMIC_RELEASE);
    }
    if (sysname)
        *sysname = "Linux";
    if (release)
        *release = text;
}

/* The version of the Wine DLLs Veles runs with, as their own callers ask it. */
const char *wine_get_version(void)
{
    return "8.0 (Veles)";
}
