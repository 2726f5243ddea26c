/* Timer objects: NtCreateTimer, NtOpenTimer, NtSetTimer, NtCancelTimer, NtQueryTimer. */
#include "ke/ke.h"
#include "ob/ob.h"

/* The timer drops its completion routine, and the reference it held on the routine's thread. */
static BOOLEAN ExpCancelTimer(KTIMER *timer)
{
    KTHREAD *old_thread;
    BOOLEAN state = KeCancelTimer(timer, &old_thread);

    if (old_thread)
        ObDereferenceObject(old_thread);
    return state;
}

static void ExpDeleteTimer(void *body)
{
    ExpCancelTimer(body);
}

const OBJECT_TYPE ExTimerObjectType = {
    .Name = "Timer",
    .Mapping = {STANDARD_RIGHTS_READ | TIMER_QUERY_STATE, STANDARD_RIGHTS_WRITE | TIMER_MODIFY_STATE,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, TIMER_ALL_ACCESS},
    .ValidAccess = TIMER_ALL_ACCESS,
    .Delete = ExpDeleteTimer,
    .Waitable = TRUE,
};

NTSTATUS NTAPI NtCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                             TIMER_TYPE TimerType)
{
    KTIMER *timer;

    if (TimerType != NotificationTimer && TimerType != SynchronizationTimer)
        return STATUS_INVALID_PARAMETER_4;
    timer = ObCreateObject(&ExTimerObjectType, sizeof(*timer));
    KeInitializeTimer(timer, TimerType);
    return ObInsertObjectForCaller(timer, DesiredAccess, ObjectAttributes, TimerHandle);
}

NTSTATUS NTAPI NtOpenTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &ExTimerObjectType, DesiredAccess, TimerHandle);
}

/* A completion routine is queued as a user APC to the calling thread each time the timer fires; the timer
 * keeps the thread object alive for it. */
NTSTATUS NTAPI NtSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime, PTIMER_APC_ROUTINE TimerApcRoutine,
                          PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period, PBOOLEAN PreviousState)
{
    LARGE_INTEGER due;
    BOOLEAN previous;
    KTIMER *timer;
    NTSTATUS status;

    if (Period < 0)
        return STATUS_INVALID_PARAMETER_6;
    if ((status = ObReferenceObjectByHandle(TimerHandle, TIMER_MODIFY_STATE, &ExTimerObjectType, (void **)&timer)))
        return status;
    if (KeReadUser(&due, DueTime) || (PreviousState && KeReadUser(&previous, PreviousState)))
        status = STATUS_ACCESS_VIOLATION;
    else {
        KTIMER_APC apc = {KeGetCurrentThread(), (ULONG64)TimerApcRoutine, (ULONG64)TimerContext};
        KTHREAD *old_thread;
        if (TimerApcRoutine)
            ObReferenceObject(apc.Thread);
        previous = KeSetTimer(timer, due, Period, TimerApcRoutine ? &apc : NULL, &old_thread);
        if (old_thread)
            ObDereferenceObject(old_thread);
        if (PreviousState && KeWriteUser(PreviousState, previous))
            status = STATUS_ACCESS_VIOLATION;
        /* Resuming a sleeping system is not Veles' to do. */
        if (!status && ResumeTimer)
            status = STATUS_TIMER_RESUME_IGNORED;
    }
    ObDereferenceObject(timer);
    return status;
}

NTSTATUS NTAPI NtCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState)
{
    BOOLEAN state;
    KTIMER *timer;
    NTSTATUS status;

    /* The output is probed before the handle is looked at, as on Windows. */
    if (CurrentState && KeReadUser(&state, CurrentState))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(TimerHandle, TIMER_MODIFY_STATE, &ExTimerObjectType, (void **)&timer)))
        return status;
    state = ExpCancelTimer(timer);
    if (CurrentState && KeWriteUser(CurrentState, state))
        status = STATUS_ACCESS_VIOLATION;
    ObDereferenceObject(timer);
    return status;
}

NTSTATUS NTAPI NtQueryTimer(HANDLE TimerHandle, TIMER_INFORMATION_CLASS TimerInformationClass,
                            PVOID TimerInformation, ULONG TimerInformationLength, PULONG ReturnLength)
{
    TIMER_BASIC_INFORMATION info;
    LONGLONG remaining;
    KTIMER *timer;
    NTSTATUS status;

    if (TimerInformationClass != TimerBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((status = ObReferenceObjectByHandle(TimerHandle, TIMER_QUERY_STATE, &ExTimerObjectType, (void **)&timer)))
        return status;
    KeQueryTimer(timer, &remaining, &info.TimerState);
    info.RemainingTime.QuadPart = remaining;
    ObDereferenceObject(timer);
    return KeReturnInformation(TimerInformation, TimerInformationLength, &info, sizeof(info), ReturnLength);
}
