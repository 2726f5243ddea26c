/* Process start on the user-mode side: bind the executable to ntdll and run it. */
#include "ldr/ldrp.h"

static SIZE_T LdrpLength(const char *s)
{
    SIZE_T n = 0;
    while (s && s[n])
        n++;
    return n;
}

void LdrpReport(const char *a, const char *b, const char *c, const char *d)
{
    const char *parts[] = {"veles: ", a, b, c, d, "\n"};
    HANDLE err = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->StandardError;
    IO_STATUS_BLOCK iosb;

    for (unsigned i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        if (parts[i] && *parts[i])
            NtWriteFile(err, NULL, NULL, NULL, &iosb, (PVOID)parts[i], (ULONG)LdrpLength(parts[i]), NULL, NULL);
}

static int LdrpCompareName(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

PVOID LdrpFindExport(PVOID base, const char *name, ULONG ordinal)
{
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(base);
    IMAGE_DATA_DIRECTORY dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    const IMAGE_EXPORT_DIRECTORY *exp = (const IMAGE_EXPORT_DIRECTORY *)((char *)base + dir.VirtualAddress);
    const DWORD *functions = (const DWORD *)((char *)base + exp->AddressOfFunctions);
    const DWORD *names = (const DWORD *)((char *)base + exp->AddressOfNames);
    const WORD *ordinals = (const WORD *)((char *)base + exp->AddressOfNameOrdinals);
    ULONG index;

    if (!dir.Size)
        return NULL;
    if (name) {
        /* The name table is sorted: binary search. */
        LONG lo = 0, hi = (LONG)exp->NumberOfNames - 1;
        for (;;) {
            LONG mid;
            int cmp;
            if (lo > hi)
                return NULL;
            mid = (lo + hi) / 2;
            cmp = LdrpCompareName(name, (const char *)base + names[mid]);
            if (!cmp) {
                index = ordinals[mid];
                break;
            }
            if (cmp < 0)
                hi = mid - 1;
            else
                lo = mid + 1;
        }
    } else {
        if (ordinal < exp->Base)
            return NULL;
        index = ordinal - exp->Base;
    }
    if (index >= exp->NumberOfFunctions || !functions[index])
        return NULL;
    return (char *)base + functions[index];
}

/* "ntdll.dll" or "ntdll", in any case. */
static int LdrpIsNtdll(const char *name)
{
    static const char ntdll[] = "ntdll.dll";
    SIZE_T i = 0;

    for (; name[i] && i < sizeof(ntdll) - 1; i++)
        if ((name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]) != ntdll[i])
            return 0;
    return !name[i] && (i == 5 || i == sizeof(ntdll) - 1);
}

static void LdrpFormatOrdinal(char *buf, ULONG ordinal)
{
    char digits[12];
    int n = 0;
    do
        digits[n++] = (char)('0' + ordinal % 10);
    while (ordinal /= 10);
    buf[0] = '#';
    for (int i = 0; i < n; i++)
        buf[1 + i] = digits[n - 1 - i];
    buf[1 + n] = 0;
}

/* Bind every import of the image to ntdll; others need the loader proper. */
static NTSTATUS LdrpSnapImports(PVOID image, const char *image_name)
{
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(image);
    IMAGE_DATA_DIRECTORY dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    const IMAGE_IMPORT_DESCRIPTOR *d;

    if (!dir.Size)
        return STATUS_SUCCESS;
    for (d = (const IMAGE_IMPORT_DESCRIPTOR *)((char *)image + dir.VirtualAddress); d->Name; d++) {
        const char *dll = (const char *)image + d->Name;
        const ULONG64 *lookup = (const ULONG64 *)((char *)image + (d->OriginalFirstThunk ? d->OriginalFirstThunk
                                                                                            : d->FirstThunk));
        ULONG64 *iat = (ULONG64 *)((char *)image + d->FirstThunk);
        PVOID iat_base = iat;
        SIZE_T count = 0, iat_size;
        ULONG old;
        NTSTATUS status;

        if (!LdrpIsNtdll(dll)) {
            LdrpReport(image_name, " needs ", dll, ", and only ntdll.dll can be loaded yet");
            return STATUS_DLL_NOT_FOUND;
        }
        while (lookup[count])
            count++;
        iat_size = count * sizeof(ULONG64);
        if (!count)
            continue;
        if ((status = NtProtectVirtualMemory(NtCurrentProcess(), &iat_base, &iat_size, PAGE_READWRITE, &old)))
            return status;
        for (SIZE_T i = 0; i < count; i++) {
            const char *name = NULL;
            ULONG ordinal = 0;
            PVOID proc;
            if (lookup[i] & IMAGE_ORDINAL_FLAG64)
                ordinal = (ULONG)(lookup[i] & 0xffff);
            else
                name = ((const IMAGE_IMPORT_BY_NAME *)((char *)image + lookup[i]))->Name;
            proc = LdrpFindExport(&__ImageBase, name, ordinal);
            if (!proc) {
                char number[16];
                if (!name) {
                    LdrpFormatOrdinal(number, ordinal);
                    name = number;
                }
                LdrpReport(image_name, ": ntdll.dll has no function ", name, "");
                return STATUS_ENTRYPOINT_NOT_FOUND;
            }
            iat[i] = (ULONG64)proc;
        }
        iat_base = iat;
        iat_size = count * sizeof(ULONG64);
        NtProtectVirtualMemory(NtCurrentProcess(), &iat_base, &iat_size, old, &old);
    }
    return STATUS_SUCCESS;
}

/* The image's name for messages: the last component of ImagePathName, in ASCII. */
static void LdrpImageName(char *buf, SIZE_T size)
{
    const UNICODE_STRING *path = &NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->ImagePathName;
    SIZE_T units = path->Length / sizeof(WCHAR), start = 0, n = 0;

    for (SIZE_T i = 0; i < units; i++)
        if (path->Buffer[i] == '\\')
            start = i + 1;
    for (SIZE_T i = start; i < units && n + 1 < size; i++)
        buf[n++] = path->Buffer[i] < 0x80 ? (char)path->Buffer[i] : '?';
    buf[n] = 0;
}

typedef ULONG(NTAPI *LDRP_PROCESS_ENTRY)(PPEB);

void NTAPI LdrInitializeThunk(PVOID Context, PVOID NtdllBase)
{
    PPEB peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    PVOID image = peb->ImageBaseAddress;
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(image);
    char name[128];
    NTSTATUS status;

    (void)Context;
    (void)NtdllBase;
    LdrpImageName(name, sizeof(name));
    if ((status = RtlpInitializeProcess()) || (status = LdrpSnapImports(image, name)))
        RtlExitUserProcess(status);
    if (!nt->OptionalHeader.AddressOfEntryPoint) {
        LdrpReport(name, " has no entry point", "", "");
        RtlExitUserProcess(STATUS_INVALID_IMAGE_FORMAT);
    }
    RtlExitUserProcess(
        ((LDRP_PROCESS_ENTRY)((char *)image + nt->OptionalHeader.AddressOfEntryPoint))(peb));
}

/* ntdll's own entry: the personality maps ntdll and never calls it; a PE DLL needs one all the same. */
LOGICAL NTAPI NtdllEntry(PVOID instance, ULONG reason, PVOID reserved)
{
    return TRUE;
}
