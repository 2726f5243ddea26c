/* Process and thread start and end on the user-mode side: the program's imports loaded and initialised in
 * Windows' order before its entry point runs; DllMain told of threads that come and go, and of the end. */
#include <stdarg.h>
#include "ldr/ldr.h"
#include "ldr/ldrp.h"
#include "rtl/unicode.h"

void LdrpReportName(const char *a, const UNICODE_STRING *name, const char *b)
{
    char utf8[LDRP_MAX_NAME];
    SIZE_T n = RtlpUtf16ToUtf8(name->Buffer, name->Length / sizeof(WCHAR), utf8, sizeof(utf8) - 1);

    utf8[n < sizeof(utf8) ? n : sizeof(utf8) - 1] = 0;
    RtlpReport(a, utf8, b, NULL);
}

/* ntdll's own entry, first in the initialisation order, as on Windows; it is never called. */
static LDRP_MODULE *LdrpAddNtdll(void)
{
    PCWSTR root = (PCWSTR)KiUserSharedData()->NtSystemRoot;
    WCHAR path[300];
    UNICODE_STRING name = {0, 0, path};
    LDRP_MODULE *ntdll;

    name.MaximumLength = sizeof(path);
    RtlAppendUnicodeToString(&name, root);
    RtlAppendUnicodeToString(&name, L"\\system32\\ntdll.dll");
    if (!(ntdll = LdrpCreateModule(&__ImageBase, &name, LoadReasonStaticDependency)))
        return NULL;
    ntdll->Entry.EntryPoint = NULL;
    ntdll->Entry.ObsoleteLoadCount = LDRP_PINNED;
    ntdll->Entry.Flags = (ntdll->Entry.Flags & ~LDRP_LOAD_IN_PROGRESS) | LDRP_ENTRY_PROCESSED |
                         LDRP_PROCESS_ATTACH_CALLED;
    InsertTailList(&LdrpData.InInitializationOrderModuleList, &ntdll->Entry.InInitializationOrderLinks);
    return ntdll;
}

/* The program's manifest (its resource 1) is the process's default activation context. The PEB names it by
 * its handle, as Wine's kernelbase reads it there (for GetVersionEx's compatibility, among others). */
static void LdrpCreateProcessContext(PPEB peb)
{
    ACTCTXW description = {.cbSize = sizeof(description),
                           .dwFlags = ACTCTX_FLAG_RESOURCE_NAME_VALID | ACTCTX_FLAG_HMODULE_VALID |
                                      ACTCTX_FLAG_SET_PROCESS_DEFAULT,
                           .lpSource = peb->ProcessParameters->ImagePathName.Buffer,
                           .lpResourceName = (PCWSTR)1,
                           .hModule = peb->ImageBaseAddress};
    HANDLE context;

    if (!RtlCreateActivationContext(&context, &description))
        peb->ActivationContextData = context;
}

static NTSTATUS LdrpInitializeProcess(void)
{
    PPEB peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    LDRP_MODULE *exe;
    NTSTATUS status;

    if ((status = RtlpInitializeProcess()))
        return status;
    RtlpInitializeCodePages();
    RtlInitializeCriticalSectionEx(&LdrpLoaderLock, 0, RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO);
    peb->LoaderLock = &LdrpLoaderLock;
    peb->Ldr = &LdrpData;
    LdrpData.Initialized = TRUE;
    /* The program first in the load order, ntdll second, as Windows lists them. */
    if (!(exe = LdrpExecutable = LdrpCreateModule(peb->ImageBaseAddress, &peb->ProcessParameters->ImagePathName,
                                                  LoadReasonStaticDependency)) ||
        !LdrpAddNtdll())
        return STATUS_NO_MEMORY;
    exe->Entry.ObsoleteLoadCount = LDRP_PINNED;
    exe->Entry.Flags &= ~LDRP_LOAD_IN_PROGRESS;
    /* Without the schema, API set names are looked for as files. */
    LdrpMapSchema();
    LdrpCreateProcessContext(peb);

    RtlEnterCriticalSection(&LdrpLoaderLock);
    if (!(status = LdrpSnapModule(exe, NULL)) && !(status = LdrpAllocateTlsIndex(exe)) &&
        !(status = LdrpInitializeThreadTls()) && (status = LdrpRunInitializers(exe)) == STATUS_DLL_INIT_FAILED)
        LdrpReportName("", &((LDRP_MODULE *)LdrpData.EntryInProgress)->Entry.BaseDllName,
                       " failed to initialise (its DllMain returned FALSE)");
    LdrpData.EntryInProgress = NULL;
    LdrpProcessInitialized = TRUE;
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

typedef ULONG(NTAPI *LDRP_PROCESS_ENTRY)(PPEB);

void NTAPI LdrInitializeThunk(PVOID Context, PVOID NtdllBase)
{
    PPEB peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    NTSTATUS status = LdrpInitializeProcess();

    if (status)
        RtlExitUserProcess(status);
    if (!LdrpExecutable->Entry.EntryPoint) {
        LdrpReportName("", &LdrpExecutable->Entry.BaseDllName, " has no entry point");
        RtlExitUserProcess(STATUS_INVALID_IMAGE_FORMAT);
    }
    RtlExitUserProcess(((LDRP_PROCESS_ENTRY)LdrpExecutable->Entry.EntryPoint)(peb));
}

/* What is told of threads: the DLLs in initialisation order, then the program (its TLS callbacks). */
static void LdrpNotifyThread(ULONG reason)
{
    LIST_ENTRY *head = &LdrpData.InInitializationOrderModuleList;
    BOOLEAN attach = reason == DLL_THREAD_ATTACH;

    if (!attach)
        LdrpCallEntry(LdrpExecutable, reason, NULL);
    for (LIST_ENTRY *l = attach ? head->Flink : head->Blink; l != head; l = attach ? l->Flink : l->Blink) {
        LDRP_MODULE *module = CONTAINING_RECORD(l, LDRP_MODULE, Entry.InInitializationOrderLinks);
        if ((module->Entry.Flags & (LDRP_PROCESS_ATTACH_CALLED | LDRP_DONT_CALL_FOR_THREADS)) ==
            LDRP_PROCESS_ATTACH_CALLED)
            LdrpCallEntry(module, reason, NULL);
    }
    if (attach)
        LdrpCallEntry(LdrpExecutable, reason, NULL);
}

NTSTATUS LdrpInitializeThread(void)
{
    NTSTATUS status;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    if (!(status = LdrpInitializeThreadTls()))
        LdrpNotifyThread(DLL_THREAD_ATTACH);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

/* Fiber-local values go to their callbacks first, as on Windows; then the DLLs hear of it. */
void NTAPI LdrShutdownThread(void)
{
    RtlProcessFlsData(NtCurrentTeb()->FlsData, 1);
    RtlEnterCriticalSection(&LdrpLoaderLock);
    LdrpNotifyThread(DLL_THREAD_DETACH);
    LdrpFreeThreadTls();
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    RtlProcessFlsData(NtCurrentTeb()->FlsData, 2);
    DbgpFreeThreadData();
    RtlpFreeThreadLanguages();
    RtlpFreeThreadActivationContexts();
}

/* DLL_PROCESS_DETACH in the reverse of the initialisation order, with a non-NULL context: the process
 * ends. A thread that held the loader lock when it was terminated leaves it held: then nobody is told. */
void NTAPI LdrShutdownProcess(void)
{
    LIST_ENTRY *head = &LdrpData.InInitializationOrderModuleList;

    RtlProcessFlsData(NtCurrentTeb()->FlsData, 1);
    if (!LdrpData.Initialized || !RtlTryEnterCriticalSection(&LdrpLoaderLock))
        return;
    LdrpData.ShutdownInProgress = TRUE;
    LdrpData.ShutdownThreadId = NtCurrentTeb()->ClientId.UniqueThread;
    for (LIST_ENTRY *l = head->Blink; l != head; l = l->Blink) {
        LDRP_MODULE *module = CONTAINING_RECORD(l, LDRP_MODULE, Entry.InInitializationOrderLinks);
        if (module->Entry.Flags & LDRP_PROCESS_ATTACH_CALLED)
            LdrpCallEntry(module, DLL_PROCESS_DETACH, &LdrpData);
    }
    if (LdrpExecutable->Entry.Flags & LDRP_PROCESS_ATTACH_CALLED)
        LdrpCallEntry(LdrpExecutable, DLL_PROCESS_DETACH, &LdrpData);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
}

/* ntdll's own entry: the personality maps ntdll and never calls it; a PE DLL needs one all the same. */
LOGICAL NTAPI NtdllEntry(PVOID instance, ULONG reason, PVOID reserved)
{
    return TRUE;
}
