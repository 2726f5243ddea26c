/* The process: its start (PEB, parameters, first thread) and the services that query or end it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "cm/cm.h"
#include "ex/ex.h"
#include "host/host.h"
#include "io/io.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ob/ob.h"
#include "ps/psp.h"
#include "rtl/unicode.h"

extern char **environ;

static PPEB PspPeb;
static MM_IMAGE PspImage;
static char *PspImageDosPath;
static LONGLONG PspCreateTime;

const OBJECT_TYPE PsProcessType = {
    .Name = "Process",
    .Mapping = {STANDARD_RIGHTS_READ | 0x0410, STANDARD_RIGHTS_WRITE | 0x0bea,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE,
                PROCESS_ALL_ACCESS},
    .ValidAccess = PROCESS_ALL_ACCESS,
    .Delete = PspDeleteProcess,
    .Waitable = TRUE,
    .Nameless = TRUE,
};
static EPROCESS *PspCurrentProcess;

PPEB PsGetCurrentPeb(void)
{
    return PspPeb;
}

void PspGetImageStack(SIZE_T *commit, SIZE_T *reserve)
{
    *commit = PspImage.Info.StackCommit;
    *reserve = PspImage.Info.StackReserve;
}

NTSTATUS PsCheckProcessHandle(HANDLE handle)
{
    return PsCheckProcessAccess(handle, 0);
}

NTSTATUS PspReferenceProcess(HANDLE handle, ACCESS_MASK desired, EPROCESS **process)
{
    return ObReferenceObjectByHandle(handle, desired, &PsProcessType, (void **)process);
}

NTSTATUS PsProcessLinuxId(HANDLE handle, ACCESS_MASK desired, int *pid)
{
    EPROCESS *process;
    NTSTATUS status = PspReferenceProcess(handle, desired, &process);

    if (status)
        return status;
    *pid = process->Pid;
    ObDereferenceObject(process);
    return STATUS_SUCCESS;
}

/* What a service may do with this process only: a child's answers STATUS_NOT_IMPLEMENTED. */
NTSTATUS PsCheckProcessAccess(HANDLE handle, ACCESS_MASK desired)
{
    EPROCESS *process;
    NTSTATUS status = PspReferenceProcess(handle, desired, &process);

    if (status)
        return status;
    ObDereferenceObject(process);
    return process == PspCurrentProcess ? STATUS_SUCCESS
                                        : KeReportNotImplemented("this service on a process other than the caller");
}

/* Lays UTF-16 strings out one after another in the parameters block. */
typedef struct {
    char *next;
    char *end;
} PSP_ARENA;

static NTSTATUS PspPutString(PSP_ARENA *arena, UNICODE_STRING *us, const char *utf8, size_t max_units)
{
    size_t len = strlen(utf8);
    size_t units = RtlpUtf8ToUtf16(utf8, len, NULL, 0);
    size_t room = (units > max_units ? units : max_units) + 1;

    if (units >= 0x7fff || (size_t)(arena->end - arena->next) < room * sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    us->Buffer = (PWSTR)arena->next;
    RtlpUtf8ToUtf16(utf8, len, us->Buffer, units);
    us->Buffer[units] = 0;
    us->Length = (USHORT)(units * sizeof(WCHAR));
    us->MaximumLength = (USHORT)(room * sizeof(WCHAR));
    arena->next += (room * sizeof(WCHAR) + 7) & ~(size_t)7;
    return STATUS_SUCCESS;
}

/* The parameters of a process veles starts from Linux: its command line from argv, its directory Linux's. */
static NTSTATUS PspBuildParameters(int argc, char **argv, RTL_USER_PROCESS_PARAMETERS **out, int *dirfd, char *err,
                                   size_t errlen)
{
    const size_t block = 0x10000;
    RTL_USER_PROCESS_PARAMETERS *pp = NULL;
    PSP_ARENA arena;
    char cwd[4096], *cwd_dos, *cmdline;
    NTSTATUS status;

    if (!getcwd(cwd, sizeof(cwd)))
        strcpy(cwd, "/");
    cwd_dos = IoUnixPathToDos(cwd);
    if (cwd_dos[strlen(cwd_dos) - 1] != '\\') {
        char *with_slash = HostAlloc(strlen(cwd_dos) + 2);
        sprintf(with_slash, "%s\\", cwd_dos);
        free(cwd_dos);
        cwd_dos = with_slash;
    }
    cmdline = PsBuildCommandLine(PspImageDosPath, argc, argv);

    if ((status = MmAllocateVirtual((PVOID *)&pp, block, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)))
        goto out;
    arena.next = (char *)(pp + 1);
    arena.end = (char *)pp + block;
    pp->MaximumLength = pp->Length = (ULONG)sizeof(*pp);
    pp->Flags = RTL_USER_PROC_PARAMS_NORMALIZED;
    /* Windows keeps MAX_PATH characters of room for the current directory. */
    if ((status = PspPutString(&arena, &pp->CurrentDirectory.DosPath, cwd_dos, 260)) ||
        (status = PspPutString(&arena, &pp->DllPath, "", 0)) ||
        (status = PspPutString(&arena, &pp->ImagePathName, PspImageDosPath, 0)) ||
        (status = PspPutString(&arena, &pp->CommandLine, cmdline, 0)) ||
        (status = PspPutString(&arena, &pp->WindowTitle, PspImageDosPath, 0)) ||
        (status = PspPutString(&arena, &pp->DesktopInfo, "", 0)) ||
        (status = PspPutString(&arena, &pp->ShellInfo, "", 0)) ||
        (status = PspPutString(&arena, &pp->RuntimeInfo, "", 0))) {
        snprintf(err, errlen, "the command line or a path is longer than Windows allows (32767 characters)");
        goto out;
    }
    pp->Length = (ULONG)(arena.next - (char *)pp);
    *dirfd = open(cwd, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *out = pp;
out:
    free(cmdline);
    free(cwd_dos);
    return status;
}

/* The parameters of a child, as its creator sent them; its directory is theirs, which it moves to. */
static NTSTATUS PspReceiveParameters(RTL_USER_PROCESS_PARAMETERS **out, int *dirfd, char *err, size_t errlen)
{
    static const WCHAR prefix[] = {'\\', '?', '?', '\\'};
    RTL_USER_PROCESS_PARAMETERS *pp;
    UNICODE_STRING *dir;
    WCHAR *name;
    char *unix_path;
    NTSTATUS status = PspUnpackParameters(PSP_CHILD_PARAMETERS_FD, &pp);

    close(PSP_CHILD_PARAMETERS_FD);
    if (status) {
        snprintf(err, errlen, "the process parameters its creator sent are damaged");
        return status;
    }
    dir = &pp->CurrentDirectory.DosPath;
    name = HostAlloc(sizeof(prefix) + dir->Length);
    memcpy(name, prefix, sizeof(prefix));
    memcpy(name + 4, dir->Buffer, dir->Length);
    status = IoOpenFileByNtName(name, (USHORT)(4 + dir->Length / sizeof(WCHAR)), FILE_TRAVERSE | SYNCHRONIZE,
                                FILE_DIRECTORY_FILE, dirfd, &unix_path);
    free(name);
    if (status) {
        snprintf(err, errlen, "its current directory cannot be opened: %s", RtlNtStatusName(status));
        return status;
    }
    if (fchdir(*dirfd))
        HostMessage("cannot move to %s: %s", unix_path, strerror(errno));
    free(unix_path);
    *out = pp;
    return STATUS_SUCCESS;
}

static NTSTATUS PspCreateParameters(int argc, char **argv, BOOLEAN child, RTL_USER_PROCESS_PARAMETERS **out,
                                    char *err, size_t errlen)
{
    RTL_USER_PROCESS_PARAMETERS *pp = NULL;
    WCHAR *env;
    SIZE_T env_size;
    PVOID env_mem = NULL;
    NTSTATUS status;
    int dirfd = -1;

    status = child ? PspReceiveParameters(&pp, &dirfd, err, errlen) : PspBuildParameters(argc, argv, &pp, &dirfd, err,
                                                                                          errlen);
    if (status)
        return status;
    if (dirfd >= 0 && IoCreateFileFromDescriptor(dirfd, SYNCHRONIZE | FILE_GENERIC_EXECUTE,
                                                 &pp->CurrentDirectory.Handle))
        close(dirfd);

    /* The standard handles: the descriptors veles was given, closed ones left NULL as Windows does. */
    {
        HANDLE *std[3] = {&pp->StandardInput, &pp->StandardOutput, &pp->StandardError};
        for (int fd = 0; fd < 3; fd++) {
            int own = fcntl(fd, F_DUPFD_CLOEXEC, 3);
            ACCESS_MASK access = fd ? FILE_GENERIC_WRITE | FILE_READ_ATTRIBUTES : FILE_GENERIC_READ;
            if (own >= 0 && IoCreateFileFromDescriptor(own, access | SYNCHRONIZE, std[fd]))
                close(own);
        }
        /* A terminal among them is the process's console. */
        if (IoCreateConsoleReference(&pp->ConsoleHandle))
            pp->ConsoleHandle = NULL;
    }

    if (!pp->Environment) {
        env = PsBuildEnvironment(environ, &env_size);
        if ((status = MmAllocateVirtual(&env_mem, env_size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE))) {
            free(env);
            return status;
        }
        memcpy(env_mem, env, env_size);
        free(env);
        pp->Environment = env_mem;
        pp->EnvironmentSize = env_size;
    }
    *out = pp;
    return STATUS_SUCCESS;
}

#define PSP_GDI_HANDLE_TABLE_SIZE (0x10000 * 24)

static NTSTATUS PspCreatePeb(RTL_USER_PROCESS_PARAMETERS *pp)
{
    PPEB peb = NULL;
    NTSTATUS status;

    if ((status = MmAllocateVirtual((PVOID *)&peb, sizeof(*peb), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)))
        return status;
    peb->ImageBaseAddress = PspImage.Base;
    peb->ProcessParameters = pp;
    peb->NumberOfProcessors = HostProcessorCount();
    peb->ActiveProcessAffinityMask = peb->NumberOfProcessors >= 64 ? ~0ull : (1ull << peb->NumberOfProcessors) - 1;
    peb->OSMajorVersion = 10;
    peb->OSMinorVersion = 0;
    peb->OSBuildNumber = 19045;
    peb->OSPlatformId = 2; /* VER_PLATFORM_WIN32_NT */
    peb->ImageSubsystem = PspImage.Info.Subsystem;
    peb->ImageSubsystemMajorVersion = PspImage.Info.SubsystemMajor;
    peb->ImageSubsystemMinorVersion = PspImage.Info.SubsystemMinor;
    peb->SessionId = 1;
    peb->CriticalSectionTimeout.QuadPart = -2592000ll * 10000000; /* 30 days */
    peb->HeapSegmentReserve = 0x100000;
    peb->HeapSegmentCommit = 0x2000;
    peb->HeapDeCommitTotalFreeThreshold = 0x10000;
    peb->HeapDeCommitFreeBlockThreshold = 0x1000;
    peb->MinimumStackCommit = 0;
    /* win32k's table of the GDI objects, one 24-byte entry per handle index, which gdi32 reads in place: it is
     * there as on Windows, and empty, Veles having no GDI objects, so that gdi32 finds no handle valid rather
     * than fault on a missing table. */
    if ((status = MmAllocateVirtual(&peb->GdiSharedHandleTable, PSP_GDI_HANDLE_TABLE_SIZE, MEM_RESERVE | MEM_COMMIT,
                                    PAGE_READONLY)))
        return status;
    PspPeb = peb;
    return STATUS_SUCCESS;
}

static const char *PspFindNtdll(void)
{
    static char path[4200];
    const char *env = getenv("VELES_NTDLL");

    if (env)
        return env;
    snprintf(path, sizeof(path), "%s/ntdll.dll", HostInstallDirectory());
    if (access(path, R_OK))
        snprintf(path, sizeof(path), "%s/../lib/veles/ntdll.dll", HostInstallDirectory());
    return path;
}

static NTSTATUS PspStartProcess(const char *image_path, int argc, char **argv, BOOLEAN child, char *err,
                                size_t errlen)
{
    RTL_USER_PROCESS_PARAMETERS *pp;
    MM_IMAGE ntdll;
    PVOID entry, thread_start, exception_dispatcher, apc_dispatcher;
    char detail[512];
    const char *ntdll_path = PspFindNtdll();
    NTSTATUS status;

    PspCreateTime = KeQuerySystemTime();
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is STATUS_PIPE_BROKEN, not death */
    KeInitializeSignals();
    KeSelectTrapMode();
    ObInitializeNamespace();
    if ((status = HostEnsurePrefix(ntdll_path))) {
        snprintf(err, errlen, "cannot create the prefix %s: %s", HostPrefixPath(), RtlNtStatusName(status));
        return status;
    }
    IoInitializeDevices();
    if ((status = CmInitializeRegistry(detail, sizeof(detail)))) {
        snprintf(err, errlen, "the registry in %s cannot be used: %s", HostPrefixPath(), detail);
        return status;
    }
    if ((status = KeInitializeUserSharedData())) {
        snprintf(err, errlen, "cannot map KUSER_SHARED_DATA at %#llx", KUSER_SHARED_DATA_ADDRESS);
        return status;
    }
    if ((status = MmMapImageFile(ntdll_path, &ntdll, detail, sizeof(detail)))) {
        snprintf(err, errlen, "cannot load %s: %s", ntdll_path, detail);
        return status;
    }
    entry = MmFindExport(&ntdll, "LdrInitializeThunk");
    thread_start = MmFindExport(&ntdll, "RtlUserThreadStart");
    exception_dispatcher = MmFindExport(&ntdll, "KiUserExceptionDispatcher");
    apc_dispatcher = MmFindExport(&ntdll, "KiUserApcDispatcher");
    if (!entry || !thread_start || !exception_dispatcher || !apc_dispatcher) {
        snprintf(err, errlen, "%s is not Veles' ntdll (LdrInitializeThunk, RtlUserThreadStart, "
                 "KiUserExceptionDispatcher or KiUserApcDispatcher is missing)", ntdll_path);
        return STATUS_ENTRYPOINT_NOT_FOUND;
    }
    KeSetServiceDispatcher((ULONG64)(KeTraceEnabled() ? KiSystemServiceTraced : KiSystemService));
    KeSetServiceStubs((ULONG64)MmFindExport(&ntdll, KeFirstServiceName()));
    KeSetUserExceptionDispatcher((ULONG64)exception_dispatcher);
    KeSetUserApcDispatcher((ULONG64)apc_dispatcher);
    IoSetConsoleCtrlDispatcher(MmFindExport(&ntdll, "KiUserConsoleCtrlDispatcher"));

    if ((status = MmMapImageFile(image_path, &PspImage, detail, sizeof(detail)))) {
        snprintf(err, errlen, "%s: not a valid Windows image: %s", image_path, detail);
        return status;
    }
    PspImageDosPath = IoUnixPathToDos(image_path);
    PspCurrentProcess = ObCreateObject(&PsProcessType, sizeof(*PspCurrentProcess));
    KeInitializeDispatcherHeader(&PspCurrentProcess->Header, KE_OBJECT_PROCESS, 0);
    ObSetCurrentProcessObject(PspCurrentProcess);
    if ((status = PspCreateParameters(argc, argv, child, &pp, err, errlen)) || (status = PspCreatePeb(pp))) {
        if (!*err)
            snprintf(err, errlen, "cannot create the process: %s", RtlNtStatusName(status));
        return status;
    }
    PsStartInitialThread((ULONG64)entry, (ULONG64)ntdll.Base, (ULONG64)thread_start,
                         PspImage.Info.EntryPoint ? (char *)PspImage.Base + PspImage.Info.EntryPoint : NULL,
                         child ? PSP_CHILD_CHANNEL_FD : -1);
}

NTSTATUS PsStartProcess(const char *image_path, int argc, char **argv, BOOLEAN child, char *err, size_t errlen)
{
    NTSTATUS status;

    if (child) {
        /* The channel to the creator is this process's alone, and the whole exit code goes over it. */
        fcntl(PSP_CHILD_CHANNEL_FD, F_SETFD, FD_CLOEXEC);
        fcntl(PSP_CHILD_PARAMETERS_FD, F_SETFD, FD_CLOEXEC);
        HostReportExitTo(PSP_CHILD_CHANNEL_FD);
    }
    status = PspStartProcess(image_path, argc, argv, child, err, errlen);
    if (child)
        PspTellCreator(PSP_CHILD_CHANNEL_FD, status, NULL);
    return status;
}

HANDLE PsGetCurrentProcessId(void)
{
    return PspProcessIdOf(getpid());
}

NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus)
{
    EPROCESS *process;
    NTSTATUS status;

    /* NULL ends every other thread of the process and returns. With one thread there is nothing to do;
     * ending running threads from outside is not written yet (the process's own end stops them all). */
    if (!ProcessHandle)
        return PsLiveThreadCount() == 1 ? STATUS_SUCCESS
                                        : KeReportNotImplemented("NtTerminateProcess(NULL) with other threads running");
    if ((status = PspReferenceProcess(ProcessHandle, PROCESS_TERMINATE, &process)))
        return status;
    if (process != PspCurrentProcess) {
        status = PspTerminateChild(process, ExitStatus);
        ObDereferenceObject(process);
        return status;
    }
    ObDereferenceObject(process);
    KeTraceFlushPending();
    HostExit((unsigned int)ExitStatus);
}

/* The sizes Linux tells of a process's memory (its /proc status file): virtual, resident, and the peaks of both. */
static void PspReadMemorySizes(const char *status, VM_COUNTERS_EX *vm)
{
    vm->VirtualSize = HostProcBytes(status, "VmSize");
    vm->PeakVirtualSize = HostProcBytes(status, "VmPeak");
    vm->WorkingSetSize = HostProcBytes(status, "VmRSS");
    vm->PeakWorkingSetSize = HostProcBytes(status, "VmHWM");
}

void PspReadCounters(VM_COUNTERS_EX *vm, IO_COUNTERS *io)
{
    struct rusage ru;
    SIZE_T reserved;
    FILE *f;
    char line[128];
    unsigned long long v;

    memset(vm, 0, sizeof(*vm));
    getrusage(RUSAGE_SELF, &ru);
    MmQueryUsage(&vm->PrivateUsage, &reserved);
    PspReadMemorySizes("/proc/self/status", vm);
    vm->PageFaultCount = (ULONG)(ru.ru_minflt + ru.ru_majflt);
    vm->PagefileUsage = vm->PeakPagefileUsage = vm->PrivateUsage;

    memset(io, 0, sizeof(*io));
    f = fopen("/proc/self/io", "re");
    while (f && fgets(line, sizeof(line), f)) {
        if (sscanf(line, "syscr: %llu", &v) == 1)
            io->ReadOperationCount = v;
        else if (sscanf(line, "syscw: %llu", &v) == 1)
            io->WriteOperationCount = v;
        else if (sscanf(line, "rchar: %llu", &v) == 1)
            io->ReadTransferCount = v;
        else if (sscanf(line, "wchar: %llu", &v) == 1)
            io->WriteTransferCount = v;
    }
    if (f)
        fclose(f);
    io->OtherOperationCount = IoQueryOtherOperationCount();
}

/* ProcessVmCounters and ProcessIoCounters, of this process or a running child (which reads its own); the limited
 * query right is enough, as on Windows. The memory counters come in their short or long form; a length of neither
 * is told the short one. */
static NTSTATUS PspQueryCounters(HANDLE process, PROCESSINFOCLASS class, PVOID out, ULONG length, PULONG return_length)
{
    VM_COUNTERS_EX vm;
    IO_COUNTERS io;
    ULONG size = class != ProcessVmCounters ? sizeof(io)
                 : length == sizeof(vm)     ? sizeof(vm)
                                            : offsetof(VM_COUNTERS_EX, PrivateUsage);
    ACCESS_MASK granted;
    void *object, *child;
    NTSTATUS status;

    if (length != size) {
        if (return_length && KeWriteUser(return_length, size))
            return STATUS_ACCESS_VIOLATION;
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    if (!MmIsUserRange(out, size))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandleWithAccess(process, &PsProcessType, &object, &granted)))
        return status;
    ObDereferenceObject(object);
    if (!(granted & (PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION)))
        return STATUS_ACCESS_DENIED;
    if ((status = PsReferenceTargetProcess(process, 0, &child)))
        return status == STATUS_PROCESS_IS_TERMINATING
                   ? KeReportNotImplemented("the memory and I/O counters of a process that has ended")
                   : status;
    if (child) {
        PS_CHILD_REQUEST request = {.Function = PSP_CHILD_COUNTERS, .Arguments = {class}};
        PS_CHILD_REPLY reply;
        status = PsCallChild(child, &request, -1, &reply);
        ObDereferenceObject(child);
        if (status)
            return status;
        memcpy(class == ProcessVmCounters ? (void *)&vm : (void *)&io, reply.Results, size);
    } else {
        PspReadCounters(&vm, &io);
    }
    if (KeCopyToUser(out, class == ProcessVmCounters ? (void *)&vm : (void *)&io, size) ||
        (return_length && KeWriteUser(return_length, size)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* SystemProcessInformation's answer, laid out in a host buffer as the caller's will hold it: each process's entry,
 * its threads, its name. Its names' buffers are offsets until the answer is copied out. */
typedef struct {
    BYTE *Data;
    ULONG Size, Last;
    BOOLEAN Extended;
} PSP_PROCESS_LIST;

#define PSP_THREAD_WAITING 5
#define PSP_THREAD_RUNNING 2
#define PSP_WAIT_SUSPENDED 5
#define PSP_WAIT_USER_REQUEST 6

/* A new entry for a process with threads threads named name (a DOS path, of which the file's name is kept). */
static SYSTEM_PROCESS_INFORMATION *PspAddProcess(PSP_PROCESS_LIST *list, ULONG threads, const char *name)
{
    const char *base = strrchr(name, '\\') ? strrchr(name, '\\') + 1 : name;
    ULONG thread_size = list->Extended ? sizeof(SYSTEM_EXTENDED_THREAD_INFORMATION) : sizeof(SYSTEM_THREAD_INFORMATION);
    ULONG name_offset = sizeof(SYSTEM_PROCESS_INFORMATION) + threads * thread_size;
    SIZE_T units = RtlpUtf8ToUtf16(base, strlen(base), NULL, 0);
    ULONG size = (ULONG)((name_offset + (units + 1) * sizeof(WCHAR) + 7) & ~(SIZE_T)7);
    SYSTEM_PROCESS_INFORMATION *entry;

    list->Data = HostRealloc(list->Data, list->Size + size);
    memset(list->Data + list->Size, 0, size);
    if (list->Size)
        ((SYSTEM_PROCESS_INFORMATION *)(list->Data + list->Last))->NextEntryOffset = list->Size - list->Last;
    list->Last = list->Size;
    list->Size += size;
    entry = (SYSTEM_PROCESS_INFORMATION *)(list->Data + list->Last);
    entry->NumberOfThreads = entry->NumberOfThreadsHighWatermark = threads;
    RtlpUtf8ToUtf16(base, strlen(base), (WCHAR *)((BYTE *)entry + name_offset), units);
    entry->ImageName.Length = (USHORT)(units * sizeof(WCHAR));
    entry->ImageName.MaximumLength = (USHORT)(entry->ImageName.Length + sizeof(WCHAR));
    entry->ImageName.Buffer = (PWSTR)(ULONG_PTR)(list->Last + name_offset);
    entry->BasePriority = 8; /* normal */
    entry->SessionId = 1;
    return entry;
}

void PspGetThreadFacts(ETHREAD *thread, PSP_THREAD_FACTS *facts)
{
    PTEB teb = thread->Tcb.Teb;
    NT_TIB tib = {0};

    if (teb && KeReadUser(&tib, &teb->NtTib))
        memset(&tib, 0, sizeof(tib));
    *facts = (PSP_THREAD_FACTS){.ClientId = thread->ClientId, .CreateTime = thread->CreateTime, .Teb = teb,
                                .StartAddress = thread->StartAddress, .StackBase = tib.StackBase,
                                .StackLimit = tib.StackLimit, .Priority = thread->Priority,
                                .BasePriority = thread->BasePriority,
                                .Suspended = thread->Tcb.State == KE_THREAD_SUSPENDED};
}

/* The i-th thread of the last entry, a thread of the Linux process pid: its times and state from Linux's view of its
 * task, suspended as Windows counts it. */
static void PspAddThread(PSP_PROCESS_LIST *list, ULONG i, const PSP_THREAD_FACTS *facts, pid_t pid)
{
    ULONG thread_size = list->Extended ? sizeof(SYSTEM_EXTENDED_THREAD_INFORMATION) : sizeof(SYSTEM_THREAD_INFORMATION);
    SYSTEM_EXTENDED_THREAD_INFORMATION *info =
        (SYSTEM_EXTENDED_THREAD_INFORMATION *)(list->Data + list->Last + sizeof(SYSTEM_PROCESS_INFORMATION) +
                                               i * thread_size);
    char path[64], state;

    snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, PspLinuxIdOfThread(facts->ClientId.UniqueThread));
    PspCpuTimes(path, &info->ThreadInfo.KernelTime.QuadPart, &info->ThreadInfo.UserTime.QuadPart, &state);
    info->ThreadInfo.CreateTime.QuadPart = facts->CreateTime;
    info->ThreadInfo.ClientId = facts->ClientId;
    info->ThreadInfo.Priority = facts->Priority;
    info->ThreadInfo.BasePriority = facts->BasePriority;
    info->ThreadInfo.StartAddress = (PVOID)PspUserThreadStart; /* where every thread starts: ntdll's, the same in all */
    info->ThreadInfo.ThreadState = state == 'R' && !facts->Suspended ? PSP_THREAD_RUNNING : PSP_THREAD_WAITING;
    if (info->ThreadInfo.ThreadState == PSP_THREAD_WAITING)
        info->ThreadInfo.WaitReason = state == 'T' || facts->Suspended ? PSP_WAIT_SUSPENDED : PSP_WAIT_USER_REQUEST;
    if (list->Extended) {
        info->Win32StartAddress = facts->StartAddress;
        info->TebBase = facts->Teb;
        info->StackBase = facts->StackBase;
        info->StackLimit = facts->StackLimit;
    }
}

/* This process: its Windows threads (not the host's own), each with its stack and TEB. */
static void PspAddThisProcess(PSP_PROCESS_LIST *list)
{
    PSP_THREAD_FACTS *facts = NULL;
    ETHREAD *t = NULL, *next;
    ULONG count = 0;
    SYSTEM_PROCESS_INFORMATION *entry;
    struct rusage ru;

    while ((next = PspNextThread(t, FALSE))) {
        if (t)
            ObDereferenceObject(t);
        t = next;
        facts = HostRealloc(facts, (count + 1) * sizeof(*facts));
        PspGetThreadFacts(t, &facts[count++]);
    }
    if (t)
        ObDereferenceObject(t);
    entry = PspAddProcess(list, count, PspImageDosPath);
    getrusage(RUSAGE_SELF, &ru);
    entry->CreateTime.QuadPart = PspCreateTime;
    entry->UserTime.QuadPart = PspTimevalTo100ns(ru.ru_utime);
    entry->KernelTime.QuadPart = PspTimevalTo100ns(ru.ru_stime);
    entry->UniqueProcessId = PsGetCurrentProcessId();
    entry->InheritedFromUniqueProcessId = PspProcessIdOf(getppid());
    entry->HandleCount = ObHandleCount();
    entry->WorkingSetPrivateSize.QuadPart = (LONGLONG)HostProcBytes("/proc/self/status", "RssAnon");
    PspReadCounters(&entry->VmCounters, &entry->IoCounters);
    for (ULONG i = 0; i < count; i++)
        PspAddThread(list, i, &facts[i], getpid());
    free(facts);
}

/* A child: what its creator knows of it, and the threads its kernel tells of, one call each. A child stopped whole,
 * or ending, tells nothing: its first thread, which its creator knows, stands for them. */
static void PspAddChild(PSP_PROCESS_LIST *list, EPROCESS *child)
{
    PSP_THREAD_FACTS *facts = NULL;
    SYSTEM_PROCESS_INFORMATION *entry;
    ULONG count = 0;
    char path[64];

    while (!__atomic_load_n(&child->SuspendCount, __ATOMIC_ACQUIRE) && count < 4096) {
        PS_CHILD_REQUEST request = {.Function = PSP_CHILD_THREAD, .Arguments = {count}};
        PS_CHILD_REPLY reply;
        if (PsCallChild(child, &request, -1, &reply))
            break;
        facts = HostRealloc(facts, (count + 1) * sizeof(*facts));
        memcpy(&facts[count], reply.Results, sizeof(*facts));
        /* The first thread waits for its creator to resume it: suspended, as its creator counts it. */
        if (facts[count].ClientId.UniqueThread == child->FirstThread->ClientId.UniqueThread &&
            child->FirstThread->ChildSuspendCount)
            facts[count].Suspended = TRUE;
        count++;
    }
    if (!count) {
        facts = HostZalloc(sizeof(*facts));
        facts->ClientId = child->FirstThread->ClientId;
        facts->CreateTime = child->FirstThread->CreateTime;
        facts->Teb = child->FirstTeb;
        facts->Suspended = child->FirstThread->ChildSuspendCount > 0;
        count = 1;
    }
    entry = PspAddProcess(list, count, child->ImageDosPath);
    snprintf(path, sizeof(path), "/proc/%d/stat", child->Pid);
    PspCpuTimes(path, &entry->KernelTime.QuadPart, &entry->UserTime.QuadPart, NULL);
    entry->CreateTime.QuadPart = child->CreateTime;
    entry->UniqueProcessId = PspProcessIdOf(child->Pid);
    entry->InheritedFromUniqueProcessId = PsGetCurrentProcessId();
    snprintf(path, sizeof(path), "/proc/%d/status", child->Pid);
    PspReadMemorySizes(path, &entry->VmCounters);
    for (ULONG i = 0; i < count; i++)
        PspAddThread(list, i, &facts[i], child->Pid);
    free(facts);
}

NTSTATUS PsQuerySystemProcesses(BOOLEAN extended, PVOID out, ULONG length, PULONG return_length)
{
    PSP_PROCESS_LIST list = {.Extended = extended};
    EPROCESS *children[64];
    ULONG n = PspSnapshotChildren(children, sizeof(children) / sizeof(children[0]));
    NTSTATUS status = STATUS_SUCCESS;

    PspAddThisProcess(&list);
    for (ULONG i = 0; i < n; i++) {
        PspAddChild(&list, children[i]);
        ObDereferenceObject(children[i]);
    }
    if (length < list.Size)
        status = STATUS_INFO_LENGTH_MISMATCH;
    else {
        for (ULONG offset = 0;; offset += ((SYSTEM_PROCESS_INFORMATION *)(list.Data + offset))->NextEntryOffset) {
            SYSTEM_PROCESS_INFORMATION *entry = (SYSTEM_PROCESS_INFORMATION *)(list.Data + offset);
            entry->ImageName.Buffer = (PWSTR)((BYTE *)out + (ULONG_PTR)entry->ImageName.Buffer);
            if (!entry->NextEntryOffset)
                break;
        }
        if (KeCopyToUser(out, list.Data, list.Size))
            status = STATUS_ACCESS_VIOLATION;
    }
    if (!status || status == STATUS_INFO_LENGTH_MISMATCH)
        if (return_length && KeWriteUser(return_length, list.Size))
            status = STATUS_ACCESS_VIOLATION;
    free(list.Data);
    return status;
}

/* What the process's settings are: errors the program handles itself (SetErrorMode's, with 1 meaning critical
 * errors are shown, as Windows keeps it), whether a debugger's children inherit it, and the priority class, which
 * is kept but changes nothing in Linux's scheduling, as for threads' priorities. */
static ULONG PspHardErrorMode = 1, PspDebugInherit = 1;
static UCHAR PspPriorityClass = PROCESS_PRIOCLASS_NORMAL;

/* The process's processors: each of its threads is bound to them, and their own affinity goes back to all of
 * them, as on Windows. A mask outside the system's processors is refused. */
static NTSTATUS PspSetAffinity(KAFFINITY mask)
{
    ULONG cpus = HostProcessorCount();
    KAFFINITY all = cpus >= 64 ? ~(KAFFINITY)0 : ((KAFFINITY)1 << cpus) - 1;
    ETHREAD *thread = NULL, *next;

    if (!mask || mask & ~all)
        return STATUS_INVALID_PARAMETER;
    PspPeb->ActiveProcessAffinityMask = mask;
    while ((next = PspNextThread(thread, FALSE))) {
        if (thread)
            ObDereferenceObject(thread);
        thread = next;
        if (KeReadState(&thread->Tcb.Header) <= 0) {
            thread->Affinity = 0;
            PspBindThread(thread, mask);
        }
    }
    if (thread)
        ObDereferenceObject(thread);
    return STATUS_SUCCESS;
}

/* A stack's reservation for a thread the caller makes itself (RtlCreateUserStack's way on Windows): its base is
 * written back; the Ex form's node must be one the machine has. */
static NTSTATUS PspAllocateStack(HANDLE process, PVOID user, ULONG length)
{
    PROCESS_STACK_ALLOCATION_INFORMATION_EX ex = {0};
    PROCESS_STACK_ALLOCATION_INFORMATION *info = &ex.AllocInfo;
    bool extended = length == sizeof(ex);
    PVOID base = NULL;
    NTSTATUS status;

    if (length != sizeof(ex) && length != sizeof(*info))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeCopyFromUser(extended ? (void *)&ex : (void *)info, user, length))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PsCheckProcessAccess(process, PROCESS_VM_OPERATION)))
        return status;
    if (extended && (!ExIsNumaNode(ex.PreferredNode) || ex.Reserved0 || ex.Reserved1 || ex.Reserved2))
        return STATUS_INVALID_PARAMETER;
    if ((status = MmAllocateVirtualBelow(&base, info->ReserveSize, info->ZeroBits, MEM_RESERVE, PAGE_READWRITE)))
        return status;
    if (KeWriteUser(extended ? &((PROCESS_STACK_ALLOCATION_INFORMATION_EX *)user)->AllocInfo.StackBase
                             : &((PROCESS_STACK_ALLOCATION_INFORMATION *)user)->StackBase,
                    base)) {
        MmFreeVirtual(base);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtSetInformationProcess(HANDLE ProcessHandle, PROCESSINFOCLASS ProcessInformationClass,
                                       PVOID ProcessInformation, ULONG ProcessInformationLength)
{
    union {
        ULONG ulong;
        PROCESS_PRIORITY_CLASS priority;
        KAFFINITY affinity;
        PROCESS_STACK_ALLOCATION_INFORMATION_EX stack;
        PROCESS_INSTRUMENTATION_CALLBACK_INFORMATION instrumentation;
    } u;
    ULONG size;
    NTSTATUS status;

    if (ProcessInformationClass == ProcessThreadStackAllocation)
        return PspAllocateStack(ProcessHandle, ProcessInformation, ProcessInformationLength);
    switch (ProcessInformationClass) {
    case ProcessDefaultHardErrorMode:
    case ProcessDebugFlags:
        size = sizeof(u.ulong);
        break;
    case ProcessPriorityClass:
        size = sizeof(u.priority);
        break;
    case ProcessAffinityMask:
        size = sizeof(u.affinity);
        break;
    case ProcessInstrumentationCallback:
        size = sizeof(u.instrumentation);
        break;
    default:
        if ((ULONG)ProcessInformationClass >= MaxProcessInfoClass)
            return STATUS_INVALID_INFO_CLASS;
        return KeReportNotImplemented("NtSetInformationProcess: this information class");
    }
    if (ProcessInformationLength != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeCopyFromUser(&u, ProcessInformation, size))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PsCheckProcessAccess(ProcessHandle, PROCESS_SET_INFORMATION)))
        return status;
    switch (ProcessInformationClass) {
    case ProcessDefaultHardErrorMode:
        PspHardErrorMode = u.ulong;
        break;
    case ProcessDebugFlags:
        if (u.ulong & ~1u)
            return STATUS_INVALID_PARAMETER;
        PspDebugInherit = u.ulong;
        break;
    case ProcessAffinityMask:
        return PspSetAffinity(u.affinity);
    case ProcessInstrumentationCallback:
        /* None is ever installed: taking it away is done, installing one is not written. */
        if (u.instrumentation.Callback)
            return KeReportNotImplemented("NtSetInformationProcess(ProcessInstrumentationCallback) with a callback");
        break;
    default:
        if (!u.priority.PriorityClass || u.priority.PriorityClass > PROCESS_PRIOCLASS_ABOVE_NORMAL)
            return STATUS_INVALID_PARAMETER;
        /* Real time takes a privilege no Veles token holds: the class becomes high, as on Windows. */
        PspPriorityClass = u.priority.PriorityClass == PROCESS_PRIOCLASS_REALTIME ? PROCESS_PRIOCLASS_HIGH
                                                                                  : u.priority.PriorityClass;
        break;
    }
    return STATUS_SUCCESS;
}

/* The image's name as a UNICODE_STRING followed by its text: in the NT form (\Device\HarddiskVolume1\...) or as
 * Win32 knows it (C:\...). Its size comes back also when the buffer is too small for it. */
static NTSTATUS PspQueryImageName(HANDLE handle, BOOLEAN win32, PVOID out, ULONG length, PULONG return_length)
{
    EPROCESS *process;
    NTSTATUS status = PspReferenceProcess(handle, 0, &process);
    const char *dos;

    if (status)
        return status;
    /* A child's, as its creator found it. */
    dos = process->Pid ? process->ImageDosPath : PspImageDosPath;
    char *nt = win32 ? NULL : IoDosPathToNt(dos);
    const char *path = nt ? nt : dos;
    size_t units = RtlpUtf8ToUtf16(path, strlen(path), NULL, 0);
    ULONG size = (ULONG)(sizeof(UNICODE_STRING) + (units + 1) * sizeof(WCHAR));
    UNICODE_STRING *name = NULL;

    if (return_length && KeWriteUser(return_length, size)) {
        status = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if (length < size) {
        status = STATUS_INFO_LENGTH_MISMATCH;
        goto out;
    }
    name = HostAlloc(size);
    name->Length = (USHORT)(units * sizeof(WCHAR));
    name->MaximumLength = (USHORT)(name->Length + sizeof(WCHAR));
    name->Buffer = (PWSTR)((UNICODE_STRING *)out + 1);
    RtlpUtf8ToUtf16(path, strlen(path), (WCHAR *)(name + 1), units);
    ((WCHAR *)(name + 1))[units] = 0;
    status = KeCopyToUser(out, name, size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
out:
    ObDereferenceObject(process);
    free(name);
    free(nt);
    return status;
}

NTSTATUS NTAPI NtQueryInformationProcess(HANDLE ProcessHandle, PROCESSINFOCLASS ProcessInformationClass,
                                         PVOID ProcessInformation, ULONG ProcessInformationLength,
                                         PULONG ReturnLength)
{
    union {
        PROCESS_BASIC_INFORMATION basic;
        KERNEL_USER_TIMES times;
        ULONG_PTR ptr;
        ULONG ulong;
        SECTION_IMAGE_INFORMATION image;
        PROCESS_PRIORITY_CLASS priority;
    } u;
    EPROCESS *process;
    ULONG size;
    NTSTATUS status;

    if (ProcessInformationClass == ProcessVmCounters || ProcessInformationClass == ProcessIoCounters)
        return PspQueryCounters(ProcessHandle, ProcessInformationClass, ProcessInformation, ProcessInformationLength,
                                ReturnLength);
    /* A 64-bit process always has DEP, and no execute flags to read (Windows answers so). */
    if (ProcessInformationClass == ProcessExecuteFlags)
        return STATUS_INVALID_PARAMETER;
    if (ProcessInformationClass == ProcessImageFileName || ProcessInformationClass == ProcessImageFileNameWin32)
        return PspQueryImageName(ProcessHandle, ProcessInformationClass == ProcessImageFileNameWin32,
                                 ProcessInformation, ProcessInformationLength, ReturnLength);
    memset(&u, 0, sizeof(u));
    switch (ProcessInformationClass) {
    case ProcessBasicInformation:
        u.basic.PebBaseAddress = PspPeb;
        u.basic.AffinityMask = PspPeb ? PspPeb->ActiveProcessAffinityMask : 1;
        /* The priority class, where Windows puts the base priority (8 for normal): the kernelbase Veles runs
         * (Wine's) reads the class there for GetPriorityClass. */
        u.basic.BasePriority = PspPriorityClass;
        u.basic.UniqueProcessId = (ULONG_PTR)PsGetCurrentProcessId();
        u.basic.InheritedFromUniqueProcessId = (ULONG_PTR)PspProcessIdOf(getppid());
        u.basic.ExitStatus = STATUS_PENDING;
        size = sizeof(u.basic);
        break;
    case ProcessTimes: {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        u.times.CreateTime.QuadPart = PspCreateTime;
        u.times.KernelTime.QuadPart = PspTimevalTo100ns(ru.ru_stime);
        u.times.UserTime.QuadPart = PspTimevalTo100ns(ru.ru_utime);
        size = sizeof(u.times);
        break;
    }
    case ProcessDebugPort:
    case ProcessWow64Information:
        size = sizeof(u.ptr); /* no debugger; not a 32-bit process */
        break;
    case ProcessDefaultHardErrorMode:
    case ProcessSessionInformation:
    case ProcessHandleCount:
    case ProcessDebugFlags:
        u.ulong = ProcessInformationClass == ProcessSessionInformation ? 1
                  : ProcessInformationClass == ProcessHandleCount       ? ObHandleCount()
                  : ProcessInformationClass == ProcessDebugFlags        ? PspDebugInherit
                                                                         : PspHardErrorMode;
        size = sizeof(u.ulong);
        break;
    case ProcessPriorityClass:
        u.priority.PriorityClass = PspPriorityClass;
        size = sizeof(u.priority);
        break;
    case ProcessImageInformation:
        MmDescribeImage(&PspImage.Info, (ULONG_PTR)PspImage.Base, &u.image);
        size = sizeof(u.image);
        break;
    default:
        if ((ULONG)ProcessInformationClass >= MaxProcessInfoClass)
            return STATUS_INVALID_INFO_CLASS;
        return KeReportNotImplemented("NtQueryInformationProcess: this information class");
    }
    /* Windows' order: the class, the exact length, the buffer, then the handle. */
    if (ProcessInformationLength != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!MmIsUserRange(ProcessInformation, size))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PspReferenceProcess(ProcessHandle, 0, &process)))
        return status;
    ObDereferenceObject(process);
    /* Of a child, what its creator knows (its ids, PEB, end, times and kind) and what it tells (its handles). */
    if (process != PspCurrentProcess) {
        if (ProcessInformationClass == ProcessBasicInformation) {
            u.basic.PebBaseAddress = process->Peb;
            u.basic.UniqueProcessId = (ULONG_PTR)PspProcessIdOf(process->Pid);
            u.basic.InheritedFromUniqueProcessId = (ULONG_PTR)PsGetCurrentProcessId();
            u.basic.ExitStatus = process->ExitStatus;
            u.basic.BasePriority = PROCESS_PRIOCLASS_NORMAL; /* a child's class as it was created */
        } else if (ProcessInformationClass == ProcessWow64Information) {
            u.ptr = 0; /* Veles runs 64-bit processes only */
        } else if (ProcessInformationClass == ProcessHandleCount) {
            /* The child counts its own while it runs; one that has ended holds none. */
            PS_CHILD_REQUEST request = {.Function = PSP_CHILD_HANDLE_COUNT};
            PS_CHILD_REPLY reply = {0};
            void *child;
            status = PsReferenceTargetProcess(ProcessHandle, 0, &child);
            if (!status) {
                status = PsCallChild(child, &request, -1, &reply);
                ObDereferenceObject(child);
            }
            if (status && status != STATUS_PROCESS_IS_TERMINATING)
                return status;
            u.ulong = status ? 0 : (ULONG)reply.Results[0];
        } else if (ProcessInformationClass == ProcessTimes) {
            memset(&u.times, 0, sizeof(u.times));
            u.times.CreateTime.QuadPart = process->CreateTime;
            if (KeReadState(&process->Header)) {
                u.times.ExitTime.QuadPart = process->ExitTime;
                u.times.KernelTime.QuadPart = process->KernelTime;
                u.times.UserTime.QuadPart = process->UserTime;
            } else {
                char path[64];
                snprintf(path, sizeof(path), "/proc/%d/stat", process->Pid);
                PspCpuTimes(path, &u.times.KernelTime.QuadPart, &u.times.UserTime.QuadPart, NULL);
            }
        } else {
            return KeReportNotImplemented("NtQueryInformationProcess: this information class of another process");
        }
    }
    if (KeCopyToUser(ProcessInformation, &u, size) || (ReturnLength && KeWriteUser(ReturnLength, size)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}
