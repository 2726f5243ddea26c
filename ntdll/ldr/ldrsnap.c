/* Imports and exports: snapping a module's import address table, finding exports by name, hint and
 * ordinal, following forwarders, and LdrGetProcedureAddress(ForCaller). */
#include "ldr/ldrp.h"
#include "rtl/unicode.h"

#define LDRP_MAX_FORWARDS 32 /* a chain of forwarders longer than this is a loop */
#define LDRP_MAX_EXPORT_NAME 1024

typedef struct {
    const IMAGE_EXPORT_DIRECTORY *Directory;
    ULONG Start, Size; /* the directory's RVA range: a function inside it is a forwarder string */
} LDRP_EXPORTS;

static BOOLEAN LdrpGetExports(PVOID base, LDRP_EXPORTS *exports)
{
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(base);
    IMAGE_DATA_DIRECTORY dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];

    if (nt->OptionalHeader.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_EXPORT || !dir.Size)
        return FALSE;
    exports->Directory = (const IMAGE_EXPORT_DIRECTORY *)((char *)base + dir.VirtualAddress);
    exports->Start = dir.VirtualAddress;
    exports->Size = dir.Size;
    return TRUE;
}

/* The index into AddressOfFunctions of a named export: the hint's name first, then a binary search of the
 * sorted name table. -1 when there is none. */
static LONG LdrpFindNamedExport(PVOID base, const IMAGE_EXPORT_DIRECTORY *exp, const char *name, ULONG hint)
{
    const DWORD *names = (const DWORD *)((char *)base + exp->AddressOfNames);
    const WORD *ordinals = (const WORD *)((char *)base + exp->AddressOfNameOrdinals);
    LONG lo = 0, hi = (LONG)exp->NumberOfNames - 1;

    if (hint < exp->NumberOfNames && !strcmp(name, (const char *)base + names[hint]))
        return ordinals[hint];
    while (lo <= hi) {
        LONG mid = (lo + hi) / 2;
        int cmp = strcmp(name, (const char *)base + names[mid]);
        if (!cmp)
            return ordinals[mid];
        if (cmp < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return -1;
}

static NTSTATUS LdrpResolve(LDRP_MODULE *module, const char *name, ULONG ordinal_or_hint, PVOID *address, int depth);

/* "DLL.Function" or "DLL.#ordinal": load DLL as the module's dependency and look there. */
static NTSTATUS LdrpFollowForwarder(LDRP_MODULE *module, const char *forward, PVOID *address, int depth)
{
    const char *dot = strrchr(forward, '.');
    WCHAR dll[LDRP_MAX_NAME];
    UNICODE_STRING name;
    LDRP_MODULE *target;
    SIZE_T n;
    ULONG ordinal = 0;
    NTSTATUS status;

    if (!dot || dot == forward || depth >= LDRP_MAX_FORWARDS ||
        (n = RtlpUtf8ToUtf16(forward, (SIZE_T)(dot - forward), dll, LDRP_MAX_NAME)) >= LDRP_MAX_NAME - 5)
        return STATUS_INVALID_IMAGE_FORMAT;
    name.Buffer = dll;
    name.Length = name.MaximumLength = (USHORT)(n * sizeof(WCHAR));
    if ((status = LdrpLoadDll(&name, NULL, module, LoadReasonStaticForwarderDependency, TRUE, &target)))
        return status;
    if ((status = LdrpHoldDependency(module, target)))
        return status;
    if (dot[1] == '#') {
        for (const char *p = dot + 2; *p; p++) {
            if (*p < '0' || *p > '9' || ordinal > 0xffff)
                return STATUS_INVALID_IMAGE_FORMAT;
            ordinal = ordinal * 10 + (ULONG)(*p - '0');
        }
        return LdrpResolve(target, NULL, ordinal, address, depth + 1);
    }
    return LdrpResolve(target, dot + 1, 0, address, depth + 1);
}

static NTSTATUS LdrpResolve(LDRP_MODULE *module, const char *name, ULONG ordinal_or_hint, PVOID *address, int depth)
{
    PVOID base = module->Entry.DllBase;
    LDRP_EXPORTS exports;
    const DWORD *functions;
    LONG index;
    ULONG rva;

    *address = NULL;
    if (!LdrpGetExports(base, &exports))
        return name ? STATUS_PROCEDURE_NOT_FOUND : STATUS_ORDINAL_NOT_FOUND;
    if (name)
        index = LdrpFindNamedExport(base, exports.Directory, name, ordinal_or_hint);
    else
        index = ordinal_or_hint >= exports.Directory->Base ? (LONG)(ordinal_or_hint - exports.Directory->Base) : -1;
    functions = (const DWORD *)((char *)base + exports.Directory->AddressOfFunctions);
    if (index < 0 || (ULONG)index >= exports.Directory->NumberOfFunctions || !(rva = functions[index]))
        return name ? STATUS_PROCEDURE_NOT_FOUND : STATUS_ORDINAL_NOT_FOUND;
    if (rva - exports.Start < exports.Size)
        return LdrpFollowForwarder(module, (const char *)base + rva, address, depth);
    *address = (char *)base + rva;
    return STATUS_SUCCESS;
}

/* A named export of the image at base, loaded or only mapped; a forwarder, which would need another module, is
 * not followed (NULL). */
PVOID NTAPI RtlFindExportedRoutineByName(PVOID BaseOfImage, PCSTR RoutineName)
{
    LDRP_EXPORTS exports;
    LONG index;
    ULONG rva;

    if (!LdrpGetExports(BaseOfImage, &exports) ||
        (index = LdrpFindNamedExport(BaseOfImage, exports.Directory, RoutineName, 0)) < 0 ||
        (ULONG)index >= exports.Directory->NumberOfFunctions)
        return NULL;
    rva = ((const DWORD *)((char *)BaseOfImage + exports.Directory->AddressOfFunctions))[index];
    return rva && rva - exports.Start >= exports.Size ? (char *)BaseOfImage + rva : NULL;
}

NTSTATUS LdrpGetProcedureAddress(LDRP_MODULE *module, const char *name, ULONG ordinal_or_hint, PVOID *address)
{
    return LdrpResolve(module, name, ordinal_or_hint, address, 0);
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

/* Fill one descriptor's thunks from dependency; its part of the import address table is made writable for
 * that (it often lies in read-only data) and gets its protection back after. */
static NTSTATUS LdrpSnapThunks(LDRP_MODULE *module, const IMAGE_IMPORT_DESCRIPTOR *d, LDRP_MODULE *dependency)
{
    char *base = module->Entry.DllBase;
    const ULONG64 *lookup = (const ULONG64 *)(base + (d->OriginalFirstThunk ? d->OriginalFirstThunk : d->FirstThunk));
    ULONG64 *iat = (ULONG64 *)(base + d->FirstThunk);
    PVOID range = iat;
    SIZE_T count = 0, length;
    ULONG old;
    NTSTATUS status = STATUS_SUCCESS;

    while (lookup[count])
        count++;
    if (!count)
        return STATUS_SUCCESS;
    length = count * sizeof(*iat);
    if ((status = NtProtectVirtualMemory(NtCurrentProcess(), &range, &length, PAGE_READWRITE, &old)))
        return status;
    for (SIZE_T i = 0; i < count && !status; i++) {
        const IMAGE_IMPORT_BY_NAME *by_name = NULL;
        PVOID address;
        if (lookup[i] & IMAGE_ORDINAL_FLAG64)
            status = LdrpGetProcedureAddress(dependency, NULL, (ULONG)(lookup[i] & 0xffff), &address);
        else {
            by_name = (const IMAGE_IMPORT_BY_NAME *)(base + (ULONG)lookup[i]);
            status = LdrpGetProcedureAddress(dependency, by_name->Name, by_name->Hint, &address);
        }
        if (status) {
            char number[16];
            if (!by_name)
                LdrpFormatOrdinal(number, (ULONG)(lookup[i] & 0xffff));
            if (!LdrpProcessInitialized) {
                char importer[LDRP_MAX_NAME], exporter[LDRP_MAX_NAME];
                RtlpUtf16ToUtf8(module->Entry.BaseDllName.Buffer, module->Entry.BaseDllName.Length / sizeof(WCHAR) + 1,
                                importer, sizeof(importer));
                RtlpUtf16ToUtf8(dependency->Entry.BaseDllName.Buffer,
                                dependency->Entry.BaseDllName.Length / sizeof(WCHAR) + 1, exporter, sizeof(exporter));
                RtlpReport(importer, ": ", exporter, " has no function ", by_name ? by_name->Name : number, NULL);
            }
            if (status == STATUS_PROCEDURE_NOT_FOUND)
                status = STATUS_ENTRYPOINT_NOT_FOUND;
            break;
        }
        iat[i] = (ULONG64)address;
    }
    range = iat;
    length = count * sizeof(*iat);
    NtProtectVirtualMemory(NtCurrentProcess(), &range, &length, old, &old);
    return status;
}

NTSTATUS LdrpSnapModule(LDRP_MODULE *module, PCWSTR search_path)
{
    char *base = module->Entry.DllBase;
    ULONG size;
    const IMAGE_IMPORT_DESCRIPTOR *d = RtlImageDirectoryEntryToData(base, TRUE, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
    NTSTATUS status = STATUS_SUCCESS;

    if (!d)
        return STATUS_SUCCESS;
    for (; d->Name && !status; d++) {
        const char *dll = base + d->Name;
        WCHAR wide[LDRP_MAX_NAME];
        UNICODE_STRING name;
        LDRP_MODULE *dependency;
        SIZE_T n = RtlpUtf8ToUtf16(dll, strlen(dll), wide, LDRP_MAX_NAME);

        if (n >= LDRP_MAX_NAME - 5) {
            status = STATUS_INVALID_IMAGE_FORMAT;
            break;
        }
        name.Buffer = wide;
        name.Length = name.MaximumLength = (USHORT)(n * sizeof(WCHAR));
        status = LdrpLoadDll(&name, search_path, module, LoadReasonStaticDependency, TRUE, &dependency);
        if (status) {
            if (!LdrpProcessInitialized) {
                char importer[LDRP_MAX_NAME];
                RtlpUtf16ToUtf8(module->Entry.BaseDllName.Buffer, module->Entry.BaseDllName.Length / sizeof(WCHAR) + 1,
                                importer, sizeof(importer));
                RtlpReport(importer, " needs ", dll,
                           status == STATUS_DLL_NOT_FOUND ? ", which was not found" : ", which cannot be loaded", NULL);
            }
            break;
        }
        if ((status = LdrpAddDependency(module, dependency))) {
            LdrpDereferenceModule(dependency);
            break;
        }
        status = LdrpSnapThunks(module, d, dependency);
    }
    return status;
}

/* Load the DLL of a delay-load descriptor on first use (once: the module handle slot remembers it) and
 * resolve one thunk; what fails goes to the hooks, whose answer fills the thunk instead. */
PVOID NTAPI LdrResolveDelayLoadedAPI(PVOID ParentModuleBase, const IMAGE_DELAYLOAD_DESCRIPTOR *DelayloadDescriptor,
                                     PDELAYLOAD_FAILURE_DLL_CALLBACK FailureDllHook,
                                     PDELAYLOAD_FAILURE_SYSTEM_ROUTINE FailureSystemHook, ULONG64 *ThunkAddress,
                                     ULONG Flags)
{
    char *base = ParentModuleBase;
    const IMAGE_DELAYLOAD_DESCRIPTOR *d = DelayloadDescriptor;
    const char *dll = base + d->DllNameRVA;
    PVOID *slot = (PVOID *)(base + d->ModuleHandleRVA);
    ULONG64 *iat = (ULONG64 *)(base + d->ImportAddressTableRVA);
    ULONG64 lookup = ((const ULONG64 *)(base + d->ImportNameTableRVA))[ThunkAddress - iat];
    const IMAGE_IMPORT_BY_NAME *by_name =
        lookup & IMAGE_ORDINAL_FLAG64 ? NULL : (const IMAGE_IMPORT_BY_NAME *)(base + (ULONG)lookup);
    DELAYLOAD_INFO info = {.Size = sizeof(info), .DelayloadDescriptor = d, .ThunkAddress = ThunkAddress,
                           .TargetDllName = dll};
    LDRP_MODULE *parent, *target = NULL;
    PVOID address = NULL, range = ThunkAddress;
    SIZE_T length = sizeof(*ThunkAddress);
    ULONG old;
    NTSTATUS status = STATUS_DLL_NOT_FOUND;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    parent = LdrpFindModuleByAddress(base);
    if (*slot)
        target = LdrpFindModuleByAddress(*slot);
    if (!target && parent) {
        WCHAR wide[LDRP_MAX_NAME];
        SIZE_T n = RtlpUtf8ToUtf16(dll, strlen(dll), wide, LDRP_MAX_NAME);
        UNICODE_STRING name = {(USHORT)(n * sizeof(WCHAR)), (USHORT)(n * sizeof(WCHAR)), wide};
        if (n < LDRP_MAX_NAME - 5 &&
            !(status = LdrpLoadDll(&name, NULL, parent, LoadReasonDelayloadDependency, TRUE, &target))) {
            *slot = target->Entry.DllBase;
            if ((status = LdrpHoldDependency(parent, target)))
                target = NULL;
        }
    }
    if (target)
        status = by_name ? LdrpGetProcedureAddress(target, by_name->Name, by_name->Hint, &address)
                         : LdrpGetProcedureAddress(target, NULL, (ULONG)(lookup & 0xffff), &address);
    RtlLeaveCriticalSection(&LdrpLoaderLock);

    if (status) {
        info.TargetApiDescriptor.ImportDescribedByName = by_name != NULL;
        if (by_name)
            info.TargetApiDescriptor.Description.Name = by_name->Name;
        else
            info.TargetApiDescriptor.Description.Ordinal = (ULONG)(lookup & 0xffff);
        info.TargetModuleBase = target ? target->Entry.DllBase : NULL;
        info.LastError = target ? 127 /* ERROR_PROC_NOT_FOUND */ : 126 /* ERROR_MOD_NOT_FOUND */;
        if (FailureDllHook)
            address = FailureDllHook(target ? DELAYLOAD_FAIL_GET_PROC : DELAYLOAD_FAIL_LOAD_LIBRARY, &info);
        if (!address && FailureSystemHook)
            address = FailureSystemHook(dll, by_name ? by_name->Name : (const char *)(lookup & 0xffff));
    }
    if (!NtProtectVirtualMemory(NtCurrentProcess(), &range, &length, PAGE_READWRITE, &old)) {
        *ThunkAddress = (ULONG64)address;
        NtProtectVirtualMemory(NtCurrentProcess(), &range, &length, old, &old);
    }
    return address;
}

NTSTATUS NTAPI LdrGetProcedureAddressForCaller(PVOID BaseAddress, PANSI_STRING Name, ULONG Ordinal,
                                               PVOID *Address, ULONG Flags, PVOID *CallerAddress)
{
    char name[LDRP_MAX_EXPORT_NAME];
    LDRP_MODULE *module;
    NTSTATUS status;

    if (!Address)
        return STATUS_INVALID_PARAMETER;
    *Address = NULL;
    if (Name) {
        if (Name->Length >= sizeof(name))
            return STATUS_PROCEDURE_NOT_FOUND;
        memcpy(name, Name->Buffer, Name->Length);
        name[Name->Length] = 0;
    }
    RtlEnterCriticalSection(&LdrpLoaderLock);
    module = LdrpFindModuleByBase(BaseAddress);
    if (!module)
        status = STATUS_DLL_NOT_FOUND;
    else
        status = LdrpGetProcedureAddress(module, Name ? name : NULL, Name ? 0 : Ordinal, Address);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

NTSTATUS NTAPI LdrGetProcedureAddress(PVOID BaseAddress, PANSI_STRING Name, ULONG Ordinal, PVOID *Address)
{
    return LdrGetProcedureAddressForCaller(BaseAddress, Name, Ordinal, Address, 0, NULL);
}
