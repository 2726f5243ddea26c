/* The loader: static imports (with forwarders) initialised in Windows' order, PEB->Ldr's lists, TLS,
 * thread notifications, LdrLoadDll / LdrUnloadDll / LdrGetDllHandle(Ex) / LdrGetProcedureAddress, API sets,
 * and the ways a load fails. The test DLLs (tests/nt/dlls) write their events to ldrtest_a's log. */
#include "lib/nttest.h"

__declspec(dllimport) char LdrTestLog[256];
__declspec(dllimport) ULONG LdrTestLogLength;
__declspec(dllimport) PVOID LdrTestAttachContext;
__declspec(dllimport) int LdrTestAdd(int a, int b);
__declspec(dllimport) int LdrTestForwardAdd(int a, int b); /* ldrtest_b forwards it to ldrtest_a */
__declspec(dllimport) int *LdrTestTls(void);               /* ldrtest_b's TLS data of this thread */
__declspec(dllimport) void LdrTestRecord(char event);

typedef int *(*TLS_GETTER)(void);
ULONG NTAPI Start(PPEB peb); /* the framework's entry point */

static int LogIs(const char *expect)
{
    SIZE_T n = strlen(expect);
    if (LdrTestLogLength != n || memcmp(LdrTestLog, expect, n)) {
        LdrTestLog[LdrTestLogLength] = 0;
        TestPrint("     log is \"%s\", expected \"%s\"\n", LdrTestLog, expect);
        return 0;
    }
    return 1;
}

static PVOID Handle(const WCHAR *name)
{
    UNICODE_STRING us;
    PVOID base = NULL;
    RtlInitUnicodeString(&us, name);
    return LdrGetDllHandle(NULL, NULL, &us, &base) ? NULL : base;
}

static NTSTATUS Load(const WCHAR *name, PVOID *base)
{
    UNICODE_STRING us;
    RtlInitUnicodeString(&us, name);
    return LdrLoadDll(NULL, NULL, &us, base);
}

static PVOID Export(PVOID base, const char *name, ULONG ordinal)
{
    ANSI_STRING as;
    PVOID address = NULL;
    RtlInitAnsiString(&as, name);
    return LdrGetProcedureAddress(base, name ? &as : NULL, ordinal, &address) ? NULL : address;
}

static LDR_DATA_TABLE_ENTRY *Entry(PVOID base)
{
    LDR_DATA_TABLE_ENTRY *entry = NULL;
    return LdrFindEntryForAddress(base, &entry) ? NULL : entry;
}

static int EndsWith(const UNICODE_STRING *us, const char *tail)
{
    SIZE_T n = strlen(tail), units = us->Length / sizeof(WCHAR);
    return units >= n && TestStrEqualW(us->Buffer + units - n, tail, n);
}

static void TestStaticImports(void)
{
    PPEB peb = TestPeb();
    LIST_ENTRY *head = &peb->Ldr->InLoadOrderModuleList, *l;
    LDR_DATA_TABLE_ENTRY *first, *second, *a, *b;
    const char *init[] = {"ntdll.dll", "ldrtest_a.dll", "ldrtest_b.dll"};
    int count = 0, memory = 0, i = 0;

    /* ldrtest_a first (ldrtest_b needs it), then ldrtest_b's TLS callback and DllMain; a static load's
     * DllMain has a context. */
    ok(LogIs("AXB"), "static DLLs initialised in dependency order");
    ok(LdrTestAttachContext != NULL, "a static load is told so");
    ok(LdrTestAdd(2, 3) == 5 && LdrTestForwardAdd(4, 5) == 9, "calls through imports and a forwarder");

    first = CONTAINING_RECORD(head->Flink, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
    second = CONTAINING_RECORD(head->Flink->Flink, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
    ok(first->DllBase == peb->ImageBaseAddress && EndsWith(&first->BaseDllName, "loader.exe"),
       "the program first in load order");
    ok(EndsWith(&second->BaseDllName, "ntdll.dll") && EndsWith(&second->FullDllName, "\\system32\\ntdll.dll"),
       "ntdll second: %S", second->FullDllName.Buffer);
    ok(first->EntryPoint == (PVOID)Start && !(first->Flags & LDRP_IMAGE_DLL), "the program's entry");
    for (l = head->Flink; l != head; l = l->Flink)
        count++;
    for (l = peb->Ldr->InMemoryOrderModuleList.Flink; l != &peb->Ldr->InMemoryOrderModuleList; l = l->Flink)
        memory++;
    ok(count == 4 && memory == 4, "4 modules in each list (%d, %d)", count, memory);
    head = &peb->Ldr->InInitializationOrderModuleList;
    for (l = head->Flink; l != head && i < 3; l = l->Flink, i++) {
        LDR_DATA_TABLE_ENTRY *e = CONTAINING_RECORD(l, LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks);
        ok(EndsWith(&e->BaseDllName, init[i]), "initialisation order %d: %S", i, e->BaseDllName.Buffer);
    }
    ok(i == 3 && l == head, "the program is not in the initialisation order");

    a = Entry(Handle(L"ldrtest_a.dll"));
    b = Entry(Handle(L"LDRTEST_B"));
    ok(a && b, "entries found");
    if (!a || !b)
        return;
    ok(a->Flags & LDRP_IMAGE_DLL && a->Flags & LDRP_PROCESS_ATTACH_CALLED && a->EntryPoint &&
       a->SizeOfImage && a->ReferenceCount >= 2 && a->LoadReason == LoadReasonStaticDependency,
       "ldrtest_a's entry: flags %x, references %u", a->Flags, a->ReferenceCount);
    ok(a->FullDllName.Buffer[1] == ':' && EndsWith(&a->FullDllName, "\\ldrtest_a.dll") &&
       a->BaseDllName.Buffer == a->FullDllName.Buffer + (a->FullDllName.Length - a->BaseDllName.Length) / 2,
       "ldrtest_a's names: %S", a->FullDllName.Buffer);
    ok(peb->LoaderLock != NULL && peb->Ldr->Initialized && peb->ApiSetMap != NULL, "the PEB's loader fields");
}

static void TestExports(void)
{
    PVOID a = Handle(L"ldrtest_a.dll"), b = Handle(L"ldrtest_b.dll"), ntdll = Handle(L"ntdll.dll");
    ANSI_STRING name;
    PVOID address;
    int (*secret)(void);

    ok(Export(a, "LdrTestAdd", 0) == (PVOID)LdrTestAdd, "by name");
    secret = (int (*)(void))Export(a, NULL, 7);
    ok(secret && secret() == 1234, "by ordinal alone");
    ok(Export(b, "LdrTestForwardAdd", 0) == (PVOID)LdrTestAdd, "a forwarder by name");
    ok(Export(b, "LdrTestForwardSecret", 0) == (PVOID)secret, "a forwarder by ordinal");
    /* (Taking the address of an import gives the program's thunk: ntdll is asked instead.) */
    ok(Export(b, "LdrTestForwardApiSet", 0) == Export(ntdll, "RtlCaptureContext", 0) &&
       Export(ntdll, "RtlCaptureContext", 0), "a forwarder through an API set");

    RtlInitAnsiString(&name, "LdrTestNothing");
    ok_status(LdrGetProcedureAddress(a, &name, 0, &address), STATUS_PROCEDURE_NOT_FOUND);
    ok(address == NULL, "nothing found, NULL given");
    ok_status(LdrGetProcedureAddress(a, NULL, 99, &address), STATUS_ORDINAL_NOT_FOUND);
    ok_status(LdrGetProcedureAddress(a, NULL, 1, &address), STATUS_ORDINAL_NOT_FOUND); /* below the base, 2 */
    ok_status(LdrGetProcedureAddress((char *)a + 0x1000, NULL, 7, &address), STATUS_DLL_NOT_FOUND);
    ok_status(LdrGetProcedureAddress((PVOID)0x12340000, NULL, 7, &address), STATUS_DLL_NOT_FOUND);

    /* Exports read from the image alone: forwarders are not followed. */
    ok(RtlFindExportedRoutineByName(ntdll, "NtClose") == Export(ntdll, "NtClose", 0) &&
           RtlFindExportedRoutineByName(a, "LdrTestAdd") == (PVOID)LdrTestAdd,
       "named exports found in the image");
    ok(!RtlFindExportedRoutineByName(a, "LdrTestNothing") && !RtlFindExportedRoutineByName(b, "LdrTestForwardAdd"),
       "neither a missing name nor a forwarder");
}

static void TestHandles(void)
{
    PVOID a = Handle(L"ldrtest_a.dll"), base;
    LDR_DATA_TABLE_ENTRY *entry = Entry(a);
    UNICODE_STRING name;
    ULONG references = entry->ReferenceCount;
    WCHAR buffer[8];

    ok(a && Handle(L"LdrTest_A.DLL") == a && Handle(L"ldrtest_a") == a, "names without regard to case or .dll");
    ok(Handle(L"ldrtest_a.") == NULL, "a trailing dot means no extension");
    ok(Handle(L"ntdll") != NULL && Handle(L"ntdll") == Handle(L"api-ms-win-core-rtlsupport-l1-1-0"),
       "an API set's handle is its host's");
    RtlInitUnicodeString(&name, L"veles-none.dll");
    ok_status(LdrGetDllHandle(NULL, NULL, &name, &base), STATUS_DLL_NOT_FOUND);
    ok(base == NULL, "NULL for a DLL not loaded");
    ok_status(LdrGetDllHandleEx(0x10, NULL, NULL, &name, &base), STATUS_INVALID_PARAMETER);
    ok_status(LdrGetDllHandleEx(0, NULL, NULL, NULL, &base), STATUS_INVALID_PARAMETER);

    RtlInitUnicodeString(&name, L"ldrtest_a.dll");
    ok_status(LdrGetDllHandleEx(0, NULL, NULL, &name, &base), STATUS_SUCCESS);
    ok(entry->ReferenceCount == references + 1, "LdrGetDllHandleEx counts a reference");
    ok_status(LdrAddRefDll(0, a), STATUS_SUCCESS);
    ok(entry->ReferenceCount == references + 2, "so does LdrAddRefDll");
    ok_status(LdrUnloadDll(a), STATUS_SUCCESS);
    ok_status(LdrUnloadDll(a), STATUS_SUCCESS);
    ok(entry->ReferenceCount == references, "LdrUnloadDll gives them back");
    ok_status(LdrAddRefDll(0, (char *)a + 16), STATUS_INVALID_PARAMETER);
    ok_status(LdrAddRefDll(4, a), STATUS_INVALID_PARAMETER);
    ok_status(LdrUnloadDll((PVOID)0x12340000), STATUS_DLL_NOT_FOUND);

    ok(Entry((PVOID)TestHandles) && Entry((PVOID)TestHandles)->DllBase == TestPeb()->ImageBaseAddress,
       "the entry holding an address");
    ok(!Entry((PVOID)0x12340000), "no entry for an address in no module");

    name.Buffer = buffer;
    name.MaximumLength = sizeof(buffer);
    ok_status(LdrGetDllFullName(NULL, &name), STATUS_BUFFER_TOO_SMALL);
    ok(name.Length == TestPeb()->ProcessParameters->ImagePathName.Length + 2, "the length it needs");
}

static void TestLoaderLock(void)
{
    ULONG_PTR cookie, other;
    ULONG disposition;

    ok_status(LdrLockLoaderLock(0, &disposition, &cookie), STATUS_SUCCESS);
    ok(cookie && disposition == 1, "acquired");
    ok_status(LdrLockLoaderLock(2, &disposition, &other), STATUS_SUCCESS);
    ok(disposition == 1, "recursive try");
    ok_status(LdrUnlockLoaderLock(0, other), STATUS_SUCCESS);
    ok_status(LdrUnlockLoaderLock(0, cookie + 1), STATUS_INVALID_PARAMETER_2);
    ok_status(LdrUnlockLoaderLock(0, cookie), STATUS_SUCCESS);
    ok_status(LdrLockLoaderLock(0x10, &disposition, &cookie), STATUS_INVALID_PARAMETER_1);
    ok_status(LdrLockLoaderLock(0, &disposition, NULL), STATUS_INVALID_PARAMETER_3);
}

static volatile int ThreadTlsB, ThreadTlsE;
static TLS_GETTER TlsE;

static ULONG NTAPI ThreadMain(PVOID arg)
{
    ThreadTlsB = *LdrTestTls();
    ThreadTlsE = TlsE ? *TlsE() : -1;
    return 0;
}

static void RunThread(void)
{
    HANDLE thread;
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)ThreadMain, NULL, 0, 0, 0,
                               0, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(thread, FALSE, NULL), STATUS_SUCCESS);
    NtClose(thread);
}

static void TestThreadsAndTls(void)
{
    ULONG start = LdrTestLogLength;

    ok(*LdrTestTls() == 77, "TLS data starts from its template");
    *LdrTestTls() = 5;
    RunThread();
    ok(ThreadTlsB == 77 && *LdrTestTls() == 5, "each thread has its own copy (%d)", ThreadTlsB);
    /* Attach in initialisation order (a; b's callback, b), detach in reverse. */
    ok(LdrTestLogLength - start == 6 && !memcmp(LdrTestLog + start, "TYUyut", 6), "thread notifications");
}

static void TestDynamicLoad(void)
{
    PVOID e = NULL, again = NULL, a = Handle(L"ldrtest_a.dll");
    LDR_DATA_TABLE_ENTRY *a_entry = Entry(a), *e_entry;
    ULONG references = a_entry->ReferenceCount, start;
    PVOID *context;

    LdrTestLogLength = 0;
    ok_status(Load(L"ldrtest_e", &e), STATUS_SUCCESS);
    ok(e && LogIs("E"), "loaded and initialised");
    e_entry = Entry(e);
    context = (PVOID *)Export(e, "LdrTestAttachContext", 0);
    ok(context && *context == NULL, "a dynamic load's DllMain has no context");
    ok(e_entry && e_entry->LoadReason == LoadReasonDynamicLoad && e_entry->ReferenceCount == 1 &&
       a_entry->ReferenceCount == references + 1, "references: ldrtest_e %u, ldrtest_a %u",
       e_entry ? e_entry->ReferenceCount : 0, a_entry->ReferenceCount);
    TlsE = (TLS_GETTER)Export(e, "LdrTestTls", 0);
    ok(TlsE && *TlsE() == 99, "a DLL loaded later has TLS data in the running thread too");
    start = LdrTestLogLength;
    RunThread();
    ok(ThreadTlsE == 99, "and in new threads (%d)", ThreadTlsE);
    ok(LdrTestLogLength - start == 8 && !memcmp(LdrTestLog + start, "TYUVvyut", 8), "ldrtest_e hears of threads");
    TlsE = NULL;

    ok_status(Load(L"LDRTEST_E.DLL", &again), STATUS_SUCCESS);
    ok(again == e && e_entry->ReferenceCount == 2 && LdrTestLog[LdrTestLogLength - 1] == 't', "loaded once");
    ok_status(LdrUnloadDll(e), STATUS_SUCCESS);
    ok(Handle(L"ldrtest_e.dll") == e && LdrTestLog[LdrTestLogLength - 1] == 't', "still there after one unload");
    SIZE_T e_size = e_entry->SizeOfImage;
    ok_status(LdrUnloadDll(e), STATUS_SUCCESS);
    ok(Handle(L"ldrtest_e.dll") == NULL && LdrTestLog[LdrTestLogLength - 1] == 'e', "gone after the last");
    {
        RTL_UNLOAD_EVENT_TRACE *trace = RtlGetUnloadEventTrace(), *found = NULL, **ex;
        ULONG *size, *count;
        for (ULONG i = 0; i < RTL_UNLOAD_EVENT_TRACE_NUMBER && trace[i].BaseAddress; i++)
            if (trace[i].BaseAddress == e && TestStrEqualW(trace[i].ImageName, "ldrtest_e.dll", 13))
                found = &trace[i];
        ok(found && found->SizeOfImage == e_size, "the unload is in the trace: size %llu of %llu",
           found ? (ULONGLONG)found->SizeOfImage : 0, (ULONGLONG)e_size);
        RtlGetUnloadEventTraceEx(&size, &count, (PVOID *)&ex);
        ok(*size == sizeof(RTL_UNLOAD_EVENT_TRACE) && *count == RTL_UNLOAD_EVENT_TRACE_NUMBER && *ex == trace,
           "the trace's shape: %lu of %lu", *size, *count);
    }
    ok(a_entry->ReferenceCount == references, "its reference on ldrtest_a went with it");

    /* By full path, which ends where the search would. */
    {
        const UNICODE_STRING *image = &TestPeb()->ProcessParameters->ImagePathName;
        WCHAR path[600];
        SIZE_T n = image->Length / sizeof(WCHAR);
        while (n && image->Buffer[n - 1] != '\\')
            n--;
        memcpy(path, image->Buffer, n * sizeof(WCHAR));
        memcpy(path + n, L"ldrtest_e.dll", 14 * sizeof(WCHAR));
        ok_status(Load(path, &e), STATUS_SUCCESS);
        ok(Entry(e) && RtlCompareUnicodeStrings(Entry(e)->FullDllName.Buffer, n + 13, path, n + 13, TRUE) == 0,
           "loaded by full path: %S", Entry(e) ? Entry(e)->FullDllName.Buffer : L"");
        LdrUnloadDll(e);
    }
}

static void TestLoadFailures(void)
{
    UNICODE_STRING name;
    PVOID base = (PVOID)1;

    LdrTestLogLength = 0;
    ok_status(Load(L"ldrtest_fail.dll", &base), STATUS_DLL_INIT_FAILED);
    ok(base == NULL && LogIs("Ff") && Handle(L"ldrtest_fail.dll") == NULL,
       "a DllMain that refuses: told to detach, and unloaded");
    ok_status(Load(L"ldrtest_missing.dll", &base), STATUS_DLL_NOT_FOUND);
    ok(Handle(L"ldrtest_missing.dll") == NULL && LogIs("Ff"), "a DLL whose import is missing is not kept");
    ok_status(Load(L"veles-none.dll", &base), STATUS_DLL_NOT_FOUND);
    ok_status(Load(L"Z:\\veles\\none\\x.dll", &base), STATUS_DLL_NOT_FOUND);
    ok_status(Load(L"", &base), STATUS_INVALID_PARAMETER);
    ok_status(LdrLoadDll(NULL, NULL, NULL, &base), STATUS_INVALID_PARAMETER);
    RtlInitUnicodeString(&name, L"ntdll");
    ok_status(LdrLoadDll(NULL, NULL, &name, NULL), STATUS_INVALID_PARAMETER);
    /* Not an image: the program's directory has test data that is no DLL. */
    ok_status(Load(L"\\??\\C:\\windows\\system32", &base), STATUS_DLL_NOT_FOUND);

    ok_status(Load(L"api-ms-win-core-rtlsupport-l1-1-0.dll", &base), STATUS_SUCCESS);
    ok(base == Handle(L"ntdll.dll"), "an API set loads its host");
    LdrUnloadDll(base);
}

static void TestSearchPath(void)
{
    PWSTR path = NULL;

    ok_status(LdrGetDllPath(L"ldrtest_a.dll", 0, &path, NULL), STATUS_SUCCESS);
    ok(path && wcsstr(path, L"\\system32;") && wcsstr(path, L";.;"), "the default search path: %S", path);
    RtlReleasePath(path);
    ok_status(LdrGetDllPath(L"C:\\x\\y.dll", 8, &path, NULL), STATUS_SUCCESS);
    ok(path && !wcsncmp(path, L"C:\\x;", 5), "LOAD_WITH_ALTERED_SEARCH_PATH starts at the DLL's directory: %S", path);
    RtlReleasePath(path);
    ok_status(LdrGetDllPath(L"y.dll", 0x800, &path, NULL), STATUS_SUCCESS);
    ok(path && !wcschr(path, ';') && wcsstr(path, L"\\system32"), "system32 alone: %S", path);
    RtlReleasePath(path);
    ok_status(LdrGetDllPath(L"y.dll", 0x808, &path, NULL), STATUS_INVALID_PARAMETER);
}

static void TestDllDirectories(void)
{
    WCHAR buffer[64], small[4];
    UNICODE_STRING dir, got = {0, sizeof(buffer), buffer};
    PWSTR path = NULL;
    PVOID cookie, base;

    RtlInitUnicodeString(&dir, L"C:\\windows\\temp");
    ok_status(LdrSetDllDirectory(&dir), STATUS_SUCCESS);
    ok_status(LdrGetDllDirectory(&got), STATUS_SUCCESS);
    ok(got.Length == dir.Length && !wcscmp(buffer, dir.Buffer), "the DLL directory: %S", buffer);
    got.Buffer = small;
    got.MaximumLength = sizeof(small);
    ok_status(LdrGetDllDirectory(&got), STATUS_BUFFER_TOO_SMALL);
    ok(got.Length == dir.Length + 2, "the room needed");
    ok_status(LdrGetDllPath(L"x.dll", 0, &path, NULL), STATUS_SUCCESS);
    ok(path && wcsstr(path, L";C:\\windows\\temp;") && !wcsstr(path, L";.;"),
       "the DLL directory replaces the current one: %S", path);
    RtlReleasePath(path);
    ok_status(LdrSetDllDirectory(NULL), STATUS_SUCCESS);
    ok_status(LdrGetDllPath(L"x.dll", 0, &path, NULL), STATUS_SUCCESS);
    ok(path && !wcsstr(path, L"temp") && wcsstr(path, L";.;"), "and goes: %S", path);
    RtlReleasePath(path);

    ok_status(LdrAddDllDirectory(&dir, &cookie), STATUS_SUCCESS);
    ok_status(LdrGetDllPath(L"x.dll", 0x400, &path, NULL), STATUS_SUCCESS);
    ok(path && !wcscmp(path, L"C:\\windows\\temp"), "an added directory: %S", path);
    RtlReleasePath(path);
    ok_status(LdrRemoveDllDirectory(cookie), STATUS_SUCCESS);
    ok_status(LdrRemoveDllDirectory(cookie), STATUS_INVALID_PARAMETER);
    RtlInitUnicodeString(&dir, L"windows");
    ok_status(LdrAddDllDirectory(&dir, &cookie), STATUS_INVALID_PARAMETER);
    RtlInitUnicodeString(&dir, L"C:\\veles-no-such-directory");
    ok_status(LdrAddDllDirectory(&dir, &cookie), STATUS_OBJECT_NAME_NOT_FOUND);
    RtlInitUnicodeString(&dir, L"C:\\windows\\system32\\ntdll.dll");
    ok_status(LdrAddDllDirectory(&dir, &cookie), STATUS_NOT_A_DIRECTORY);

    /* The default directories rule the loads that name none; there is no going back. */
    ok_status(LdrSetDefaultDllDirectories(0), STATUS_INVALID_PARAMETER);
    ok_status(LdrSetDefaultDllDirectories(0x100), STATUS_INVALID_PARAMETER);
    ok_status(LdrSetDefaultDllDirectories(0x800), STATUS_SUCCESS);
    ok_status(Load(L"ldrtest_e.dll", &base), STATUS_DLL_NOT_FOUND);
    ok_status(LdrSetDefaultDllDirectories(0x1000), STATUS_SUCCESS);
    ok_status(Load(L"ldrtest_e.dll", &base), STATUS_SUCCESS);
    LdrUnloadDll(base);
}

static void TestNoThreadCallouts(void)
{
    PVOID a = Handle(L"ldrtest_a.dll"), b = Handle(L"ldrtest_b.dll");
    ULONG start = LdrTestLogLength;

    ok_status(LdrDisableThreadCalloutsForDll(a), STATUS_SUCCESS);
    ok_status(LdrDisableThreadCalloutsForDll(b), STATUS_SUCCESS);
    ok(Entry(a)->Flags & LDRP_DONT_CALL_FOR_THREADS && !(Entry(b)->Flags & LDRP_DONT_CALL_FOR_THREADS),
       "a DLL with TLS keeps its notifications");
    ok_status(LdrDisableThreadCalloutsForDll((char *)a + 1), STATUS_DLL_NOT_FOUND);
    RunThread();
    ok(LdrTestLogLength - start == 4 && !memcmp(LdrTestLog + start, "YUyu", 4), "ldrtest_a hears of no thread");
}

/* The text of a resource of ldrtest_a, or NULL. */
static const char *Resource(PVOID base, ULONG_PTR name, ULONG_PTR language, NTSTATUS *status)
{
    LDR_RESOURCE_INFO info = {10 /* RT_RCDATA */, name, language};
    IMAGE_RESOURCE_DATA_ENTRY *entry;
    PVOID data = NULL;
    ULONG size = 0;

    if ((*status = LdrFindResource_U(base, &info, 3, &entry)) ||
        (*status = LdrAccessResource(base, entry, &data, &size)))
        return NULL;
    return size && ((const char *)data)[size - 1] == 0 ? data : NULL;
}

static void TestResources(void)
{
    PVOID a = Handle(L"ldrtest_a.dll"), b = Handle(L"ldrtest_b.dll");
    LDR_RESOURCE_INFO info = {10, 100, 0};
    IMAGE_RESOURCE_DIRECTORY *dir;
    IMAGE_RESOURCE_DATA_ENTRY *entry;
    const char *text;
    NTSTATUS status;

    text = Resource(a, 100, 0x409, &status);
    ok(text && !strcmp(text, "hello resource"), "by ID and language: %s", text ? text : "");
    text = Resource(a, 100, 0x407, &status);
    ok(text && !strcmp(text, "hallo"), "another language: %s", text ? text : "");
    text = Resource(a, 100, 0x40c, &status);
    ok(text && !strcmp(text, "hello resource"), "a language it lacks falls back to English");
    text = Resource(a, (ULONG_PTR)L"greeting", 0, &status);
    ok(text && !strcmp(text, "named"), "by name, without regard to case");
    text = Resource(a, (ULONG_PTR)L"#100", 0x407, &status);
    ok(text && !strcmp(text, "hallo"), "\"#100\" is the ID 100");
    Resource(a, 101, 0, &status);
    ok(status == STATUS_RESOURCE_NAME_NOT_FOUND, "a missing name: %x", (unsigned)status);
    Resource(a, (ULONG_PTR)L"#1x", 0, &status);
    ok(status == STATUS_RESOURCE_NAME_NOT_FOUND, "a malformed ID: %x", (unsigned)status);
    info.Type = 99;
    ok_status(LdrFindResource_U(a, &info, 3, &entry), STATUS_RESOURCE_TYPE_NOT_FOUND);
    ok_status(LdrFindResource_U(b, &info, 3, &entry), STATUS_RESOURCE_DATA_NOT_FOUND);
    info.Type = 10;
    ok_status(LdrFindResourceDirectory_U(a, &info, 1, &dir), STATUS_SUCCESS);
    ok(dir->NumberOfNamedEntries == 1 && dir->NumberOfIdEntries == 1, "the RCDATA directory: %u named, %u IDs",
       dir->NumberOfNamedEntries, dir->NumberOfIdEntries);
    ok_status(LdrFindResourceDirectory_U(a, &info, 2, &dir), STATUS_SUCCESS);
    ok(dir->NumberOfIdEntries == 2, "two languages of 100");
    ok_status(LdrFindResourceDirectory_U(a, &info, 3, &dir), STATUS_INVALID_PARAMETER);
    /* The language is 32 bits: what follows it in the caller's structure is not looked at. */
    {
        union {
            LDR_RESOURCE_INFO info;
            ULONG64 raw[3];
        } u = {.raw = {10, 100, 0xdeadbeef00000407ull}};
        ok_status(LdrFindResource_U(a, &u.info, 3, &entry), STATUS_SUCCESS);
        PVOID data = NULL;
        ULONG size = 0;
        ok_status(LdrAccessResource(a, entry, &data, &size), STATUS_SUCCESS);
        ok(data && !strcmp(data, "hallo"), "the language under the padding: %s", data ? (char *)data : "");
    }

    /* The same DLL mapped as a data file: its base carries a mark in its low bit. */
    {
        const UNICODE_STRING *full = &Entry(a)->FullDllName;
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .Attributes = OBJ_CASE_INSENSITIVE};
        UNICODE_STRING nt;
        IO_STATUS_BLOCK iosb;
        HANDLE file, section;
        PVOID view = NULL;
        SIZE_T size = 0;

        ok(RtlDosPathNameToNtPathName_U(full->Buffer, &nt, NULL, NULL), "the DLL's NT path");
        oa.ObjectName = &nt;
        ok_status(NtOpenFile(&file, FILE_GENERIC_READ, &oa, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT),
                  STATUS_SUCCESS);
        RtlFreeUnicodeString(&nt);
        ok_status(NtCreateSection(&section, SECTION_MAP_READ, NULL, NULL, PAGE_READONLY, SEC_COMMIT, file),
                  STATUS_SUCCESS);
        ok_status(NtMapViewOfSection(section, NtCurrentProcess(), &view, 0, 0, NULL, &size, ViewShare, 0,
                                     PAGE_READONLY), STATUS_SUCCESS);
        text = Resource((char *)view + 1, 100, 0x407, &status);
        ok(text && !strcmp(text, "hallo"), "found in a data file: %x", (unsigned)status);
        NtUnmapViewOfSection(NtCurrentProcess(), view);
        NtClose(section);
        /* Mapped as an image for its resources (LOAD_LIBRARY_AS_IMAGE_RESOURCE): a mark in the next bit, and the
         * layout of an image. */
        view = NULL;
        size = 0;
        ok_status(NtCreateSection(&section, SECTION_MAP_READ, NULL, NULL, PAGE_READONLY, SEC_IMAGE, file),
                  STATUS_SUCCESS);
        ok(!NT_ERROR(NtMapViewOfSection(section, NtCurrentProcess(), &view, 0, 0, NULL, &size, ViewShare, 0,
                                        PAGE_READONLY)),
           "an image view");
        text = Resource((char *)view + 2, 100, 0x407, &status);
        ok(text && !strcmp(text, "hallo"), "found in an image resource: %x", (unsigned)status);
        {
            ULONG length;
            ok(RtlImageDirectoryEntryToData((char *)view + 2, TRUE, IMAGE_DIRECTORY_ENTRY_RESOURCE, &length) ==
                   RtlImageDirectoryEntryToData(view, TRUE, IMAGE_DIRECTORY_ENTRY_RESOURCE, &length),
               "the mark is left out of the image's directories");
        }
        NtUnmapViewOfSection(NtCurrentProcess(), view);
        NtClose(section);
        NtClose(file);
    }
}

/* A delay-load import table of this program, built at run time from static data (RVAs from the base). */
static char DelayDll[] = "ldrtest_e.dll", DelayNone[] = "veles-none.dll";
static PVOID DelayModule, DelayNoneModule;
static ULONG64 DelayIat[3], DelayInt[3];
static struct {
    WORD Hint;
    char Name[12];
} DelayByName = {0, "LdrTestTls"};
static ULONG HookReason;
static DELAYLOAD_INFO HookInfo;
static const char *SystemHookDll, *SystemHookProc;

static PVOID NTAPI DllHook(ULONG reason, PDELAYLOAD_INFO info)
{
    HookReason = reason;
    HookInfo = *info;
    return reason == DELAYLOAD_FAIL_GET_PROC ? (PVOID)0x1111 : NULL;
}

static PVOID NTAPI SystemHook(const char *dll, const char *proc)
{
    SystemHookDll = dll;
    SystemHookProc = proc;
    return (PVOID)0x2222;
}

static void TestDelayLoad(void)
{
    char *base = TestPeb()->ImageBaseAddress;
    IMAGE_DELAYLOAD_DESCRIPTOR d = {1, (DWORD)(DelayDll - base), (DWORD)((char *)&DelayModule - base),
                                    (DWORD)((char *)DelayIat - base), (DWORD)((char *)DelayInt - base), 0, 0, 0};
    PVOID address;

    DelayInt[0] = (ULONG64)((char *)&DelayByName - base);
    DelayInt[1] = IMAGE_ORDINAL_FLAG64 | 999;
    LdrTestLogLength = 0;
    address = LdrResolveDelayLoadedAPI(base, &d, DllHook, SystemHook, &DelayIat[0], 0);
    ok(address && address == Export(Handle(L"ldrtest_e.dll"), "LdrTestTls", 0) && DelayIat[0] == (ULONG64)address,
       "resolved on first use, and the thunk filled");
    ok(DelayModule == Handle(L"ldrtest_e.dll") && LogIs("E"), "the DLL loaded and initialised, its handle kept");
    address = LdrResolveDelayLoadedAPI(base, &d, DllHook, SystemHook, &DelayIat[1], 0);
    ok(address == (PVOID)0x1111 && DelayIat[1] == 0x1111 && HookReason == DELAYLOAD_FAIL_GET_PROC,
       "a missing function goes to the DLL hook (%u)", HookReason);
    ok(HookInfo.Size == sizeof(HookInfo) && HookInfo.TargetModuleBase == DelayModule && HookInfo.LastError == 127 &&
       !HookInfo.TargetApiDescriptor.ImportDescribedByName && HookInfo.TargetApiDescriptor.Description.Ordinal == 999 &&
       HookInfo.ThunkAddress == &DelayIat[1], "what the hook is told");

    d.DllNameRVA = (DWORD)(DelayNone - base);
    d.ModuleHandleRVA = (DWORD)((char *)&DelayNoneModule - base);
    address = LdrResolveDelayLoadedAPI(base, &d, DllHook, SystemHook, &DelayIat[0], 0);
    ok(address == (PVOID)0x2222 && HookReason == DELAYLOAD_FAIL_LOAD_LIBRARY && HookInfo.LastError == 126 &&
       !HookInfo.TargetModuleBase, "a missing DLL: the DLL hook, then the system hook");
    ok(SystemHookDll == DelayNone && SystemHookProc == DelayByName.Name && !DelayNoneModule,
       "what the system hook is told");
}

/* DLL notifications: each callback, in the order registered, hears of a load before the DLL's DllMain and of an
 * unload after it, a refused load included; they record 'L'/'U' and 'l'/'u' in the test DLLs' log. */
static PVOID NotifiedBase;

static void NTAPI NotifyFirst(ULONG reason, const LDR_DLL_NOTIFICATION_DATA *data, PVOID context)
{
    if (!EndsWith(data->Loaded.BaseDllName, "ldrtest_e.dll") && !EndsWith(data->Loaded.BaseDllName, "ldrtest_fail.dll"))
        return;
    LdrTestRecord(reason == LDR_DLL_NOTIFICATION_REASON_LOADED ? 'L' : 'U');
    NotifiedBase = data->Loaded.DllBase;
    ok(context == (PVOID)0x1234 && data->Loaded.SizeOfImage && EndsWith(data->Loaded.FullDllName, ".dll"),
       "the notification's data");
}

static void NTAPI NotifySecond(ULONG reason, const LDR_DLL_NOTIFICATION_DATA *data, PVOID context)
{
    if (EndsWith(data->Loaded.BaseDllName, "ldrtest_e.dll") || EndsWith(data->Loaded.BaseDllName, "ldrtest_fail.dll"))
        LdrTestRecord(reason == LDR_DLL_NOTIFICATION_REASON_LOADED ? 'l' : 'u');
}

static ULONG Enumerated;

static void NTAPI CountModule(PLDR_DATA_TABLE_ENTRY module, PVOID context, PBOOLEAN stop)
{
    Enumerated++;
    *stop = context != NULL;
}

static void TestNotificationsAndEnumeration(void)
{
    PVOID first = NULL, second = NULL, e = NULL;

    ok_status(LdrRegisterDllNotification(1, NotifyFirst, NULL, &first), STATUS_INVALID_PARAMETER);
    ok_status(LdrRegisterDllNotification(0, NULL, NULL, &first), STATUS_INVALID_PARAMETER);
    ok_status(LdrRegisterDllNotification(0, NotifyFirst, (PVOID)0x1234, &first), STATUS_SUCCESS);
    ok_status(LdrRegisterDllNotification(0, NotifySecond, NULL, &second), STATUS_SUCCESS);
    LdrTestLogLength = 0;
    ok_status(Load(L"ldrtest_e.dll", &e), STATUS_SUCCESS);
    ok(LogIs("LlE") && NotifiedBase == e, "a load: the notifications, then DllMain");
    LdrTestLogLength = 0;
    ok_status(LdrUnloadDll(e), STATUS_SUCCESS);
    ok(LogIs("eUu"), "an unload: DllMain, then the notifications");
    LdrTestLogLength = 0;
    ok_status(Load(L"ldrtest_fail.dll", &e), STATUS_DLL_INIT_FAILED);
    ok(LogIs("LlFfUu"), "a refused load is unloaded as it came");
    ok_status(LdrUnregisterDllNotification(second), STATUS_SUCCESS);
    ok_status(LdrUnregisterDllNotification(second), STATUS_DLL_NOT_FOUND);
    ok_status(LdrUnregisterDllNotification(first), STATUS_SUCCESS);
    LdrTestLogLength = 0;
    ok_status(Load(L"ldrtest_e.dll", &e), STATUS_SUCCESS);
    ok_status(LdrUnloadDll(e), STATUS_SUCCESS);
    ok(LogIs("Ee"), "unregistered, they hear no more");

    ok_status(LdrEnumerateLoadedModules(NULL, CountModule, NULL), STATUS_SUCCESS);
    ok(Enumerated >= 4, "every loaded module: %u", Enumerated);
    Enumerated = 0;
    ok_status(LdrEnumerateLoadedModules(NULL, CountModule, (PVOID)1), STATUS_SUCCESS);
    ok(Enumerated == 1, "a callback stops the walk");
    ok_status(LdrEnumerateLoadedModules((PVOID)1, CountModule, NULL), STATUS_INVALID_PARAMETER);
    ok_status(LdrEnumerateLoadedModules(NULL, NULL, NULL), STATUS_INVALID_PARAMETER);
}

void RunTests(void)
{
    TestStaticImports();
    TestExports();
    TestHandles();
    TestLoaderLock();
    TestThreadsAndTls();
    TestDynamicLoad();
    TestLoadFailures();
    TestNotificationsAndEnumeration();
    TestSearchPath();
    TestResources();
    TestNoThreadCallouts();
    TestDllDirectories();
    TestDelayLoad();
}
