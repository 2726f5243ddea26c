/* NtCreateUserProcess: a child process, run by a veles of its own in a Linux process of its own, and what its
 * creator does with it (its first thread's resumption, its end, its exit status). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ob/ob.h"
#include "ps/psp.h"

extern char **environ;

/* The child's channel carries messages to its creator told apart by their length (a SOCK_SEQPACKET keeps them
 * whole): how its start went, once its first thread is ready to run, the exit code as it ends, and the answers to
 * the creator's calls (ps/remote.c). The creator sends one byte when the first thread may run, and its calls. */
typedef struct {
    NTSTATUS Status;
    ULONG Reserved;
    ULONG64 Peb, Parameters, Teb;
} PSP_START_MESSAGE;

/* What a child inherits besides its standard handles: the creator's inheritable handles to files (all of them, or
 * those of the handle list it gave), each with a descriptor the child finds at PSP_CHILD_INHERITED_FD + its index.
 * They follow the parameters in the block the child is sent: a count, then the handles. */
#define PSP_MAX_INHERITED 1024
#define PSP_CHILD_INHERITED_FD (PSP_CHILD_PARAMETERS_FD + 1)

typedef struct {
    ULONG64 Value;
    ACCESS_MASK Access;
    ULONG Attributes, Options, Reserved;
} PSP_INHERITED;

typedef struct {
    int Std[3];                 /* -1: closed in the child */
    int Inherited[PSP_MAX_INHERITED];
    ULONG InheritedCount;
} PSP_DESCRIPTORS;

/* A descriptor moved out of the way of the numbers the child's are put at (those below floor). */
static int PspHighDescriptor(int fd, int floor)
{
    int high;

    if (fd < 0 || fd >= floor)
        return fd;
    high = fcntl(fd, F_DUPFD_CLOEXEC, floor);
    close(fd);
    return high;
}

/* The parameters block as it travels: the structure with each string's Buffer and the environment as offsets
 * from its start, then their text. The caller's may be normalized (pointers) or not (offsets from it). */
typedef struct {
    char *Data;
    size_t Size, Capacity;
} PSP_PACK;

static void PspPackBytes(PSP_PACK *pack, const void *bytes, size_t size)
{
    size_t aligned = (size + 7) & ~(size_t)7;

    if (pack->Size + aligned > pack->Capacity) {
        pack->Capacity = (pack->Size + aligned) * 2;
        pack->Data = HostRealloc(pack->Data, pack->Capacity);
    }
    memcpy(pack->Data + pack->Size, bytes, size);
    memset(pack->Data + pack->Size + size, 0, aligned - size);
    pack->Size += aligned;
}

static NTSTATUS PspPackString(PSP_PACK *pack, UNICODE_STRING *string, ULONG_PTR base, USHORT room)
{
    USHORT length = string->Length & ~1;
    size_t size = (size_t)length + sizeof(WCHAR) > room ? (size_t)length + sizeof(WCHAR) : room;
    WCHAR *text = HostZalloc(size);
    const WCHAR *from = (const WCHAR *)((ULONG_PTR)string->Buffer + base);

    if (length && KeCopyFromUser(text, from, length)) {
        free(text);
        return STATUS_ACCESS_VIOLATION;
    }
    string->Buffer = (PWSTR)(ULONG_PTR)pack->Size;
    string->Length = length;
    string->MaximumLength = (USHORT)size;
    PspPackBytes(pack, text, size);
    free(text);
    return STATUS_SUCCESS;
}

/* The environment's size: as the caller tells it, else up to its empty string. */
static NTSTATUS PspEnvironmentSize(const WCHAR *env, SIZE_T told, SIZE_T *size)
{
    const SIZE_T limit = 16 << 20;
    WCHAR chunk[2048];
    SIZE_T at = 0;
    WCHAR last = 1;

    if (told) {
        *size = told < limit ? told & ~(SIZE_T)1 : limit;
        return STATUS_SUCCESS;
    }
    while (at < limit) {
        /* A page at a time: the block may end just before memory that is not there. */
        const char *from = (const char *)env + at;
        size_t bytes = 4096 - ((ULONG_PTR)from & 4095);
        if ((ULONG_PTR)from & 1)
            return STATUS_DATATYPE_MISALIGNMENT;
        if (KeCopyFromUser(chunk, from, bytes))
            return STATUS_ACCESS_VIOLATION;
        for (size_t i = 0; i < bytes / sizeof(WCHAR); i++, at += sizeof(WCHAR)) {
            if (!chunk[i] && !last) {
                *size = at + sizeof(WCHAR);
                return STATUS_SUCCESS;
            }
            last = chunk[i];
        }
    }
    return STATUS_INVALID_PARAMETER;
}

static NTSTATUS PspPackParameters(const RTL_USER_PROCESS_PARAMETERS *user, PSP_PACK *pack,
                                  RTL_USER_PROCESS_PARAMETERS *pp)
{
    UNICODE_STRING *strings[] = {&pp->CurrentDirectory.DosPath, &pp->DllPath, &pp->ImagePathName, &pp->CommandLine,
                                 &pp->WindowTitle, &pp->DesktopInfo, &pp->ShellInfo, &pp->RuntimeInfo};
    ULONG_PTR base;
    SIZE_T env_size = 0;
    PVOID env;
    NTSTATUS status;

    if (KeCopyFromUser(pp, user, sizeof(*pp)))
        return STATUS_ACCESS_VIOLATION;
    base = pp->Flags & RTL_USER_PROC_PARAMS_NORMALIZED ? 0 : (ULONG_PTR)user;
    env = pp->Environment ? (PVOID)((ULONG_PTR)pp->Environment + base) : NULL;
    if (env && (status = PspEnvironmentSize(env, pp->EnvironmentSize, &env_size)))
        return status;
    memset(pack, 0, sizeof(*pack));
    PspPackBytes(pack, pp, sizeof(*pp));
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
        /* Windows keeps MAX_PATH characters of room for the current directory. */
        if ((status = PspPackString(pack, strings[i], base, i ? 0 : 260 * sizeof(WCHAR))))
            return status;
    }
    if (env) {
        char *copy = HostAlloc(env_size);
        if (KeCopyFromUser(copy, env, env_size)) {
            free(copy);
            return STATUS_ACCESS_VIOLATION;
        }
        pp->Environment = (PWSTR)(ULONG_PTR)pack->Size;
        PspPackBytes(pack, copy, env_size);
        free(copy);
    }
    pp->EnvironmentSize = env_size;
    /* What the child makes anew (its handles) or does not carry (the caller's other pointers). */
    pp->ConsoleHandle = pp->StandardInput = pp->StandardOutput = pp->StandardError = NULL;
    pp->CurrentDirectory.Handle = NULL;
    memset(pp->CurrentDirectories, 0, sizeof(pp->CurrentDirectories));
    pp->PackageDependencyData = NULL;
    pp->DefaultThreadpoolCpuSetMasks = NULL;
    pp->DefaultThreadpoolCpuSetMaskCount = 0;
    memset(&pp->RedirectionDllName, 0, sizeof(pp->RedirectionDllName));
    memset(&pp->HeapPartitionName, 0, sizeof(pp->HeapPartitionName));
    pp->Flags &= ~RTL_USER_PROC_PARAMS_NORMALIZED;
    pp->MaximumLength = pp->Length = (ULONG)pack->Size;
    memcpy(pack->Data, pp, sizeof(*pp));
    return STATUS_SUCCESS;
}

/* The handles a child inherits, at the values they had in its creator, before it makes any of its own. A handle
 * that cannot be had is left out, as its descriptor is. */
static void PspInheritHandles(int fd, off_t at, off_t end)
{
    ULONG64 count;
    PSP_INHERITED entry;

    if (pread(fd, &count, sizeof(count), at) != (ssize_t)sizeof(count) || count > PSP_MAX_INHERITED ||
        (off_t)(sizeof(count) + count * sizeof(entry)) > end - at)
        count = 0;
    for (ULONG64 i = 0; i < count; i++) {
        int inherited = PSP_CHILD_INHERITED_FD + (int)i;
        fcntl(inherited, F_SETFD, FD_CLOEXEC);
        if (pread(fd, &entry, sizeof(entry), at + (off_t)(sizeof(count) + i * sizeof(entry))) != sizeof(entry) ||
            IoImportFileDescriptor(inherited, entry.Access, entry.Options, entry.Attributes,
                                   (HANDLE)(ULONG_PTR)entry.Value)) {
            if (KeTraceEnabled())
                HostMessage("the inherited handle %#llx could not be had here", (unsigned long long)entry.Value);
            close(inherited);
        }
    }
}

NTSTATUS PspUnpackParameters(int fd, RTL_USER_PROCESS_PARAMETERS **out)
{
    RTL_USER_PROCESS_PARAMETERS *pp = NULL, header;
    struct stat st;
    SIZE_T size;
    NTSTATUS status;

    if (fstat(fd, &st) || st.st_size < (off_t)sizeof(*pp) || st.st_size > (64 << 20) ||
        pread(fd, &header, sizeof(header), 0) != (ssize_t)sizeof(header) || header.Length < sizeof(header) ||
        header.Length > (ULONG)st.st_size)
        return STATUS_INVALID_PARAMETER;
    PspInheritHandles(fd, header.Length, st.st_size);
    size = header.Length;
    if ((status = MmAllocateVirtual((PVOID *)&pp, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)))
        return status;
    if (pread(fd, pp, size, 0) != (ssize_t)size) {
        MmFreeVirtual(pp);
        return STATUS_INVALID_PARAMETER;
    }
    UNICODE_STRING *strings[] = {&pp->CurrentDirectory.DosPath, &pp->DllPath, &pp->ImagePathName, &pp->CommandLine,
                                 &pp->WindowTitle, &pp->DesktopInfo, &pp->ShellInfo, &pp->RuntimeInfo};
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
        ULONG_PTR at = (ULONG_PTR)strings[i]->Buffer;
        if (at > size || strings[i]->MaximumLength > size - at || strings[i]->Length > strings[i]->MaximumLength) {
            MmFreeVirtual(pp);
            return STATUS_INVALID_PARAMETER;
        }
        strings[i]->Buffer = (PWSTR)((char *)pp + at);
    }
    if (pp->EnvironmentSize) {
        ULONG_PTR at = (ULONG_PTR)pp->Environment;
        if (at > size || pp->EnvironmentSize > size - at) {
            MmFreeVirtual(pp);
            return STATUS_INVALID_PARAMETER;
        }
        pp->Environment = (PWSTR)((char *)pp + at);
    } else {
        pp->Environment = NULL;
    }
    pp->Flags |= RTL_USER_PROC_PARAMS_NORMALIZED;
    *out = pp;
    return STATUS_SUCCESS;
}

void PspTellCreator(int channel, NTSTATUS status, PTEB teb)
{
    PPEB peb = teb ? PsGetCurrentPeb() : NULL;
    PSP_START_MESSAGE message = {.Status = status, .Peb = (ULONG64)peb, .Teb = (ULONG64)teb,
                                 .Parameters = peb ? (ULONG64)peb->ProcessParameters : 0};
    ssize_t sent = send(channel, &message, sizeof(message), MSG_NOSIGNAL);
    (void)sent; /* a creator that is gone hears nothing */
}

static pthread_mutex_t PspChildLock = PTHREAD_MUTEX_INITIALIZER;
static EPROCESS *PspChildren;

EPROCESS *PspLookupChild(pid_t pid)
{
    EPROCESS *found = NULL;

    pthread_mutex_lock(&PspChildLock);
    for (EPROCESS *child = PspChildren; child && !found; child = child->NextChild)
        if (child->Pid == pid && ObReferenceObjectSafe(child))
            found = child;
    pthread_mutex_unlock(&PspChildLock);
    return found;
}

ULONG PspSnapshotChildren(EPROCESS **out, ULONG max)
{
    ULONG n = 0;

    pthread_mutex_lock(&PspChildLock);
    for (EPROCESS *child = PspChildren; child && n < max; child = child->NextChild)
        if (!KeReadState(&child->Header) && ObReferenceObjectSafe(child))
            out[n++] = child;
    pthread_mutex_unlock(&PspChildLock);
    return n;
}

void PspDeleteProcess(void *body)
{
    EPROCESS *process = body;

    if (!process->Pid)
        return;
    pthread_mutex_lock(&PspChildLock);
    for (EPROCESS **p = &PspChildren; *p; p = &(*p)->NextChild) {
        if (*p == process) {
            *p = process->NextChild;
            break;
        }
    }
    pthread_mutex_unlock(&PspChildLock);
    free(process->ImageDosPath);
    if (process->Pidfd >= 0)
        close(process->Pidfd);
    if (process->Channel >= 0)
        close(process->Channel);
}

/* The exit code the child sent last, else what ended it from here, else what Linux tells (a wait status). */
static NTSTATUS PspChildExitStatus(EPROCESS *process, int wstatus)
{
    unsigned int told;
    BOOLEAN has_code;
    union {
        unsigned int code;
        PS_CHILD_REPLY reply;
    } message;
    ssize_t n;

    /* The exit code is the message of its length; an answer to a call the child ended in the middle of is not. */
    pthread_mutex_lock(&process->CallLock);
    told = process->ToldExitCode;
    has_code = process->ExitCodeTold;
    while ((n = recv(process->Channel, &message, sizeof(message), MSG_DONTWAIT | MSG_TRUNC)) > 0)
        if (n == (ssize_t)sizeof(message.code)) {
            told = message.code;
            has_code = TRUE;
        }
    pthread_mutex_unlock(&process->CallLock);
    if (has_code)
        return (NTSTATUS)told;
    if (process->TerminateStatus != STATUS_PENDING)
        return process->TerminateStatus;
    if (WIFEXITED(wstatus))
        return WEXITSTATUS(wstatus);
    return 128 + WTERMSIG(wstatus); /* a Linux signal ended it, as a shell tells it */
}

static void *PspWatchChild(void *argument)
{
    EPROCESS *process = argument;
    struct pollfd pfd = {.fd = process->Pidfd, .events = POLLIN};
    struct rusage usage;
    int wstatus = 0;

    while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
        ;
    /* Reaped by its id, which it keeps until then, for the CPU times it used. */
    memset(&usage, 0, sizeof(usage));
    while (wait4(process->Pid, &wstatus, 0, &usage) < 0 && errno == EINTR)
        ;
    process->KernelTime = PspTimevalTo100ns(usage.ru_stime);
    process->UserTime = PspTimevalTo100ns(usage.ru_utime);
    PspChildEnded(process, PspChildExitStatus(process, wstatus));
    ObDereferenceObject(process->FirstThread);
    ObDereferenceObject(process);
    return NULL;
}

void PspChildEnded(EPROCESS *process, NTSTATUS status)
{
    process->ExitTime = KeQuerySystemTime();
    process->ExitStatus = status;
    process->FirstThread->ExitTime = process->ExitTime;
    KeSignalThreadExit(&process->FirstThread->Tcb, status);
    KeSignalProcessExit(&process->Header);
}

NTSTATUS PspTerminateChild(EPROCESS *process, NTSTATUS status)
{
    if (KeReadState(&process->Header))
        return STATUS_PROCESS_IS_TERMINATING;
    __atomic_compare_exchange_n(&process->TerminateStatus, &(NTSTATUS){STATUS_PENDING}, status, false,
                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    if (syscall(SYS_pidfd_send_signal, process->Pidfd, SIGKILL, NULL, 0) && errno != ESRCH)
        return HostErrnoToStatus(errno);
    return STATUS_SUCCESS;
}

/* The child's first thread: it waits at its start until its suspend count falls to 0. Only then may it be
 * resumed or suspended from here; once it runs, suspending it is not written yet. */
NTSTATUS PspSuspendChildThread(ETHREAD *thread, BOOLEAN resume, ULONG *previous)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    NTSTATUS status = STATUS_SUCCESS;
    char byte = 1;

    pthread_mutex_lock(&lock);
    *previous = thread->ChildSuspendCount;
    if (KeReadState(&thread->Tcb.Header))
        status = resume ? STATUS_SUCCESS : STATUS_THREAD_IS_TERMINATING;
    else if (!resume && !thread->ChildSuspendCount)
        status = KeReportNotImplemented("NtSuspendThread on a running thread of another process");
    else if (!resume)
        thread->ChildSuspendCount++;
    else if (thread->ChildSuspendCount && !--thread->ChildSuspendCount &&
             send(thread->Child->Channel, &byte, 1, MSG_NOSIGNAL) != 1)
        status = STATUS_PROCESS_IS_TERMINATING;
    pthread_mutex_unlock(&lock);
    return status;
}

NTSTATUS PspSuspendChild(EPROCESS *process, BOOLEAN resume)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    NTSTATUS status = STATUS_SUCCESS;
    int sig = 0;

    pthread_mutex_lock(&lock);
    if (KeReadState(&process->Header))
        status = resume ? STATUS_SUCCESS : STATUS_PROCESS_IS_TERMINATING;
    else if (!resume && process->SuspendCount == 0x7f)
        status = STATUS_SUSPEND_COUNT_EXCEEDED;
    else if (!resume)
        sig = process->SuspendCount++ ? 0 : SIGSTOP;
    else if (process->SuspendCount)
        sig = --process->SuspendCount ? 0 : SIGCONT;
    if (sig && syscall(SYS_pidfd_send_signal, process->Pidfd, sig, NULL, 0) && errno != ESRCH)
        status = HostErrnoToStatus(errno);
    pthread_mutex_unlock(&lock);
    return status;
}

/* The veles that runs the children: this one. */
static const char *PspSelf(void)
{
    static char self[4096];

    if (!self[0]) {
        ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
        if (n <= 0)
            return NULL;
        self[n] = 0;
    }
    return self;
}

/* The child's standard descriptors: those of its parameters' standard handles, where they name files of this
 * process; a handle that names none leaves the child's closed (a NULL handle there). */
static void PspStandardDescriptors(const RTL_USER_PROCESS_PARAMETERS *pp, PSP_DESCRIPTORS *fds)
{
    HANDLE handles[3] = {pp->StandardInput, pp->StandardOutput, pp->StandardError};
    ULONG options;

    for (int i = 0; i < 3; i++)
        if (!handles[i] || IoExportFileDescriptor(handles[i], &fds->Std[i], &options))
            fds->Std[i] = -1;
}

/* The inheritable handles (of the list, when one is given) that the child gets; only files can be carried. */
static void PspCollectInherited(const HANDLE *list, ULONG listed, PSP_PACK *pack, PSP_DESCRIPTORS *fds)
{
    ULONG room = ObSnapshotHandles(NULL, 0) + 16, n;
    OB_HANDLE_SNAPSHOT *all = HostAlloc(room * sizeof(*all));
    PSP_INHERITED *table = HostZalloc(PSP_MAX_INHERITED * sizeof(*table));
    ULONG64 count = 0;

    n = ObSnapshotHandles(all, room);
    if (n > room)
        n = room;
    for (ULONG i = 0; i < n; i++) {
        bool wanted = all[i].Attributes & OBJ_INHERIT && count < PSP_MAX_INHERITED && !list;
        for (ULONG j = 0; list && j < listed; j++)
            if (list[j] == all[i].Value)
                wanted = all[i].Attributes & OBJ_INHERIT && count < PSP_MAX_INHERITED;
        if (wanted && !IoExportFileDescriptor(all[i].Value, &fds->Inherited[count], &table[count].Options)) {
            table[count].Value = (ULONG64)(ULONG_PTR)all[i].Value;
            table[count].Access = all[i].Access;
            table[count].Attributes = all[i].Attributes;
            count++;
        } else if (wanted && KeTraceEnabled()) {
            HostMessage("NtCreateUserProcess: the handle %p is not a file's: a child does not inherit it yet",
                        all[i].Value);
        }
        ObDereferenceObject(all[i].Object);
    }
    fds->InheritedCount = (ULONG)count;
    PspPackBytes(pack, &count, sizeof(count));
    PspPackBytes(pack, table, count * sizeof(*table));
    free(table);
    free(all);
}

/* Start the child and wait until its first thread is ready to run: its PEB and parameters come back. The
 * descriptors are the caller's to close. */
static NTSTATUS PspSpawnChild(const char *image_path, const PSP_PACK *pack, PSP_DESCRIPTORS *fds, pid_t *pid,
                              int *pidfd, int *channel, PSP_START_MESSAGE *start)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t mask;
    int pair[2] = {-1, -1}, params = -1, error;
    int floor = PSP_CHILD_INHERITED_FD + (int)fds->InheritedCount;
    char *argv[] = {"veles", "--child", (char *)image_path, NULL};
    const char *self = PspSelf();
    NTSTATUS status = STATUS_SUCCESS;
    ssize_t got;

    *pidfd = *channel = -1;
    if (!self)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair))
        return HostErrnoToStatus(errno);
    params = memfd_create("veles-parameters", MFD_CLOEXEC);
    if (params < 0 || write(params, pack->Data, pack->Size) != (ssize_t)pack->Size) {
        status = params < 0 ? HostErrnoToStatus(errno) : STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    /* Every descriptor given goes where no other is put before it is taken. */
    pair[1] = PspHighDescriptor(pair[1], floor);
    params = PspHighDescriptor(params, floor);
    for (int i = 0; i < 3; i++)
        fds->Std[i] = PspHighDescriptor(fds->Std[i], floor);
    for (ULONG i = 0; i < fds->InheritedCount; i++)
        fds->Inherited[i] = PspHighDescriptor(fds->Inherited[i], floor);
    /* The child starts with no signal blocked, whatever this thread has blocked now. */
    sigemptyset(&mask);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &mask);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_init(&actions);
    for (int i = 0; i < 3; i++) {
        if (fds->Std[i] >= 0)
            posix_spawn_file_actions_adddup2(&actions, fds->Std[i], i);
        else
            posix_spawn_file_actions_addclose(&actions, i);
    }
    posix_spawn_file_actions_adddup2(&actions, pair[1], PSP_CHILD_CHANNEL_FD);
    posix_spawn_file_actions_adddup2(&actions, params, PSP_CHILD_PARAMETERS_FD);
    for (ULONG i = 0; i < fds->InheritedCount; i++)
        posix_spawn_file_actions_adddup2(&actions, fds->Inherited[i], PSP_CHILD_INHERITED_FD + (int)i);
    error = posix_spawn(pid, self, &actions, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (error) {
        status = HostErrnoToStatus(error);
        goto out;
    }
    *pidfd = (int)syscall(SYS_pidfd_open, *pid, 0);
    close(pair[1]);
    pair[1] = -1;
    /* Its start message, or nothing when it ends first (its end of the channel closes with it). */
    while ((got = recv(pair[0], start, sizeof(*start), 0)) < 0 && errno == EINTR)
        ;
    if (got != (ssize_t)sizeof(*start) || start->Status || *pidfd < 0) {
        status = got == (ssize_t)sizeof(*start) && start->Status ? start->Status : STATUS_UNSUCCESSFUL;
        if (*pidfd >= 0) {
            syscall(SYS_pidfd_send_signal, *pidfd, SIGKILL, NULL, 0);
            close(*pidfd);
            *pidfd = -1;
        }
        waitpid(*pid, NULL, 0);
        goto out;
    }
    *channel = pair[0];
    pair[0] = -1;
out:
    for (int i = 0; i < 2; i++)
        if (pair[i] >= 0)
            close(pair[i]);
    if (params >= 0)
        close(params);
    return status;
}

/* The attributes a new process takes here; the others are not written yet. */
typedef struct {
    UNICODE_STRING ImageName; /* the caller's NT name, copied into the host */
    CLIENT_ID *ClientId;
    SECTION_IMAGE_INFORMATION *ImageInfo;
    HANDLE *HandleList;       /* the handles to inherit, when a list was given (copied) */
    ULONG HandleCount;
} PSP_PROCESS_ATTRIBUTES;

/* A copy of what an attribute points to, for the caller to free. */
static NTSTATUS PspCopyAttributeValue(const PS_ATTRIBUTE *a, void **out)
{
    *out = HostAlloc(a->Size ? a->Size : 1);
    return KeCopyFromUser(*out, (PVOID)a->Value, a->Size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

static NTSTATUS PspReadProcessAttributes(PPS_ATTRIBUTE_LIST list, PSP_PROCESS_ATTRIBUTES *out)
{
    PS_ATTRIBUTE attributes[PSP_MAX_ATTRIBUTES];
    SIZE_T count;
    NTSTATUS status = PspCaptureAttributes(list, attributes, &count);

    for (SIZE_T i = 0; !status && i < count; i++) {
        PS_ATTRIBUTE *a = &attributes[i];
        switch (a->Attribute) {
        case PS_ATTRIBUTE_IMAGE_NAME:
            if (out->ImageName.Buffer || !a->Size || a->Size > 0xfffe || a->Size & 1)
                return STATUS_INVALID_PARAMETER;
            out->ImageName.Length = out->ImageName.MaximumLength = (USHORT)a->Size;
            status = PspCopyAttributeValue(a, (void **)&out->ImageName.Buffer);
            break;
        case PS_ATTRIBUTE_CLIENT_ID:
            if (a->Size < sizeof(CLIENT_ID))
                return STATUS_INVALID_PARAMETER;
            out->ClientId = (CLIENT_ID *)a->Value;
            break;
        case PS_ATTRIBUTE_HANDLE_LIST:
            if (out->HandleList || a->Size % sizeof(HANDLE) || a->Size > PSP_MAX_INHERITED * sizeof(HANDLE))
                return STATUS_INVALID_PARAMETER;
            out->HandleCount = (ULONG)(a->Size / sizeof(HANDLE));
            status = PspCopyAttributeValue(a, (void **)&out->HandleList);
            break;
        case PS_ATTRIBUTE_IMAGE_INFO:
            if (a->Size < sizeof(SECTION_IMAGE_INFORMATION))
                return STATUS_INVALID_PARAMETER;
            out->ImageInfo = (SECTION_IMAGE_INFORMATION *)a->Value;
            break;
        case PS_ATTRIBUTE_PARENT_PROCESS:
            /* Only this process can be the parent: it is the only one whose handles are here. */
            status = PsCheckProcessAccess((HANDLE)a->Value, PROCESS_CREATE_PROCESS);
            break;
        default:
            return KeReportNotImplemented("NtCreateUserProcess: this attribute (handle lists, tokens, debug ports, "
                                          "jobs, machines...)");
        }
    }
    if (!status && !out->ImageName.Buffer)
        status = STATUS_INVALID_PARAMETER;
    return status;
}

static NTSTATUS PspSetCreateState(PS_CREATE_INFO *info, PS_CREATE_STATE state)
{
    return KeWriteUser(&info->State, state) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCreateUserProcess(HANDLE *ProcessHandle, HANDLE *ThreadHandle, ACCESS_MASK ProcessDesiredAccess,
                                   ACCESS_MASK ThreadDesiredAccess, OBJECT_ATTRIBUTES *ProcessObjectAttributes,
                                   OBJECT_ATTRIBUTES *ThreadObjectAttributes, ULONG ProcessFlags, ULONG ThreadFlags,
                                   RTL_USER_PROCESS_PARAMETERS *ProcessParameters, PS_CREATE_INFO *CreateInfo,
                                   PS_ATTRIBUTE_LIST *AttributeList)
{
    PSP_PROCESS_ATTRIBUTES attributes;
    RTL_USER_PROCESS_PARAMETERS pp;
    SECTION_IMAGE_INFORMATION image;
    PSP_START_MESSAGE start;
    PSP_PACK pack = {0};
    EPROCESS *process = NULL;
    ETHREAD *thread = NULL;
    char *unix_path = NULL, err[256];
    PSP_DESCRIPTORS *fds = HostZalloc(sizeof(*fds));
    int image_fd = -1, pidfd, channel;
    SIZE_T info_size;
    pid_t pid = 0;
    pthread_t watcher;
    NTSTATUS status;

    /* A new process's first thread cannot be hidden from debuggers, Windows says, nor start without them. */
    if (ThreadFlags & ~(ULONG)(THREAD_CREATE_FLAGS_CREATE_SUSPENDED | THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH) ||
        !ProcessParameters || !CreateInfo)
        return STATUS_INVALID_PARAMETER;
    /* Its Size is not checked: the kernelbase Veles runs (Wine's) leaves it unset. */
    if (KeReadUser(&info_size, &CreateInfo->Size))
        return STATUS_ACCESS_VIOLATION;
    memset(&attributes, 0, sizeof(attributes));
    fds->Std[0] = fds->Std[1] = fds->Std[2] = -1;
    if ((status = PspSetCreateState(CreateInfo, PsCreateInitialState)) ||
        (status = PspReadProcessAttributes(AttributeList, &attributes)))
        goto out;

    status = IoOpenFileByNtName(attributes.ImageName.Buffer, attributes.ImageName.Length / sizeof(WCHAR),
                                FILE_READ_DATA | FILE_EXECUTE | SYNCHRONIZE, FILE_NON_DIRECTORY_FILE, &image_fd,
                                &unix_path);
    if (status) {
        PspSetCreateState(CreateInfo, PsCreateFailOnFileOpen);
        goto out;
    }
    if ((status = MmCheckImageFile(image_fd, &image, err, sizeof(err)))) {
        if (KeTraceEnabled())
            HostMessage("NtCreateUserProcess: %s: %s", unix_path, err);
        PspSetCreateState(CreateInfo, PsCreateFailOnSectionCreate);
        goto out;
    }
    if ((status = PspPackParameters(ProcessParameters, &pack, &pp)))
        goto out;
    /* The standard handles are the caller's, as its parameters had them. */
    if (KeCopyFromUser(&pp.StandardInput, &ProcessParameters->StandardInput, 3 * sizeof(HANDLE))) {
        status = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    PspStandardDescriptors(&pp, fds);
    if (ProcessFlags & PROCESS_CREATE_FLAGS_INHERIT_HANDLES)
        PspCollectInherited(attributes.HandleList, attributes.HandleCount, &pack, fds);
    else
        PspPackBytes(&pack, &(ULONG64){0}, sizeof(ULONG64));
    if ((status = PspSpawnChild(unix_path, &pack, fds, &pid, &pidfd, &channel, &start)))
        goto out;

    process = ObCreateObject(&PsProcessType, sizeof(*process));
    KeInitializeDispatcherHeader(&process->Header, KE_OBJECT_PROCESS, 0);
    process->Pid = pid;
    process->Pidfd = pidfd;
    process->Channel = channel;
    pthread_mutex_init(&process->CallLock, NULL);
    process->Peb = (PVOID)start.Peb;
    process->FirstTeb = (PVOID)start.Teb;
    process->ImageDosPath = IoUnixPathToDos(unix_path);
    process->ExitStatus = process->TerminateStatus = STATUS_PENDING;
    process->CreateTime = KeQuerySystemTime();
    thread = PspCreateChildThreadObject(process);
    thread->ClientId.UniqueProcess = PspProcessIdOf(pid);
    thread->ClientId.UniqueThread = PspThreadIdOf(pid, pid);
    thread->CreateTime = process->CreateTime;
    thread->ChildSuspendCount = 1;
    process->FirstThread = thread;
    pthread_mutex_lock(&PspChildLock);
    process->NextChild = PspChildren;
    PspChildren = process;
    pthread_mutex_unlock(&PspChildLock);

    /* The watcher's references, dropped when it has told the child's end. */
    ObReferenceObject(process);
    ObReferenceObject(thread);
    if (pthread_create(&watcher, NULL, PspWatchChild, process)) {
        ObDereferenceObject(thread);
        ObDereferenceObject(process);
        PspTerminateChild(process, STATUS_INSUFFICIENT_RESOURCES);
        waitpid(pid, NULL, 0);
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    pthread_detach(watcher);
    /* The handles take the creation's references; this call keeps one of its own to the process until its end. */
    ObReferenceObject(process);
    status = ObInsertObjectForCaller(process, ProcessDesiredAccess, ProcessObjectAttributes, ProcessHandle);
    if (status) {
        ObDereferenceObject(thread);
    } else if ((status = ObInsertObjectForCaller(thread, ThreadDesiredAccess, ThreadObjectAttributes,
                                                 ThreadHandle))) {
        HANDLE handle;
        if (!KeReadUser(&handle, ProcessHandle))
            NtClose(handle);
    }
    thread = NULL;
    if (status) {
        PspTerminateChild(process, status);
        goto out;
    }
    if ((attributes.ClientId && KeCopyToUser(attributes.ClientId, &process->FirstThread->ClientId, sizeof(CLIENT_ID))) ||
        (attributes.ImageInfo && KeCopyToUser(attributes.ImageInfo, &image, sizeof(image))) ||
        KeWriteUser(&CreateInfo->SuccessState.PebAddressNative, start.Peb) ||
        KeWriteUser(&CreateInfo->SuccessState.UserProcessParametersNative, start.Parameters) ||
        PspSetCreateState(CreateInfo, PsCreateSuccess))
        status = STATUS_ACCESS_VIOLATION; /* the child lives on, as on Windows: its handles are the caller's */
    if (!(ThreadFlags & THREAD_CREATE_FLAGS_CREATE_SUSPENDED) && !(ProcessFlags & PROCESS_CREATE_FLAGS_SUSPENDED)) {
        ULONG previous;
        PspSuspendChildThread(process->FirstThread, TRUE, &previous);
    }
out:
    if (thread)
        ObDereferenceObject(thread);
    if (process)
        ObDereferenceObject(process);
    for (int i = 0; i < 3; i++)
        if (fds->Std[i] >= 0)
            close(fds->Std[i]);
    for (ULONG i = 0; i < fds->InheritedCount; i++)
        close(fds->Inherited[i]);
    free(fds);
    free(attributes.HandleList);
    if (image_fd >= 0)
        close(image_fd);
    free(unix_path);
    free(pack.Data);
    free(attributes.ImageName.Buffer);
    return status;
}
