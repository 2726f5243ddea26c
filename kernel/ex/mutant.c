/* Mutant objects (Win32 mutexes): NtCreateMutant, NtReleaseMutant, NtQueryMutant. */
#include "ex/exp.h"
#include "ke/ke.h"
#include "ob/ob.h"

/* A mutant, which the prefix's processes share when it is named in a BaseNamedObjects. */
typedef struct {
    KMUTANT Mutant; /* first: the body is a dispatcher object */
    EXP_SHARED Shared;
} EXP_MUTANT;

static void ExpDeleteMutant(void *body)
{
    EXP_MUTANT *mutant = body;

    KeRundownMutant(&mutant->Mutant);
    ExpUnshareObject(&mutant->Mutant.Header, &mutant->Shared);
}

static NTSTATUS ExpShareNewMutant(void *body, const WCHAR *name, USHORT length, BOOLEAN *existed)
{
    EXP_MUTANT *mutant = body;

    return ExpShareObject(&mutant->Mutant.Header, &mutant->Shared, name, length, EXP_SHARED_MUTANT, TRUE, existed);
}

static NTSTATUS ExpOpenSharedMutant(const WCHAR *name, USHORT length, void **body);

const OBJECT_TYPE ExMutantObjectType = {
    .Name = "Mutant",
    .Mapping = {STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE, STANDARD_RIGHTS_WRITE,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, MUTANT_ALL_ACCESS},
    .ValidAccess = MUTANT_ALL_ACCESS,
    .Delete = ExpDeleteMutant,
    .Waitable = TRUE,
    .Share = ExpShareNewMutant,
    .OpenShared = ExpOpenSharedMutant,
};

static NTSTATUS ExpOpenSharedMutant(const WCHAR *name, USHORT length, void **body)
{
    EXP_MUTANT *mutant = ObCreateObject(&ExMutantObjectType, sizeof(*mutant));

    KeInitializeMutant(&mutant->Mutant, FALSE);
    mutant->Shared.Fd = -1;
    return ExpJoinShared(mutant, &mutant->Mutant.Header, &mutant->Shared, name, length, EXP_SHARED_MUTANT, body);
}

NTSTATUS NTAPI NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                              BOOLEAN InitialOwner)
{
    EXP_MUTANT *mutant = ObCreateObject(&ExMutantObjectType, sizeof(*mutant));

    mutant->Shared.Fd = -1;
    KeInitializeMutant(&mutant->Mutant, InitialOwner);
    /* Opened by name instead (OBJ_OPENIF), the new mutant goes, and with it the ownership asked for. */
    return ObInsertObjectForCaller(mutant, DesiredAccess, ObjectAttributes, MutantHandle);
}

NTSTATUS NTAPI NtOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &ExMutantObjectType, DesiredAccess, MutantHandle);
}

/* Only the owner may release, once per acquisition; the count before comes back. No right beyond the
 * handle is needed, as on Windows. */
NTSTATUS NTAPI NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
    KMUTANT *mutant;
    LONG previous;
    NTSTATUS status = ObReferenceObjectByHandle(MutantHandle, 0, &ExMutantObjectType, (void **)&mutant);

    if (status)
        return status;
    if (PreviousCount && KeReadUser(&previous, PreviousCount))
        status = STATUS_ACCESS_VIOLATION;
    else if (!(status = KeReleaseMutant(mutant, &previous)) && PreviousCount && KeWriteUser(PreviousCount, previous))
        status = STATUS_ACCESS_VIOLATION;
    ObDereferenceObject(mutant);
    return status;
}

NTSTATUS NTAPI NtQueryMutant(HANDLE MutantHandle, MUTANT_INFORMATION_CLASS MutantInformationClass,
                             PVOID MutantInformation, ULONG MutantInformationLength, PULONG ReturnLength)
{
    MUTANT_BASIC_INFORMATION info;
    KMUTANT *mutant;
    NTSTATUS status;

    if (MutantInformationClass == MutantOwnerInformation)
        return KeReportNotImplemented("NtQueryMutant(MutantOwnerInformation)");
    if (MutantInformationClass != MutantBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((status = ObReferenceObjectByHandle(MutantHandle, MUTANT_QUERY_STATE, &ExMutantObjectType, (void **)&mutant)))
        return status;
    info.CurrentCount = KeReadState(&mutant->Header);
    info.OwnedByCaller = mutant->Owner == KeGetCurrentThread();
    info.AbandonedState = mutant->Abandoned;
    ObDereferenceObject(mutant);
    return KeReturnInformation(MutantInformation, MutantInformationLength, &info, sizeof(info), ReturnLength);
}
