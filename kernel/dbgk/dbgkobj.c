/* Debug objects, through which a debugger hears of its debuggees: NtCreateDebugObject and the services on it. */
#include <pthread.h>
#include "ke/ke.h"
#include "mm/mm.h"
#include "ob/ob.h"
#include "ps/ps.h"

/* A debug object. No process can be attached to one (see NtDebugActiveProcess), so no event ever comes. */
typedef struct {
    KEVENT EventsPresent;   /* first: waiting on the object is waiting for an event */
    ULONG Flags;            /* DEBUG_KILL_ON_CLOSE */
} DBGK_DEBUG_OBJECT;

const OBJECT_TYPE DbgkDebugObjectType = {
    .Name = "DebugObject",
    .Mapping = {STANDARD_RIGHTS_READ | DEBUG_READ_EVENT, STANDARD_RIGHTS_WRITE | DEBUG_PROCESS_ASSIGN,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, DEBUG_ALL_ACCESS},
    .ValidAccess = DEBUG_ALL_ACCESS,
    .Waitable = TRUE,
};

static pthread_mutex_t DbgkpLock = PTHREAD_MUTEX_INITIALIZER;

NTSTATUS NTAPI NtCreateDebugObject(HANDLE *DebugHandle, ACCESS_MASK DesiredAccess, OBJECT_ATTRIBUTES *ObjectAttributes,
                                   ULONG Flags)
{
    DBGK_DEBUG_OBJECT *debug;

    if (Flags & ~DEBUG_KILL_ON_CLOSE)
        return STATUS_INVALID_PARAMETER;
    debug = ObCreateObject(&DbgkDebugObjectType, sizeof(*debug));
    KeInitializeEvent(&debug->EventsPresent, NotificationEvent, FALSE);
    debug->Flags = Flags;
    return ObInsertObjectForCaller(debug, DesiredAccess, ObjectAttributes, DebugHandle);
}

NTSTATUS NTAPI NtSetInformationDebugObject(HANDLE DebugHandle, DEBUGOBJECTINFOCLASS DebugObjectInformationClass,
                                           PVOID DebugInformation, ULONG DebugInformationLength, ULONG *ReturnLength)
{
    DBGK_DEBUG_OBJECT *debug;
    ULONG flags, size = sizeof(flags);
    NTSTATUS status;

    if (DebugObjectInformationClass != DebugObjectKillProcessOnExitInformation)
        return STATUS_INVALID_PARAMETER;
    if (DebugInformationLength != size) {
        if (ReturnLength && KeWriteUser(ReturnLength, size))
            return STATUS_ACCESS_VIOLATION;
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    if (KeReadUser(&flags, (ULONG *)DebugInformation))
        return STATUS_ACCESS_VIOLATION;
    if (flags & ~DEBUG_KILL_ON_CLOSE)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObReferenceObjectByHandle(DebugHandle, DEBUG_SET_INFORMATION, &DbgkDebugObjectType,
                                            (void **)&debug)))
        return status;
    pthread_mutex_lock(&DbgkpLock);
    debug->Flags = flags;
    pthread_mutex_unlock(&DbgkpLock);
    ObDereferenceObject(debug);
    /* Nothing comes back: the length says so. */
    size = 0;
    return ReturnLength && KeWriteUser(ReturnLength, size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

/* Windows lets no process debug itself, and the process is the only one a Veles handle can name. */
NTSTATUS NTAPI NtDebugActiveProcess(HANDLE ProcessHandle, HANDLE DebugHandle)
{
    NTSTATUS status = PsCheckProcessAccess(ProcessHandle, PROCESS_SUSPEND_RESUME);

    return status ? status : STATUS_ACCESS_DENIED;
}

NTSTATUS NTAPI NtWaitForDebugEvent(HANDLE DebugHandle, BOOLEAN Alertable, LARGE_INTEGER *Timeout,
                                   DBGUI_WAIT_STATE_CHANGE *StateChange)
{
    DBGK_DEBUG_OBJECT *debug;
    LARGE_INTEGER timeout;
    DISPATCHER_HEADER *object;
    NTSTATUS status;

    if ((Timeout && KeReadUser(&timeout, Timeout)) || !MmIsUserRange(StateChange, sizeof(*StateChange)))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(DebugHandle, DEBUG_READ_EVENT, &DbgkDebugObjectType, (void **)&debug)))
        return status;
    object = &debug->EventsPresent.Header;
    status = KeWaitForMultipleObjects(1, &object, WaitAny, Alertable, Timeout ? &timeout : NULL);
    ObDereferenceObject(debug);
    return status;
}
