/* Semaphore objects: NtCreateSemaphore, NtReleaseSemaphore, NtQuerySemaphore. */
#include "ex/exp.h"
#include "ke/ke.h"
#include "ob/ob.h"

/* A semaphore, which the prefix's processes share when it is named in a BaseNamedObjects. */
typedef struct {
    KSEMAPHORE Semaphore; /* first: the body is a dispatcher object */
    EXP_SHARED Shared;
} EXP_SEMAPHORE;

static void ExpDeleteSemaphore(void *body)
{
    EXP_SEMAPHORE *semaphore = body;

    ExpUnshareObject(&semaphore->Semaphore.Header, &semaphore->Shared);
}

static NTSTATUS ExpShareNewSemaphore(void *body, const WCHAR *name, USHORT length, BOOLEAN *existed)
{
    EXP_SEMAPHORE *semaphore = body;

    return ExpShareObject(&semaphore->Semaphore.Header, &semaphore->Shared, name, length, EXP_SHARED_SEMAPHORE, TRUE,
                          existed);
}

static NTSTATUS ExpOpenSharedSemaphore(const WCHAR *name, USHORT length, void **body);

const OBJECT_TYPE ExSemaphoreObjectType = {
    .Name = "Semaphore",
    .Mapping = {STANDARD_RIGHTS_READ | SEMAPHORE_QUERY_STATE, STANDARD_RIGHTS_WRITE | SEMAPHORE_MODIFY_STATE,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, SEMAPHORE_ALL_ACCESS},
    .ValidAccess = SEMAPHORE_ALL_ACCESS,
    .Waitable = TRUE,
    .Delete = ExpDeleteSemaphore,
    .Share = ExpShareNewSemaphore,
    .OpenShared = ExpOpenSharedSemaphore,
};

static NTSTATUS ExpOpenSharedSemaphore(const WCHAR *name, USHORT length, void **body)
{
    EXP_SEMAPHORE *semaphore = ObCreateObject(&ExSemaphoreObjectType, sizeof(*semaphore));

    KeInitializeSemaphore(&semaphore->Semaphore, 0, 1);
    semaphore->Shared.Fd = -1;
    return ExpJoinShared(semaphore, &semaphore->Semaphore.Header, &semaphore->Shared, name, length,
                         EXP_SHARED_SEMAPHORE, body);
}

NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, LONG InitialCount, LONG MaximumCount)
{
    EXP_SEMAPHORE *semaphore;

    if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
        return STATUS_INVALID_PARAMETER;
    semaphore = ObCreateObject(&ExSemaphoreObjectType, sizeof(*semaphore));
    KeInitializeSemaphore(&semaphore->Semaphore, InitialCount, MaximumCount);
    semaphore->Shared.Fd = -1;
    return ObInsertObjectForCaller(semaphore, DesiredAccess, ObjectAttributes, SemaphoreHandle);
}

NTSTATUS NTAPI NtOpenSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &ExSemaphoreObjectType, DesiredAccess, SemaphoreHandle);
}

NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount, PLONG PreviousCount)
{
    KSEMAPHORE *semaphore;
    LONG previous;
    NTSTATUS status;

    if (ReleaseCount <= 0)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObReferenceObjectByHandle(SemaphoreHandle, SEMAPHORE_MODIFY_STATE, &ExSemaphoreObjectType,
                                            (void **)&semaphore)))
        return status;
    if (PreviousCount && KeReadUser(&previous, PreviousCount))
        status = STATUS_ACCESS_VIOLATION;
    else if (!(status = KeReleaseSemaphore(semaphore, ReleaseCount, &previous)) && PreviousCount &&
             KeWriteUser(PreviousCount, previous))
        status = STATUS_ACCESS_VIOLATION;
    ObDereferenceObject(semaphore);
    return status;
}

NTSTATUS NTAPI NtQuerySemaphore(HANDLE SemaphoreHandle, SEMAPHORE_INFORMATION_CLASS SemaphoreInformationClass,
                                PVOID SemaphoreInformation, ULONG SemaphoreInformationLength, PULONG ReturnLength)
{
    SEMAPHORE_BASIC_INFORMATION info;
    KSEMAPHORE *semaphore;
    NTSTATUS status;

    if (SemaphoreInformationClass != SemaphoreBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((status = ObReferenceObjectByHandle(SemaphoreHandle, SEMAPHORE_QUERY_STATE, &ExSemaphoreObjectType,
                                            (void **)&semaphore)))
        return status;
    info.CurrentCount = KeReadState(&semaphore->Header);
    info.MaximumCount = semaphore->Limit;
    ObDereferenceObject(semaphore);
    return KeReturnInformation(SemaphoreInformation, SemaphoreInformationLength, &info, sizeof(info), ReturnLength);
}
