/* Job objects: naming, assigning the process and nesting, limits, accounting, the completion port's events,
 * ending a job the process is not in, and what bad arguments get. */
#include "lib/nttest.h"

static HANDLE NewJob(const WCHAR *path)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = path ? &name : NULL};
    HANDLE job = NULL;

    if (path)
        RtlInitUnicodeString(&name, path);
    ok_status(NtCreateJobObject(&job, JOB_OBJECT_ALL_ACCESS, &oa), STATUS_SUCCESS);
    return job;
}

static void TestNames(void)
{
    HANDLE job = NewJob(L"\\BaseNamedObjects\\veles-job"), again, event;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};

    ok(TestTypeNameIs(job, "Job"), "a job's type");
    RtlInitUnicodeString(&name, L"\\BaseNamedObjects\\veles-job");
    ok_status(NtOpenJobObject(&again, JOB_OBJECT_QUERY, &oa), STATUS_SUCCESS);
    NtClose(again);
    ok_status(NtCreateJobObject(&again, JOB_OBJECT_ALL_ACCESS, &oa), STATUS_OBJECT_NAME_COLLISION);
    oa.Attributes = OBJ_OPENIF;
    ok_status(NtCreateJobObject(&again, JOB_OBJECT_ALL_ACCESS, &oa), STATUS_OBJECT_NAME_EXISTS);
    NtClose(again);
    oa.Attributes = 0;
    NtClose(job);
    ok_status(NtOpenJobObject(&again, JOB_OBJECT_QUERY, &oa), STATUS_OBJECT_NAME_NOT_FOUND);

    RtlInitUnicodeString(&name, L"\\BaseNamedObjects\\veles-job-event");
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtOpenJobObject(&again, JOB_OBJECT_QUERY, &oa), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtAssignProcessToJobObject(event, NtCurrentProcess()), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(event);
    ok_status(NtCreateJobObject((HANDLE *)0x10, JOB_OBJECT_ALL_ACCESS, NULL), STATUS_ACCESS_VIOLATION);
}

/* Before the process joins: no processes, no limits, and a job not in a process's way. */
static void TestEmpty(HANDLE job)
{
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    JOBOBJECT_BASIC_PROCESS_ID_LIST ids;
    LARGE_INTEGER zero = {.QuadPart = 0};
    ULONG len = 0;

    ok_status(NtIsProcessInJob(NtCurrentProcess(), job), STATUS_PROCESS_NOT_IN_JOB);
    ok_status(NtIsProcessInJob(NtCurrentProcess(), NULL), STATUS_PROCESS_NOT_IN_JOB);
    memset(&accounting, 0xcc, sizeof(accounting));
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicAccountingInformation, &accounting, sizeof(accounting),
                                          &len),
              STATUS_SUCCESS);
    ok(len == sizeof(accounting) && !accounting.TotalProcesses && !accounting.ActiveProcesses &&
           !accounting.TotalUserTime.QuadPart,
       "no processes yet: %u %u", accounting.TotalProcesses, accounting.ActiveProcesses);
    memset(&limits, 0xcc, sizeof(limits));
    ok_status(NtQueryInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits), &len),
              STATUS_SUCCESS);
    ok(len == sizeof(limits) && !limits.BasicLimitInformation.LimitFlags && !limits.PeakJobMemoryUsed,
       "no limits: %x", limits.BasicLimitInformation.LimitFlags);
    memset(&ids, 0xcc, sizeof(ids));
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicProcessIdList, &ids, sizeof(ids), &len),
              STATUS_SUCCESS);
    ok(len == 8 && !ids.NumberOfAssignedProcesses && !ids.NumberOfProcessIdsInList, "an empty list: %u", len);
    ok_status(NtWaitForSingleObject(job, FALSE, &zero), STATUS_TIMEOUT);
}

static void TestBadArguments(HANDLE job)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    JOBOBJECT_BASIC_PROCESS_ID_LIST ids;
    HANDLE query;

    ok_status(NtQueryInformationJobObject(job, JobObjectBasicLimitInformation, &limits,
                                          sizeof(limits.BasicLimitInformation) - 1, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits) + 8, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicProcessIdList, &ids, 8, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationJobObject(job, (JOBOBJECTINFOCLASS)0, &limits, sizeof(limits), NULL),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationJobObject(job, (JOBOBJECTINFOCLASS)200, &limits, sizeof(limits), NULL),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicAndIoAccountingInformation, &limits, sizeof(limits),
                                          NULL),
              STATUS_NOT_IMPLEMENTED);
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicLimitInformation, (PVOID)0x10,
                                          sizeof(limits.BasicLimitInformation), NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryInformationJobObject((HANDLE)0x1234, JobObjectBasicLimitInformation, &limits,
                                          sizeof(limits.BasicLimitInformation), NULL),
              STATUS_INVALID_HANDLE);

    memset(&limits, 0, sizeof(limits));
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_BREAKAWAY_OK; /* an extended-only flag */
    ok_status(NtSetInformationJobObject(job, JobObjectBasicLimitInformation, &limits,
                                        sizeof(limits.BasicLimitInformation)),
              STATUS_INVALID_PARAMETER);
    limits.BasicLimitInformation.LimitFlags = 0x8000;
    ok_status(NtSetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits)),
              STATUS_INVALID_PARAMETER);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY;
    ok_status(NtSetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits)),
              STATUS_NOT_IMPLEMENTED);
    ok_status(NtSetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits) - 1),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtSetInformationJobObject(job, JobObjectExtendedLimitInformation, (PVOID)0x10, sizeof(limits)),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtSetInformationJobObject(job, (JOBOBJECTINFOCLASS)0, &limits, sizeof(limits)),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtSetInformationJobObject(job, JobObjectBasicUIRestrictions, &limits, 4), STATUS_NOT_IMPLEMENTED);

    /* Each service needs its own right. */
    ok_status(NtDuplicateObject(NtCurrentProcess(), job, NtCurrentProcess(), &query, JOB_OBJECT_QUERY, 0, 0),
              STATUS_SUCCESS);
    ok_status(NtAssignProcessToJobObject(query, NtCurrentProcess()), STATUS_ACCESS_DENIED);
    ok_status(NtTerminateJobObject(query, 1), STATUS_ACCESS_DENIED);
    limits.BasicLimitInformation.LimitFlags = 0;
    ok_status(NtSetInformationJobObject(query, JobObjectExtendedLimitInformation, &limits, sizeof(limits)),
              STATUS_ACCESS_DENIED);
    NtClose(query);
    ok_status(NtAssignProcessToJobObject(job, (HANDLE)0x1234), STATUS_INVALID_HANDLE);
    ok_status(NtAssignProcessToJobObject(job, NtCurrentThread()), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtIsProcessInJob(NtCurrentProcess(), (HANDLE)0x1234), STATUS_INVALID_HANDLE);
}

static void TestLimits(HANDLE job)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    JOBOBJECT_BASIC_LIMIT_INFORMATION basic;

    memset(&limits, 0, sizeof(limits));
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    limits.BasicLimitInformation.ActiveProcessLimit = 4;
    ok_status(NtSetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits)),
              STATUS_SUCCESS);
    memset(&basic, 0xcc, sizeof(basic));
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicLimitInformation, &basic, sizeof(basic), NULL),
              STATUS_SUCCESS);
    ok(basic.LimitFlags == (JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_ACTIVE_PROCESS) &&
           basic.ActiveProcessLimit == 4 && !basic.PerJobUserTimeLimit.QuadPart && !basic.Affinity,
       "the limits set come back: %x %u", basic.LimitFlags, basic.ActiveProcessLimit);
}

/* A job's port hears of the processes in it: those there already when it is associated, and those that join. */
static void TestPortAndAssign(HANDLE job)
{
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT port_info;
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting;
    JOBOBJECT_BASIC_PROCESS_ID_LIST ids;
    LARGE_INTEGER zero = {.QuadPart = 0};
    IO_STATUS_BLOCK iosb;
    PVOID key, apc;
    HANDLE port;
    ULONG len;

    ok_status(NtCreateIoCompletion(&port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    port_info.CompletionKey = (PVOID)0x77;
    port_info.CompletionPort = port;
    ok_status(NtSetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &port_info,
                                        sizeof(port_info) - 1),
              STATUS_INFO_LENGTH_MISMATCH);
    port_info.CompletionPort = job;
    ok_status(NtSetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &port_info,
                                        sizeof(port_info)),
              STATUS_OBJECT_TYPE_MISMATCH);
    port_info.CompletionPort = port;
    ok_status(NtSetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &port_info,
                                        sizeof(port_info)),
              STATUS_SUCCESS);
    ok_status(NtSetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &port_info,
                                        sizeof(port_info)),
              STATUS_INVALID_PARAMETER);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &iosb, &zero), STATUS_TIMEOUT);

    ok_status(NtAssignProcessToJobObject(job, NtCurrentProcess()), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &iosb, &zero), STATUS_SUCCESS);
    ok(key == (PVOID)0x77 && apc == NtCurrentTeb()->ClientId.UniqueProcess &&
           iosb.Information == JOB_OBJECT_MSG_NEW_PROCESS && iosb.Status == STATUS_SUCCESS,
       "the port hears of the new process: %p %p %lu", key, apc, (unsigned long)iosb.Information);
    ok_status(NtAssignProcessToJobObject(job, NtCurrentProcess()), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &iosb, &zero), STATUS_TIMEOUT);

    ok_status(NtIsProcessInJob(NtCurrentProcess(), job), STATUS_PROCESS_IN_JOB);
    ok_status(NtIsProcessInJob(NtCurrentProcess(), NULL), STATUS_PROCESS_IN_JOB);
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicAccountingInformation, &accounting, sizeof(accounting),
                                          NULL),
              STATUS_SUCCESS);
    ok(accounting.TotalProcesses == 1 && accounting.ActiveProcesses == 1 && !accounting.TotalTerminatedProcesses,
       "the process is counted once: %u %u", accounting.TotalProcesses, accounting.ActiveProcesses);
    len = 0;
    ok_status(NtQueryInformationJobObject(job, JobObjectBasicProcessIdList, &ids, sizeof(ids), &len),
              STATUS_SUCCESS);
    ok(len == sizeof(ids) && ids.NumberOfAssignedProcesses == 1 && ids.NumberOfProcessIdsInList == 1 &&
           ids.ProcessIdList[0] == (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess,
       "the list names the process: %u %u", len, ids.NumberOfAssignedProcesses);

    /* A second port association after the process joined hears of it at once. */
    {
        HANDLE job2 = NewJob(NULL);
        ok_status(NtAssignProcessToJobObject(job2, NtCurrentProcess()), STATUS_SUCCESS);
        port_info.CompletionKey = (PVOID)0x78;
        ok_status(NtSetInformationJobObject(job2, JobObjectAssociateCompletionPortInformation, &port_info,
                                            sizeof(port_info)),
                  STATUS_SUCCESS);
        ok_status(NtRemoveIoCompletion(port, &key, &apc, &iosb, &zero), STATUS_SUCCESS);
        ok(key == (PVOID)0x78 && iosb.Information == JOB_OBJECT_MSG_NEW_PROCESS,
           "a port associated late hears of the process already there: %p", key);
        /* job2 nested inside job: the process is in both, and neither can take it back from the other. */
        ok_status(NtIsProcessInJob(NtCurrentProcess(), job), STATUS_PROCESS_IN_JOB);
        ok_status(NtIsProcessInJob(NtCurrentProcess(), job2), STATUS_PROCESS_IN_JOB);
        ok_status(NtAssignProcessToJobObject(job, NtCurrentProcess()), STATUS_ACCESS_DENIED);
        NtClose(job2);
    }
    NtClose(port);
}

/* A job with no room for a process: Windows ends the process, which Veles does not do. */
static void TestActiveLimitZero(void)
{
    HANDLE job = NewJob(NULL);
    JOBOBJECT_BASIC_LIMIT_INFORMATION basic;

    memset(&basic, 0, sizeof(basic));
    basic.LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    ok_status(NtSetInformationJobObject(job, JobObjectBasicLimitInformation, &basic, sizeof(basic)), STATUS_SUCCESS);
    ok_status(NtAssignProcessToJobObject(job, NtCurrentProcess()), STATUS_NOT_IMPLEMENTED);
    ok_status(NtIsProcessInJob(NtCurrentProcess(), job), STATUS_PROCESS_NOT_IN_JOB);
    NtClose(job);
}

/* Ending a job the process is not in ends no one, and signals the job. */
static void TestTerminateOther(void)
{
    HANDLE job = NewJob(NULL);
    LARGE_INTEGER zero = {.QuadPart = 0};

    ok_status(NtTerminateJobObject(job, 5), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(job, FALSE, &zero), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(job, FALSE, &zero), STATUS_SUCCESS); /* and it stays so */
    NtClose(job);
}

void RunTests(void)
{
    HANDLE job;

    TestNames();
    TestActiveLimitZero();
    TestTerminateOther();
    job = NewJob(NULL);
    TestEmpty(job);
    TestBadArguments(job);
    TestLimits(job);
    TestPortAndAssign(job);
    NtClose(job);
}
