/* NtQueryLicenseValue: the license values of the edition Veles presents (Windows 10 Pro), which Windows keeps in
 * its product policy and the SPP service reads through this call. */
#include <string.h>
#include "ke/ke.h"
#include "rtl/unicode.h"

static const struct {
    const char *Name;
    ULONG Type;
    const char *String;             /* ASCII */
    ULONG Dword;
} ExpLicenseValues[] = {
    {"Kernel-MUI-Language-Allowed", REG_SZ, "EMPTY", 0},
    {"Kernel-MUI-Number-Allowed", REG_DWORD, NULL, 1000},
    {"Kernel-ProductInfo", REG_DWORD, NULL, 0x30}, /* PRODUCT_PROFESSIONAL */
    {"Kernel-EditionName", REG_SZ, "Professional", 0},
    {"Security-SPP-GenuineLocalStatus", REG_DWORD, NULL, 1},
};

/* The value's type and size are told whenever it is found, its data only when it fits. */
NTSTATUS NTAPI NtQueryLicenseValue(UNICODE_STRING *ValueName, ULONG *Type, PVOID Data, ULONG DataSize,
                                   ULONG *ResultDataSize)
{
    UNICODE_STRING name;
    WCHAR text[64];
    USHORT length;

    if (!ValueName || !ResultDataSize)
        return STATUS_INVALID_PARAMETER;
    if (KeReadUser(&name, ValueName))
        return STATUS_ACCESS_VIOLATION;
    if (!name.Length || !name.Buffer || name.Length & 1)
        return STATUS_INVALID_PARAMETER;
    length = name.Length / sizeof(WCHAR);
    if (length > sizeof(text) / sizeof(WCHAR))
        return STATUS_OBJECT_NAME_NOT_FOUND; /* longer than any name there is */
    if (KeCopyFromUser(text, name.Buffer, name.Length))
        return STATUS_ACCESS_VIOLATION;
    for (size_t i = 0; i < sizeof(ExpLicenseValues) / sizeof(ExpLicenseValues[0]); i++) {
        const char *candidate = ExpLicenseValues[i].Name, *string = ExpLicenseValues[i].String;
        USHORT n = (USHORT)strlen(candidate);
        BOOLEAN same = n == length;
        WCHAR wide[64];
        ULONG size = sizeof(ULONG);
        const void *data = &ExpLicenseValues[i].Dword;

        for (USHORT j = 0; same && j < n; j++)
            same = RtlpUpcase(text[j]) == RtlpUpcase((WCHAR)candidate[j]);
        if (!same)
            continue;
        if (string) {
            size = (ULONG)((strlen(string) + 1) * sizeof(WCHAR));
            for (size_t j = 0; j <= strlen(string); j++)
                wide[j] = (WCHAR)string[j];
            data = wide;
        }
        if ((Type && KeWriteUser(Type, ExpLicenseValues[i].Type)) || KeWriteUser(ResultDataSize, size))
            return STATUS_ACCESS_VIOLATION;
        if (DataSize < size)
            return STATUS_BUFFER_TOO_SMALL;
        return KeCopyToUser(Data, data, size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}
