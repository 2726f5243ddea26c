/* Job objects: NtCreateJobObject, NtAssignProcessToJobObject, their limits, accounting, events and end. */
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ps/psp.h"

/* A job. The process is the only one Veles can put in a job, so a job holds it or nothing; jobs nest when
 * the process, already in one, is assigned to an empty job, which becomes a child of the one it was in. */
typedef struct PSP_JOB {
    KEVENT Terminated;              /* first: the job is waitable, and signalled once it was terminated */
    struct PSP_JOB *Parent;         /* referenced */
    ULONG TotalProcesses;
    ULONG LimitFlags;               /* JOB_OBJECT_LIMIT_*, only those Veles keeps */
    ULONG ActiveProcessLimit;
    KQUEUE *Port;                   /* the completion port for its events, referenced, or NULL */
    PVOID PortKey;
    struct rusage UsageAtAssign;    /* the process's, when it joined: the job counts what it used since */
} PSP_JOB;

static void PspDeleteJob(void *body)
{
    PSP_JOB *job = body;

    if (job->Parent)
        ObDereferenceObject(job->Parent);
    if (job->Port)
        ObDereferenceObject(job->Port);
}

const OBJECT_TYPE PsJobType = {
    .Name = "Job",
    .Mapping = {STANDARD_RIGHTS_READ | JOB_OBJECT_QUERY,
                STANDARD_RIGHTS_WRITE | JOB_OBJECT_ASSIGN_PROCESS | JOB_OBJECT_SET_ATTRIBUTES | JOB_OBJECT_TERMINATE,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, JOB_OBJECT_ALL_ACCESS},
    .ValidAccess = JOB_OBJECT_ALL_ACCESS,
    .Delete = PspDeleteJob,
    .Waitable = TRUE,
};

/* Guards every job's fields and PspProcessJob. */
static pthread_mutex_t PspJobLock = PTHREAD_MUTEX_INITIALIZER;
/* The innermost job the process is in, referenced; the process never leaves it. */
static PSP_JOB *PspProcessJob;

static BOOLEAN PspProcessInJob(const PSP_JOB *job)
{
    for (const PSP_JOB *j = PspProcessJob; j; j = j->Parent)
        if (j == job)
            return TRUE;
    return FALSE;
}

static void PspPostJobMessage(PSP_JOB *job, ULONG message)
{
    if (job->Port)
        IoQueueCompletionPacket(job->Port, job->PortKey, PsGetCurrentProcessId(), STATUS_SUCCESS, message);
}

NTSTATUS NTAPI NtCreateJobObject(PHANDLE JobHandle, ACCESS_MASK DesiredAccess, OBJECT_ATTRIBUTES *ObjectAttributes)
{
    PSP_JOB *job = ObCreateObject(&PsJobType, sizeof(*job));

    KeInitializeEvent(&job->Terminated, NotificationEvent, FALSE);
    return ObInsertObjectForCaller(job, DesiredAccess, ObjectAttributes, JobHandle);
}

NTSTATUS NTAPI NtOpenJobObject(PHANDLE JobHandle, ACCESS_MASK DesiredAccess, OBJECT_ATTRIBUTES *ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &PsJobType, DesiredAccess, JobHandle);
}

NTSTATUS NTAPI NtAssignProcessToJobObject(HANDLE JobHandle, HANDLE ProcessHandle)
{
    PSP_JOB *job;
    NTSTATUS status = ObReferenceObjectByHandle(JobHandle, JOB_OBJECT_ASSIGN_PROCESS, &PsJobType, (void **)&job);

    if (status)
        return status;
    if ((status = PsCheckProcessAccess(ProcessHandle, PROCESS_SET_QUOTA | PROCESS_TERMINATE))) {
        ObDereferenceObject(job);
        return status;
    }
    pthread_mutex_lock(&PspJobLock);
    if (job == PspProcessJob) {
        /* already there */
    } else if (PspProcessJob && (job->Parent || job->TotalProcesses)) {
        /* A job can take the process from another only as an empty child of that one. */
        status = STATUS_ACCESS_DENIED;
    } else if (job->LimitFlags & JOB_OBJECT_LIMIT_ACTIVE_PROCESS && !job->ActiveProcessLimit) {
        /* Windows ends a process the limit leaves no room for; ending this one is not written. */
        status = KeReportNotImplemented("NtAssignProcessToJobObject beyond the job's active process limit");
    } else {
        job->Parent = PspProcessJob; /* the process's reference to its old job passes to the new one */
        PspProcessJob = job;
        ObReferenceObject(job);
        job->TotalProcesses++;
        getrusage(RUSAGE_SELF, &job->UsageAtAssign);
        PspPostJobMessage(job, JOB_OBJECT_MSG_NEW_PROCESS);
    }
    pthread_mutex_unlock(&PspJobLock);
    ObDereferenceObject(job);
    return status;
}

/* A NULL job asks whether the process is in any. */
NTSTATUS NTAPI NtIsProcessInJob(HANDLE ProcessHandle, HANDLE JobHandle)
{
    PSP_JOB *job = NULL;
    BOOLEAN in_job;
    NTSTATUS status = PsCheckProcessAccess(ProcessHandle, PROCESS_QUERY_LIMITED_INFORMATION);

    if (status)
        return status;
    if (JobHandle && (status = ObReferenceObjectByHandle(JobHandle, JOB_OBJECT_QUERY, &PsJobType, (void **)&job)))
        return status;
    pthread_mutex_lock(&PspJobLock);
    in_job = job ? PspProcessInJob(job) : PspProcessJob != NULL;
    pthread_mutex_unlock(&PspJobLock);
    if (job)
        ObDereferenceObject(job);
    return in_job ? STATUS_PROCESS_IN_JOB : STATUS_PROCESS_NOT_IN_JOB;
}

/* Everything but the limits the job keeps is zero: no working set, time, memory or scheduling limits are
 * applied. The peak memory is Linux's peak resident size of the process, the nearest measure it keeps. */
static void PspQueryLimits(const PSP_JOB *job, BOOLEAN in_job, JOBOBJECT_EXTENDED_LIMIT_INFORMATION *limits)
{
    memset(limits, 0, sizeof(*limits));
    limits->BasicLimitInformation.LimitFlags = job->LimitFlags;
    limits->BasicLimitInformation.ActiveProcessLimit = job->ActiveProcessLimit;
    if (in_job) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        limits->PeakProcessMemoryUsed = limits->PeakJobMemoryUsed = (SIZE_T)ru.ru_maxrss * 1024;
    }
}

NTSTATUS NTAPI NtQueryInformationJobObject(HANDLE JobHandle, JOBOBJECTINFOCLASS JobInformationClass,
                                           PVOID JobInformation, ULONG JobInformationLength, PULONG ReturnLength)
{
    union {
        JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting;
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
        struct {
            ULONG assigned, listed;
            ULONG_PTR ids[1];
        } ids;
    } u;
    ULONG size, need;
    NTSTATUS status = STATUS_SUCCESS;
    PSP_JOB *job;
    BOOLEAN in_job;

    switch (JobInformationClass) {
    case JobObjectBasicAccountingInformation:
        need = sizeof(u.accounting);
        break;
    case JobObjectBasicLimitInformation:
        need = sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION);
        break;
    case JobObjectExtendedLimitInformation:
        need = sizeof(u.limits);
        break;
    case JobObjectBasicProcessIdList:
        need = sizeof(JOBOBJECT_BASIC_PROCESS_ID_LIST);
        break;
    default:
        if ((ULONG)JobInformationClass - 1 >= MaxJobObjectInfoClass - 1)
            return STATUS_INVALID_INFO_CLASS;
        return KeReportNotImplemented("NtQueryInformationJobObject: this information class");
    }
    if (JobInformationClass == JobObjectBasicProcessIdList ? JobInformationLength < need
                                                           : JobInformationLength != need)
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = ObReferenceObjectByHandle(JobHandle, JOB_OBJECT_QUERY, &PsJobType, (void **)&job)))
        return status;
    memset(&u, 0, sizeof(u));
    pthread_mutex_lock(&PspJobLock);
    in_job = PspProcessInJob(job);
    switch (JobInformationClass) {
    case JobObjectBasicAccountingInformation:
        u.accounting.TotalProcesses = job->TotalProcesses;
        u.accounting.ActiveProcesses = in_job;
        if (in_job) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            u.accounting.TotalUserTime.QuadPart =
                    PspTimevalTo100ns(ru.ru_utime) - PspTimevalTo100ns(job->UsageAtAssign.ru_utime);
            u.accounting.TotalKernelTime.QuadPart =
                    PspTimevalTo100ns(ru.ru_stime) - PspTimevalTo100ns(job->UsageAtAssign.ru_stime);
            u.accounting.ThisPeriodTotalUserTime = u.accounting.TotalUserTime;
            u.accounting.ThisPeriodTotalKernelTime = u.accounting.TotalKernelTime;
            u.accounting.TotalPageFaultCount = (ULONG)(ru.ru_minflt + ru.ru_majflt - job->UsageAtAssign.ru_minflt -
                                                       job->UsageAtAssign.ru_majflt);
        }
        size = need;
        break;
    case JobObjectBasicLimitInformation:
    case JobObjectExtendedLimitInformation:
        PspQueryLimits(job, in_job, &u.limits);
        size = need;
        break;
    default: /* JobObjectBasicProcessIdList: the list holds the ids that fit, and says how many there are */
        u.ids.assigned = in_job;
        u.ids.listed = in_job;
        u.ids.ids[0] = (ULONG_PTR)PsGetCurrentProcessId();
        size = in_job ? need : offsetof(JOBOBJECT_BASIC_PROCESS_ID_LIST, ProcessIdList);
        break;
    }
    pthread_mutex_unlock(&PspJobLock);
    ObDereferenceObject(job);
    if (KeCopyToUser(JobInformation, &u, size) || (ReturnLength && KeWriteUser(ReturnLength, size)))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

/* The limit flags Veles can keep: the breakaway ones, as it starts no child processes that could break away;
 * dying on an unhandled exception, which a Veles process always does, with no error dialog; and the active
 * process limit, which it checks when the process is assigned. */
#define PSP_JOB_KEPT_LIMITS                                                                                         \
    (JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK |                                     \
     JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION | JOB_OBJECT_LIMIT_ACTIVE_PROCESS)

static NTSTATUS PspSetLimits(PSP_JOB *job, PVOID user, ULONG length, BOOLEAN extended)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    ULONG flags;

    if (length != (extended ? sizeof(limits) : sizeof(limits.BasicLimitInformation)))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeCopyFromUser(&limits, user, length))
        return STATUS_ACCESS_VIOLATION;
    flags = limits.BasicLimitInformation.LimitFlags;
    if (flags & ~(extended ? JOB_OBJECT_EXTENDED_LIMIT_VALID_FLAGS : JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS))
        return STATUS_INVALID_PARAMETER;
    if (flags & ~PSP_JOB_KEPT_LIMITS)
        return KeReportNotImplemented("NtSetInformationJobObject: a working set, time, memory, affinity, "
                                      "scheduling or kill-on-close limit");
    pthread_mutex_lock(&PspJobLock);
    job->LimitFlags = flags;
    job->ActiveProcessLimit =
            flags & JOB_OBJECT_LIMIT_ACTIVE_PROCESS ? limits.BasicLimitInformation.ActiveProcessLimit : 0;
    pthread_mutex_unlock(&PspJobLock);
    return STATUS_SUCCESS;
}

/* A job's port is set once; it hears at once of the processes already in the job. */
static NTSTATUS PspSetPort(PSP_JOB *job, PVOID user, ULONG length)
{
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT info;
    KQUEUE *port;
    NTSTATUS status;

    if (length != sizeof(info))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeCopyFromUser(&info, user, length))
        return STATUS_ACCESS_VIOLATION;
    if ((status = IoReferenceCompletionPort(info.CompletionPort, &port)))
        return status;
    pthread_mutex_lock(&PspJobLock);
    if (job->Port) {
        status = STATUS_INVALID_PARAMETER;
    } else {
        job->Port = port;
        job->PortKey = info.CompletionKey;
        port = NULL;
        if (PspProcessInJob(job))
            PspPostJobMessage(job, JOB_OBJECT_MSG_NEW_PROCESS);
    }
    pthread_mutex_unlock(&PspJobLock);
    if (port)
        ObDereferenceObject(port);
    return status;
}

NTSTATUS NTAPI NtSetInformationJobObject(HANDLE JobHandle, JOBOBJECTINFOCLASS JobInformationClass,
                                         PVOID JobInformation, ULONG JobInformationLength)
{
    PSP_JOB *job;
    NTSTATUS status;

    if ((ULONG)JobInformationClass - 1 >= MaxJobObjectInfoClass - 1)
        return STATUS_INVALID_INFO_CLASS;
    if ((status = ObReferenceObjectByHandle(JobHandle, JOB_OBJECT_SET_ATTRIBUTES, &PsJobType, (void **)&job)))
        return status;
    switch (JobInformationClass) {
    case JobObjectBasicLimitInformation:
    case JobObjectExtendedLimitInformation:
        status = PspSetLimits(job, JobInformation, JobInformationLength,
                              JobInformationClass == JobObjectExtendedLimitInformation);
        break;
    case JobObjectAssociateCompletionPortInformation:
        status = PspSetPort(job, JobInformation, JobInformationLength);
        break;
    default:
        status = KeReportNotImplemented("NtSetInformationJobObject: this information class");
        break;
    }
    ObDereferenceObject(job);
    return status;
}

/* Ends every process of the job, so the process itself when it is in it; the job is signalled after. */
NTSTATUS NTAPI NtTerminateJobObject(HANDLE JobHandle, NTSTATUS ExitStatus)
{
    PSP_JOB *job;
    BOOLEAN in_job;
    NTSTATUS status = ObReferenceObjectByHandle(JobHandle, JOB_OBJECT_TERMINATE, &PsJobType, (void **)&job);

    if (status)
        return status;
    pthread_mutex_lock(&PspJobLock);
    in_job = PspProcessInJob(job);
    pthread_mutex_unlock(&PspJobLock);
    if (in_job) {
        KeTraceFlushPending();
        HostExit((unsigned int)ExitStatus);
    }
    KeSetEvent(&job->Terminated);
    ObDereferenceObject(job);
    return STATUS_SUCCESS;
}
