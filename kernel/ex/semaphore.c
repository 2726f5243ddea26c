/* Semaphore objects: NtCreateSemaphore, NtReleaseSemaphore, NtQuerySemaphore. */
#include "ke/ke.h"
#include "ob/ob.h"

const OBJECT_TYPE ExSemaphoreObjectType = {
    .Name = "Semaphore",
    .Mapping = {STANDARD_RIGHTS_READ | SEMAPHORE_QUERY_STATE, STANDARD_RIGHTS_WRITE | SEMAPHORE_MODIFY_STATE,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, SEMAPHORE_ALL_ACCESS},
    .ValidAccess = SEMAPHORE_ALL_ACCESS,
    .Waitable = TRUE,
};

NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, LONG InitialCount, LONG MaximumCount)
{
    KSEMAPHORE *semaphore;

    if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
        return STATUS_INVALID_PARAMETER;
    semaphore = ObCreateObject(&ExSemaphoreObjectType, sizeof(*semaphore));
    KeInitializeSemaphore(semaphore, InitialCount, MaximumCount);
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
