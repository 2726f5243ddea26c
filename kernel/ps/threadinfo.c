/* What can be asked of and told to a thread or process, and opening them by client id: NtQueryInformationThread,
 * NtSetInformationThread, NtOpenThread, NtOpenProcess, the current processor. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
#include "mm/mm.h"
#include "ps/psp.h"

/* CPU times of a Linux thread from /proc, in 100 ns units. */
void PspCpuTimes(const char *path, LONGLONG *kernel, LONGLONG *user, char *state)
{
    char buf[1024], *p, letter = 0;
    unsigned long long utime = 0, stime = 0;
    long ticks = sysconf(_SC_CLK_TCK);
    FILE *f;

    *kernel = *user = 0;
    if (state)
        *state = 0;
    if (!(f = fopen(path, "re")))
        return;
    if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
        sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &letter, &utime, &stime) == 3 &&
        ticks > 0) {
        if (state)
            *state = letter;
        *user = (LONGLONG)(utime * 10000000ull / (unsigned long long)ticks);
        *kernel = (LONGLONG)(stime * 10000000ull / (unsigned long long)ticks);
    }
    fclose(f);
}

/* Whether a Linux id names a process rather than one of its other threads: kill() takes both, but a Windows
 * thread's id is never a process's. */
static BOOLEAN PspIsLinuxProcess(pid_t pid)
{
    char path[64], line[128];
    BOOLEAN leader = FALSE;
    int tgid;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    if (!(f = fopen(path, "re")))
        return FALSE;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "Tgid: %d", &tgid) == 1) {
            leader = tgid == pid;
            break;
        }
    }
    fclose(f);
    return leader;
}

static BOOLEAN PspIsTerminated(const ETHREAD *thread)
{
    return KeReadState(&thread->Tcb.Header) > 0;
}

NTSTATUS NTAPI NtQueryInformationThread(HANDLE ThreadHandle, THREADINFOCLASS ThreadInformationClass,
                                        PVOID ThreadInformation, ULONG ThreadInformationLength, PULONG ReturnLength)
{
    union {
        THREAD_BASIC_INFORMATION basic;
        KERNEL_USER_TIMES times;
        GROUP_AFFINITY group;
        PVOID pointer;
        ULONG ulong;
        BOOLEAN boolean;
        struct {
            THREAD_NAME_INFORMATION info;
            WCHAR text[256];
        } name;
    } u;
    THREAD_TEB_INFORMATION teb_request;
    ACCESS_MASK granted, needed;
    ULONG size;
    ETHREAD *thread;
    NTSTATUS status;

    switch (ThreadInformationClass) {
    case ThreadEnableAlignmentFaultFixup:
    case ThreadIdealProcessor:
        return STATUS_INVALID_INFO_CLASS; /* classes only set */
    case ThreadHideFromDebugger:
        /* Its size is checked before the handle is. */
        if (ThreadInformationLength != sizeof(BOOLEAN))
            return STATUS_INFO_LENGTH_MISMATCH;
        break;
    case ThreadBasicInformation:
    case ThreadTimes:
    case ThreadQuerySetWin32StartAddress:
    case ThreadAmILastThread:
    case ThreadIsTerminated:
    case ThreadTebInformation:
    case ThreadGroupInformation:
    case ThreadSuspendCount:
    case ThreadNameInformation:
        break;
    default:
        if ((ULONG)ThreadInformationClass >= MaxThreadInfoClass)
            return STATUS_INVALID_INFO_CLASS;
        return KeReportNotImplemented("NtQueryInformationThread: this information class");
    }
    /* What is not secret about a thread takes the limited right, which the full one includes. */
    if ((status = ObReferenceObjectByHandleWithAccess(ThreadHandle, &PsThreadType, (void **)&thread, &granted)))
        return status;
    /* Of a child's thread, its creator knows its ids and its end. */
    if (thread->Child && ThreadInformationClass != ThreadBasicInformation &&
        ThreadInformationClass != ThreadIsTerminated) {
        ObDereferenceObject(thread);
        return KeReportNotImplemented("NtQueryInformationThread: this information class of another process");
    }
    switch (ThreadInformationClass) {
    case ThreadBasicInformation:
    case ThreadTimes:
    case ThreadIsTerminated:
    case ThreadNameInformation:
    case ThreadGroupInformation:
        needed = granted & THREAD_QUERY_INFORMATION ? 0 : THREAD_QUERY_LIMITED_INFORMATION;
        break;
    default:
        needed = THREAD_QUERY_INFORMATION;
        break;
    }
    if ((granted & needed) != needed) {
        ObDereferenceObject(thread);
        return STATUS_ACCESS_DENIED;
    }
    memset(&u, 0, sizeof(u));
    switch (ThreadInformationClass) {
    case ThreadBasicInformation:
        u.basic.ExitStatus = thread->Tcb.ExitStatus;
        u.basic.TebBaseAddress = thread->Child ? thread->Child->FirstTeb : thread->Tcb.Teb;
        u.basic.ClientId = thread->ClientId;
        u.basic.AffinityMask = thread->Affinity ? thread->Affinity : PsGetCurrentPeb()->ActiveProcessAffinityMask;
        u.basic.Priority = thread->Priority ? thread->Priority : 8;
        u.basic.BasePriority = 8 + thread->BasePriority;
        size = sizeof(u.basic);
        break;
    case ThreadTimes:
        u.times.CreateTime.QuadPart = thread->CreateTime;
        u.times.ExitTime.QuadPart = thread->ExitTime;
        if (!PspIsTerminated(thread)) {
            char path[64];
            snprintf(path, sizeof(path), "/proc/self/task/%d/stat", PspLinuxIdOfThread(thread->ClientId.UniqueThread));
            PspCpuTimes(path, &u.times.KernelTime.QuadPart, &u.times.UserTime.QuadPart, NULL);
        }
        size = sizeof(u.times);
        break;
    case ThreadQuerySetWin32StartAddress:
        u.pointer = thread->StartAddress;
        size = sizeof(u.pointer);
        break;
    case ThreadAmILastThread:
        u.ulong = thread == (ETHREAD *)KeGetCurrentThread() && PsLiveThreadCount() == 1;
        size = sizeof(u.ulong);
        break;
    case ThreadHideFromDebugger:
        u.boolean = thread->HiddenFromDebugger;
        size = sizeof(u.boolean);
        break;
    case ThreadIsTerminated:
        u.ulong = PspIsTerminated(thread);
        size = sizeof(u.ulong);
        break;
    case ThreadGroupInformation:
        u.group.Mask = thread->Affinity ? thread->Affinity : PsGetCurrentPeb()->ActiveProcessAffinityMask;
        size = sizeof(u.group);
        break;
    case ThreadSuspendCount:
        u.ulong = KeQuerySuspendCount(&thread->Tcb);
        size = sizeof(u.ulong);
        break;
    case ThreadNameInformation: {
        USHORT bytes = thread->NameLength < sizeof(u.name.text) ? thread->NameLength : sizeof(u.name.text);
        memcpy(u.name.text, thread->Name, bytes);
        u.name.info.ThreadName.Length = u.name.info.ThreadName.MaximumLength = bytes;
        u.name.info.ThreadName.Buffer = bytes ? (PWSTR)((char *)ThreadInformation + sizeof(u.name.info)) : NULL;
        size = (ULONG)sizeof(u.name.info) + bytes;
        ObDereferenceObject(thread);
        if (ReturnLength && KeWriteUser(ReturnLength, size))
            return STATUS_ACCESS_VIOLATION;
        if (ThreadInformationLength < size)
            return STATUS_BUFFER_TOO_SMALL;
        return KeCopyToUser(ThreadInformation, &u, size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
    }
    default: /* ThreadTebInformation: bytes of the thread's TEB, copied where the caller says */
        ObDereferenceObject(thread);
        if (ThreadInformationLength != sizeof(teb_request))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (KeReadUser(&teb_request, (THREAD_TEB_INFORMATION *)ThreadInformation))
            return STATUS_ACCESS_VIOLATION;
        if (!thread->Tcb.Teb || teb_request.TebOffset > sizeof(TEB) ||
            teb_request.BytesToRead > sizeof(TEB) - teb_request.TebOffset)
            return STATUS_INVALID_PARAMETER;
        if (KeCopyToUser(teb_request.TebInformation, (char *)thread->Tcb.Teb + teb_request.TebOffset,
                         teb_request.BytesToRead))
            return STATUS_ACCESS_VIOLATION;
        return ReturnLength && KeWriteUser(ReturnLength, teb_request.BytesToRead) ? STATUS_ACCESS_VIOLATION
                                                                                   : STATUS_SUCCESS;
    }
    ObDereferenceObject(thread);
    return KeReturnInformation(ThreadInformation, ThreadInformationLength, &u, size, ReturnLength);
}

BOOLEAN PspBindThread(ETHREAD *thread, KAFFINITY mask)
{
    pid_t tid = PspLinuxIdOfThread(__atomic_load_n(&thread->ClientId.UniqueThread, __ATOMIC_ACQUIRE));
    cpu_set_t set;

    if (!tid)
        return FALSE; /* not running yet: Linux would take 0 for the caller */
    CPU_ZERO(&set);
    for (int cpu = 0; cpu < 64; cpu++)
        if (mask & (1ull << cpu))
            CPU_SET(cpu, &set);
    return !sched_setaffinity(tid, sizeof(set), &set);
}

/* Affinity is real (the Linux thread is bound); priorities are recorded and reported back, but Linux
 * scheduling is not changed by them: raising a priority there needs privileges a program does not have. */
NTSTATUS NTAPI NtSetInformationThread(HANDLE ThreadHandle, THREADINFOCLASS ThreadInformationClass,
                                      PVOID ThreadInformation, ULONG ThreadInformationLength)
{
    union {
        KAFFINITY affinity;
        GROUP_AFFINITY group;
        LONG priority;
        ULONG processor;
        THREAD_NAME_INFORMATION name;
    } u;
    ULONG expect;
    ETHREAD *thread;
    NTSTATUS status;

    switch (ThreadInformationClass) {
    case ThreadPriority:
    case ThreadBasePriority:
        expect = sizeof(LONG);
        break;
    case ThreadAffinityMask:
        expect = sizeof(KAFFINITY);
        break;
    case ThreadGroupInformation:
        expect = sizeof(GROUP_AFFINITY);
        break;
    case ThreadIdealProcessor:
        expect = sizeof(ULONG);
        break;
    case ThreadEnableAlignmentFaultFixup:
        expect = sizeof(BOOLEAN);
        break;
    case ThreadHideFromDebugger:
        expect = 0;
        break;
    case ThreadQuerySetWin32StartAddress:
        return STATUS_INVALID_PARAMETER; /* set once, at the thread's creation, since Vista */
    case ThreadNameInformation:
        expect = sizeof(THREAD_NAME_INFORMATION);
        break;
    default:
        if ((ULONG)ThreadInformationClass >= MaxThreadInfoClass)
            return STATUS_INVALID_INFO_CLASS;
        return KeReportNotImplemented("NtSetInformationThread: this information class");
    }
    if (ThreadInformationLength != expect)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (expect && KeCopyFromUser(&u, ThreadInformation, expect))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PspReferenceThread(ThreadHandle, THREAD_SET_INFORMATION, &thread,
                                     "NtSetInformationThread on another process")))
        return status;
    switch (ThreadInformationClass) {
    case ThreadPriority:
        if (u.priority < 1 || u.priority > 31)
            status = STATUS_INVALID_PARAMETER;
        else
            thread->Priority = u.priority;
        break;
    case ThreadBasePriority:
        if ((u.priority < -2 || u.priority > 2) && u.priority != 15 && u.priority != -15)
            status = STATUS_INVALID_PARAMETER;
        else
            thread->BasePriority = u.priority;
        break;
    case ThreadAffinityMask:
    case ThreadGroupInformation: {
        KAFFINITY mask = ThreadInformationClass == ThreadAffinityMask ? u.affinity : u.group.Mask;
        KAFFINITY allowed = PsGetCurrentPeb()->ActiveProcessAffinityMask;
        if ((ThreadInformationClass == ThreadGroupInformation && u.group.Group) || !mask || (mask & ~allowed)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        if (PspIsTerminated(thread) || !PspBindThread(thread, mask))
            status = STATUS_INVALID_PARAMETER;
        else
            thread->Affinity = mask;
        break;
    }
    case ThreadIdealProcessor:
        if (u.processor >= HostProcessorCount())
            status = STATUS_INVALID_PARAMETER;
        else {
            status = (NTSTATUS)thread->IdealProcessor; /* the previous one, as Windows answers */
            thread->IdealProcessor = u.processor;
        }
        break;
    case ThreadHideFromDebugger:
        thread->HiddenFromDebugger = TRUE; /* no debugger watches Veles' threads: nothing else changes */
        break;
    case ThreadEnableAlignmentFaultFixup:
        break; /* x86-64 fixes misaligned accesses itself: there is nothing to fix up */
    default: { /* ThreadNameInformation */
        WCHAR *name;
        if (u.name.ThreadName.Length & 1 || u.name.ThreadName.Length > u.name.ThreadName.MaximumLength) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        name = HostAlloc(u.name.ThreadName.Length + sizeof(WCHAR));
        if (KeCopyFromUser(name, u.name.ThreadName.Buffer, u.name.ThreadName.Length)) {
            free(name);
            status = STATUS_ACCESS_VIOLATION;
            break;
        }
        free(thread->Name);
        thread->Name = name;
        thread->NameLength = u.name.ThreadName.Length;
        break;
    }
    }
    ObDereferenceObject(thread);
    return status;
}

/* What opening a thread or process takes: a client id, and no name (they are not in the namespace). */
static NTSTATUS PspCaptureClientId(POBJECT_ATTRIBUTES user_attributes, PCLIENT_ID user_cid, CLIENT_ID *cid)
{
    OB_OBJECT_ATTRIBUTES oa;
    BOOLEAN named;
    NTSTATUS status;

    /* Windows reads the attributes without looking: none is a fault. */
    if (!user_attributes)
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObCaptureObjectAttributes(user_attributes, &oa)))
        return status;
    named = oa.Name != NULL;
    ObReleaseObjectAttributes(&oa);
    if (named || !user_cid)
        return STATUS_INVALID_PARAMETER_MIX;
    return KeReadUser(cid, user_cid) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtOpenThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                            PCLIENT_ID ClientId)
{
    CLIENT_ID cid;
    ETHREAD *thread;
    NTSTATUS status;

    if ((status = PspCaptureClientId(ObjectAttributes, ClientId, &cid)))
        return status;
    if (cid.UniqueProcess && !PspSameId(cid.UniqueProcess, NtCurrentTeb()->ClientId.UniqueProcess))
        return STATUS_INVALID_CID; /* threads of other processes come with them */
    if (!(thread = PsLookupThread(cid.UniqueThread)))
        return STATUS_INVALID_CID;
    return ObInsertObjectForCaller(thread, DesiredAccess, ObjectAttributes, ThreadHandle);
}

NTSTATUS NTAPI NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                             PCLIENT_ID ClientId)
{
    CLIENT_ID cid;
    void *process;
    NTSTATUS status;

    if ((status = PspCaptureClientId(ObjectAttributes, ClientId, &cid)))
        return status;
    if (!PspSameId(cid.UniqueProcess, NtCurrentTeb()->ClientId.UniqueProcess)) {
        pid_t pid = PspLinuxIdOfProcess(cid.UniqueProcess);
        /* A child this process created is known here; other processes are not yet. */
        if (pid > 0 && (process = PspLookupChild(pid)))
            return ObInsertObjectForCaller(process, DesiredAccess, ObjectAttributes, ProcessHandle);
        if (pid > 0 && PspIsLinuxProcess(pid))
            return KeReportNotImplemented("NtOpenProcess of another process");
        return STATUS_INVALID_CID;
    }
    if ((status = ObReferenceObjectByHandle(NtCurrentProcess(), 0, &PsProcessType, &process)))
        return status;
    return ObInsertObjectForCaller(process, DesiredAccess, ObjectAttributes, ProcessHandle);
}

/* The process's threads one after another, ended ones a handle still holds among them; flag 1 walks from the
 * newest. */
NTSTATUS NTAPI NtGetNextThread(HANDLE ProcessHandle, HANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                               ULONG HandleAttributes, ULONG Flags, HANDLE *NewThreadHandle)
{
    ETHREAD *after = NULL, *next;
    HANDLE none = NULL, handle;
    NTSTATUS status;

    if (KeWriteUser(NewThreadHandle, none))
        return STATUS_ACCESS_VIOLATION;
    if (Flags > 1)
        return STATUS_INVALID_PARAMETER;
    if ((status = PsCheckProcessAccess(ProcessHandle, PROCESS_QUERY_INFORMATION)))
        return status;
    if (ThreadHandle && (status = ObReferenceObjectByHandle(ThreadHandle, 0, &PsThreadType, (void **)&after)))
        return status;
    next = PspNextThread(after, Flags == 1);
    if (after)
        ObDereferenceObject(after);
    if (!next)
        return STATUS_NO_MORE_ENTRIES;
    status = ObInsertHandle(next, DesiredAccess, HandleAttributes & OBJ_INHERIT, &handle);
    ObDereferenceObject(next);
    if (!status && KeWriteUser(NewThreadHandle, handle)) {
        NtClose(handle);
        status = STATUS_ACCESS_VIOLATION;
    }
    return status;
}

/* Answers the processor number itself, in the status's bits, as Windows does. */
NTSTATUS NTAPI NtGetCurrentProcessorNumber(void)
{
    int cpu = sched_getcpu();
    return cpu < 0 ? 0 : cpu;
}

NTSTATUS NTAPI NtGetCurrentProcessorNumberEx(PROCESSOR_NUMBER *ProcessorNumber)
{
    PROCESSOR_NUMBER number = {.Group = 0, .Number = (UCHAR)NtGetCurrentProcessorNumber()};
    return ProcessorNumber && KeWriteUser(ProcessorNumber, number) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}
