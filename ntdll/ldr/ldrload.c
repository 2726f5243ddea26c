/* Loading and unloading DLLs: names, mapping through the section services, the module's initialisation
 * (DllMain and TLS callbacks) and LdrLoadDll / LdrUnloadDll / LdrDisableThreadCalloutsForDll. */
#include "ldr/ldrp.h"

#define DONT_RESOLVE_DLL_REFERENCES 0x00000001

NTSTATUS LdrpCanonicalName(const UNICODE_STRING *name, const LDRP_MODULE *importer, UNICODE_STRING *out,
                           WCHAR *buffer)
{
    UNICODE_STRING host;
    SIZE_T n, i;
    BOOLEAN extension = FALSE;
    NTSTATUS status = LdrpResolveApiSet(name, importer, &host);

    if (!status)
        name = &host;
    else if (status != STATUS_OBJECT_NAME_NOT_FOUND)
        return status;
    n = name->Length / sizeof(WCHAR);
    if (!n)
        return STATUS_INVALID_PARAMETER;
    if (n + 5 > LDRP_MAX_NAME)
        return STATUS_NAME_TOO_LONG;
    memcpy(buffer, name->Buffer, n * sizeof(WCHAR));
    for (i = n; i && buffer[i - 1] != '\\' && buffer[i - 1] != '/'; i--)
        if (buffer[i - 1] == '.')
            extension = TRUE;
    if (buffer[n - 1] == '.')
        n--; /* "name." asks for a name without an extension */
    else if (!extension) {
        memcpy(buffer + n, L".dll", 4 * sizeof(WCHAR));
        n += 4;
    }
    buffer[n] = 0;
    out->Buffer = buffer;
    out->Length = (USHORT)(n * sizeof(WCHAR));
    out->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* Map the image at a DOS path through a section, as Windows does. */
static NTSTATUS LdrpMapDll(PCWSTR dos_path, PVOID *base, BOOLEAN *relocated)
{
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .Attributes = OBJ_CASE_INSENSITIVE};
    UNICODE_STRING nt;
    IO_STATUS_BLOCK iosb;
    HANDLE file, section;
    SIZE_T size = 0;
    NTSTATUS status;

    if ((status = RtlDosPathNameToNtPathName_U_WithStatus(dos_path, &nt, NULL, NULL)))
        return status;
    oa.ObjectName = &nt;
    status = NtOpenFile(&file, SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, &oa, &iosb,
                        FILE_SHARE_READ | FILE_SHARE_DELETE, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
    RtlFreeUnicodeString(&nt);
    if (status)
        return status;
    status = NtCreateSection(&section, SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, NULL, NULL,
                             PAGE_EXECUTE, SEC_IMAGE, file);
    NtClose(file);
    if (status)
        return status;
    *base = NULL;
    status = NtMapViewOfSection(section, NtCurrentProcess(), base, 0, 0, NULL, &size, ViewShare, 0,
                                PAGE_EXECUTE_WRITECOPY);
    NtClose(section);
    *relocated = status == STATUS_IMAGE_NOT_AT_BASE;
    return NT_SUCCESS(status) ? STATUS_SUCCESS : status;
}

/* Whether a failure to map means "not in this directory": look on. */
static BOOLEAN LdrpNotHere(NTSTATUS status)
{
    return status == STATUS_OBJECT_NAME_NOT_FOUND || status == STATUS_OBJECT_PATH_NOT_FOUND ||
           status == STATUS_OBJECT_NAME_INVALID || status == STATUS_FILE_IS_A_DIRECTORY ||
           status == STATUS_NOT_A_DIRECTORY;
}

/* Find name (with a directory: that file; else along search_path) and map it; full gets its DOS path. */
static NTSTATUS LdrpSearchAndMap(const UNICODE_STRING *name, PCWSTR search_path, PWSTR full, PVOID *base,
                                 BOOLEAN *relocated)
{
    SIZE_T n = name->Length / sizeof(WCHAR);
    PWSTR candidate;
    NTSTATUS status = STATUS_DLL_NOT_FOUND;

    for (SIZE_T i = 0; i < n; i++) {
        if (name->Buffer[i] == '\\' || name->Buffer[i] == '/') {
            if (!RtlGetFullPathName_U(name->Buffer, LDRP_MAX_NAME * sizeof(WCHAR), full, NULL))
                return STATUS_OBJECT_NAME_INVALID;
            status = LdrpMapDll(full, base, relocated);
            return LdrpNotHere(status) ? STATUS_DLL_NOT_FOUND : status;
        }
    }
    if (!(candidate = RtlAllocateHeap(RtlpHeap(), 0, LDRP_MAX_NAME * sizeof(WCHAR) * 2)))
        return STATUS_NO_MEMORY;
    for (PCWSTR dir = search_path; dir && *dir;) {
        SIZE_T len = 0, at;
        while (dir[len] && dir[len] != ';')
            len++;
        if (len && len + n + 2 < LDRP_MAX_NAME * 2) {
            memcpy(candidate, dir, len * sizeof(WCHAR));
            at = len;
            if (candidate[at - 1] != '\\')
                candidate[at++] = '\\';
            memcpy(candidate + at, name->Buffer, n * sizeof(WCHAR));
            candidate[at + n] = 0;
            if (RtlGetFullPathName_U(candidate, LDRP_MAX_NAME * sizeof(WCHAR), full, NULL) &&
                !LdrpNotHere(status = LdrpMapDll(full, base, relocated)))
                break;
            status = STATUS_DLL_NOT_FOUND;
        }
        dir += len + (dir[len] == ';');
    }
    RtlFreeHeap(RtlpHeap(), 0, candidate);
    return status;
}

/* The DLLs unloaded last, for debuggers and crash reports (RtlGetUnloadEventTrace): the oldest is overwritten. */
static RTL_UNLOAD_EVENT_TRACE LdrpUnloadTraces[RTL_UNLOAD_EVENT_TRACE_NUMBER];
static ULONG LdrpUnloadSequence;
static ULONG LdrpUnloadTraceSize = sizeof(RTL_UNLOAD_EVENT_TRACE), LdrpUnloadTraceCount = RTL_UNLOAD_EVENT_TRACE_NUMBER;
static PVOID LdrpUnloadTracePointer = LdrpUnloadTraces;

static void LdrpTraceUnload(const LDRP_MODULE *module)
{
    RTL_UNLOAD_EVENT_TRACE *trace = &LdrpUnloadTraces[LdrpUnloadSequence % RTL_UNLOAD_EVENT_TRACE_NUMBER];
    const IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(module->Entry.DllBase);
    const UNICODE_STRING *name = &module->Entry.BaseDllName;
    USHORT n = name->Length / sizeof(WCHAR) < 31 ? name->Length / sizeof(WCHAR) : 31;

    memset(trace, 0, sizeof(*trace));
    trace->BaseAddress = module->Entry.DllBase;
    trace->SizeOfImage = module->Entry.SizeOfImage;
    trace->Sequence = LdrpUnloadSequence++;
    trace->TimeDateStamp = nt ? nt->FileHeader.TimeDateStamp : 0;
    trace->CheckSum = nt ? nt->OptionalHeader.CheckSum : 0;
    memcpy(trace->ImageName, name->Buffer, n * sizeof(WCHAR));
}

PRTL_UNLOAD_EVENT_TRACE NTAPI RtlGetUnloadEventTrace(void)
{
    return LdrpUnloadTraces;
}

void NTAPI RtlGetUnloadEventTraceEx(PULONG *ElementSize, PULONG *ElementCount, PVOID *EventTrace)
{
    *ElementSize = &LdrpUnloadTraceSize;
    *ElementCount = &LdrpUnloadTraceCount;
    *EventTrace = &LdrpUnloadTracePointer;
}

/* Undo a load: what the module loaded goes with it, then its view and its entry. */
static void LdrpUnloadModule(LDRP_MODULE *module)
{
    PVOID base = module->Entry.DllBase;

    LdrpNotifyDll(module, LDR_DLL_NOTIFICATION_REASON_UNLOADED);
    LdrpTraceUnload(module);
    if (module->HasTls)
        LdrpReleaseTlsIndex(module);
    for (ULONG i = 0; i < module->DependencyCount; i++)
        LdrpDereferenceModule(module->Dependencies[i]);
    LdrpDeleteModule(module);
    NtUnmapViewOfSection(NtCurrentProcess(), base);
}

void LdrpDereferenceModule(LDRP_MODULE *module)
{
    if (module->Entry.ObsoleteLoadCount == LDRP_PINNED)
        return;
    module->Entry.ObsoleteLoadCount--;
    if (--module->Entry.ReferenceCount)
        return;
    if (module->Entry.Flags & LDRP_PROCESS_ATTACH_CALLED)
        LdrpCallEntry(module, DLL_PROCESS_DETACH, NULL);
    LdrpUnloadModule(module);
}

BOOLEAN LdrpCallEntry(LDRP_MODULE *module, ULONG reason, PVOID context)
{
    PVOID base = module->Entry.DllBase;
    ULONG size;
    const IMAGE_TLS_DIRECTORY64 *tls = RtlImageDirectoryEntryToData(base, TRUE, IMAGE_DIRECTORY_ENTRY_TLS, &size);

    if (tls && tls->AddressOfCallBacks)
        for (PIMAGE_TLS_CALLBACK *callback = (PIMAGE_TLS_CALLBACK *)tls->AddressOfCallBacks; *callback; callback++)
            (*callback)(base, reason, context);
    if (!module->Entry.EntryPoint || !(module->Entry.Flags & LDRP_IMAGE_DLL))
        return TRUE;
    return ((PDLL_INIT_ROUTINE)module->Entry.EntryPoint)(base, reason, context);
}

NTSTATUS LdrpRunInitializers(LDRP_MODULE *module)
{
    NTSTATUS status;
    BOOLEAN ok;

    if (module->Entry.Flags & LDRP_ENTRY_PROCESSED)
        return STATUS_SUCCESS;
    module->Entry.Flags |= LDRP_ENTRY_PROCESSED;
    for (ULONG i = 0; i < module->DependencyCount; i++)
        if ((status = LdrpRunInitializers(module->Dependencies[i])))
            return status;
    /* The program's entry point is the process's: of it only the TLS callbacks run here. */
    if (module != LdrpExecutable)
        InsertTailList(&LdrpData.InInitializationOrderModuleList, &module->Entry.InInitializationOrderLinks);
    LdrpData.EntryInProgress = module;
    /* DllMain learns whether the load is static (a context) or dynamic (NULL). */
    ok = LdrpCallEntry(module, DLL_PROCESS_ATTACH, LdrpProcessInitialized ? NULL : &LdrpData);
    LdrpData.EntryInProgress = NULL;
    if (!ok) {
        /* As Windows: a refusal is told DLL_PROCESS_DETACH at once. */
        LdrpCallEntry(module, DLL_PROCESS_DETACH, NULL);
        return STATUS_DLL_INIT_FAILED;
    }
    module->Entry.Flags |= LDRP_PROCESS_ATTACH_CALLED;
    return STATUS_SUCCESS;
}

NTSTATUS LdrpLoadDll(const UNICODE_STRING *name, PCWSTR search_path, LDRP_MODULE *importer,
                     LDR_DLL_LOAD_REASON reason, BOOLEAN resolve, LDRP_MODULE **out)
{
    WCHAR buffer[LDRP_MAX_NAME];
    UNICODE_STRING canonical, full_name;
    LDRP_MODULE *module;
    PWSTR full, default_path = NULL;
    PVOID base;
    BOOLEAN relocated;
    NTSTATUS status;

    *out = NULL;
    if ((status = LdrpCanonicalName(name, importer, &canonical, buffer)))
        return status;
    if ((module = LdrpFindModuleByName(&canonical))) {
        if (module->Entry.ObsoleteLoadCount != LDRP_PINNED) {
            module->Entry.ReferenceCount++;
            module->Entry.ObsoleteLoadCount++;
        }
        *out = module;
        return STATUS_SUCCESS;
    }
    if (!search_path && !(search_path = default_path = LdrpDefaultSearchPath()))
        return STATUS_NO_MEMORY;
    if (!(full = RtlAllocateHeap(RtlpHeap(), 0, LDRP_MAX_NAME * sizeof(WCHAR)))) {
        RtlReleasePath(default_path);
        return STATUS_NO_MEMORY;
    }
    status = LdrpSearchAndMap(&canonical, search_path, full, &base, &relocated);
    if (!status) {
        RtlInitUnicodeString(&full_name, full);
        if (!(module = LdrpCreateModule(base, &full_name, reason))) {
            NtUnmapViewOfSection(NtCurrentProcess(), base);
            status = STATUS_NO_MEMORY;
        }
    }
    RtlFreeHeap(RtlpHeap(), 0, full);
    if (status) {
        RtlReleasePath(default_path);
        return status;
    }
    if (relocated)
        module->Entry.Flags |= LDRP_IMAGE_NOT_AT_BASE;
    /* Mapped and listed: the notifications hear of it before its imports load and its DllMain runs. */
    LdrpNotifyDll(module, LDR_DLL_NOTIFICATION_REASON_LOADED);
    if (resolve && !(status = LdrpSnapModule(module, search_path)))
        status = LdrpAllocateTlsIndex(module);
    RtlReleasePath(default_path);
    module->Entry.Flags &= ~LDRP_LOAD_IN_PROGRESS;
    /* A DLL loaded for another's imports is initialized with that one, once the whole graph is bound: a DLL
     * that imports its own importer (Wine's gdi32 and user32) would otherwise run the other's DllMain before
     * the other's imports are. */
    if (!status && resolve && LdrpProcessInitialized && reason != LoadReasonStaticDependency)
        status = LdrpRunInitializers(module);
    if (status) {
        LdrpUnloadModule(module);
        return status;
    }
    *out = module;
    return STATUS_SUCCESS;
}

/* The second parameter is a pointer to flags on Windows (IMAGE_FILE_EXECUTABLE_IMAGE: do not resolve) and
 * LoadLibraryEx's flags themselves for Wine's kernelbase: no pointer lies below 64 KiB, so both are read. */
NTSTATUS NTAPI LdrLoadDll(PWSTR SearchPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *BaseAddress)
{
    BOOLEAN resolve = TRUE;
    LDRP_MODULE *module;
    NTSTATUS status;

    if ((ULONG_PTR)DllCharacteristics < 0x10000)
        resolve = !((ULONG_PTR)DllCharacteristics & DONT_RESOLVE_DLL_REFERENCES);
    else
        resolve = !(*DllCharacteristics & IMAGE_FILE_EXECUTABLE_IMAGE);
    if (!DllName || !BaseAddress)
        return STATUS_INVALID_PARAMETER;
    *BaseAddress = NULL;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    /* An odd value in place of the path is a set of search flags: the default path serves them. */
    status = LdrpLoadDll(DllName, (ULONG_PTR)SearchPath & 1 ? NULL : SearchPath, NULL, LoadReasonDynamicLoad, resolve,
                         &module);
    if (!status)
        *BaseAddress = module->Entry.DllBase;
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

NTSTATUS NTAPI LdrUnloadDll(PVOID BaseAddress)
{
    LDRP_MODULE *module;
    NTSTATUS status = STATUS_SUCCESS;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    module = LdrpFindModuleByBase(BaseAddress);
    if (!module)
        status = STATUS_DLL_NOT_FOUND;
    else if (!LdrpData.ShutdownInProgress)
        LdrpDereferenceModule(module);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

/* A module with TLS keeps its thread notifications: its callbacks need them. */
NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID BaseAddress)
{
    LDRP_MODULE *module;
    NTSTATUS status = STATUS_SUCCESS;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    module = LdrpFindModuleByBase(BaseAddress);
    if (!module)
        status = STATUS_DLL_NOT_FOUND;
    else if (!module->HasTls)
        module->Entry.Flags |= LDRP_DONT_CALL_FOR_THREADS;
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}
