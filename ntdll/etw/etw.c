/* Event tracing (ETW), the providers' side: providers register and write events as on a Windows where no
 * tracing session is running, which is what Veles is: nothing ever enables a provider, so every event is
 * dropped where it is written, and the classic interface's loggers never exist. The thread's activity ID is
 * kept in its TEB, as Windows keeps it. */
#include "rtl/rtlp.h"
#include "nt/winerror.h"

#define EVENT_ACTIVITY_CTRL_GET_ID 1
#define EVENT_ACTIVITY_CTRL_SET_ID 2
#define EVENT_ACTIVITY_CTRL_CREATE_ID 3
#define EVENT_ACTIVITY_CTRL_GET_SET_ID 4
#define EVENT_ACTIVITY_CTRL_CREATE_SET_ID 5
#define RTLP_MAX_PROVIDERS 256

typedef struct {
    GUID Provider;
    BOOLEAN InUse;
} RTLP_PROVIDER;

/* Registrations, numbered from 1; a handle is its slot plus one, so that 0 is never valid. */
static RTLP_PROVIDER RtlpProviders[RTLP_MAX_PROVIDERS];
static volatile LONG RtlpProvidersLock;

static ULONG RtlpRegister(const GUID *provider, ULONG64 *handle)
{
    ULONG error = ERROR_NOT_ENOUGH_MEMORY;

    if (!provider || !handle)
        return ERROR_INVALID_PARAMETER;
    RtlpAcquireLock(&RtlpProvidersLock);
    for (ULONG i = 0; i < RTLP_MAX_PROVIDERS; i++) {
        if (RtlpProviders[i].InUse)
            continue;
        RtlpProviders[i].InUse = TRUE;
        RtlpProviders[i].Provider = *provider;
        *handle = i + 1;
        error = ERROR_SUCCESS;
        break;
    }
    RtlpReleaseLock(&RtlpProvidersLock);
    return error;
}

static BOOLEAN RtlpRegistered(ULONG64 handle)
{
    return handle && handle <= RTLP_MAX_PROVIDERS &&
           __atomic_load_n(&RtlpProviders[handle - 1].InUse, __ATOMIC_ACQUIRE);
}

static ULONG RtlpUnregister(ULONG64 handle)
{
    ULONG error = ERROR_INVALID_HANDLE;

    RtlpAcquireLock(&RtlpProvidersLock);
    if (RtlpRegistered(handle)) {
        RtlpProviders[handle - 1].InUse = FALSE;
        error = ERROR_SUCCESS;
    }
    RtlpReleaseLock(&RtlpProvidersLock);
    return error;
}

/* A provider's enable callback is kept by the session that enables it; with none, it is never called. */
ULONG NTAPI EtwEventRegister(const GUID *ProviderId, PVOID EnableCallback, PVOID CallbackContext,
                             PULONG64 RegHandle)
{
    (void)EnableCallback, (void)CallbackContext;
    return RtlpRegister(ProviderId, RegHandle);
}

ULONG NTAPI EtwEventUnregister(ULONG64 RegHandle)
{
    return RtlpUnregister(RegHandle);
}

BOOLEAN NTAPI EtwEventEnabled(ULONG64 RegHandle, PCVOID EventDescriptor)
{
    (void)RegHandle, (void)EventDescriptor;
    return FALSE;
}

BOOLEAN NTAPI EtwEventProviderEnabled(ULONG64 RegHandle, UCHAR Level, ULONG64 Keyword)
{
    (void)RegHandle, (void)Level, (void)Keyword;
    return FALSE;
}

/* Traits and the like are for sessions; a valid registration takes them. */
ULONG NTAPI EtwEventSetInformation(ULONG64 RegHandle, ULONG InformationClass, PVOID EventInformation,
                                   ULONG InformationLength)
{
    (void)InformationClass, (void)EventInformation, (void)InformationLength;
    return RtlpRegistered(RegHandle) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

/* Events of a provider no session enabled are dropped, successfully. */
ULONG NTAPI EtwEventWrite(ULONG64 RegHandle, PCVOID EventDescriptor, ULONG UserDataCount, PVOID UserData)
{
    (void)EventDescriptor, (void)UserDataCount, (void)UserData;
    return RtlpRegistered(RegHandle) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

ULONG NTAPI EtwEventWriteTransfer(ULONG64 RegHandle, PCVOID EventDescriptor, const GUID *ActivityId,
                                  const GUID *RelatedActivityId, ULONG UserDataCount, PVOID UserData)
{
    (void)ActivityId, (void)RelatedActivityId;
    return EtwEventWrite(RegHandle, EventDescriptor, UserDataCount, UserData);
}

ULONG NTAPI EtwEventWriteString(ULONG64 RegHandle, UCHAR Level, ULONG64 Keyword, PCWSTR String)
{
    (void)Level, (void)Keyword, (void)String;
    return RtlpRegistered(RegHandle) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

/* A new activity ID: unique in the process (a counter) and across processes (the process ID and the time). */
static void RtlpNewActivityId(GUID *id)
{
    static volatile LONG64 counter;
    LARGE_INTEGER now;

    NtQuerySystemTime(&now);
    id->Data1 = (ULONG)__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
    id->Data2 = (USHORT)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess;
    id->Data3 = 0x4000 | (USHORT)((ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread & 0x0fff);
    memcpy(id->Data4, &now.QuadPart, sizeof(id->Data4));
}

ULONG NTAPI EtwEventActivityIdControl(ULONG ControlCode, GUID *ActivityId)
{
    GUID *current = (GUID *)NtCurrentTeb()->ActivityId, previous;

    if (!ActivityId)
        return ERROR_INVALID_PARAMETER;
    switch (ControlCode) {
    case EVENT_ACTIVITY_CTRL_GET_ID:
        *ActivityId = *current;
        return ERROR_SUCCESS;
    case EVENT_ACTIVITY_CTRL_SET_ID:
        *current = *ActivityId;
        return ERROR_SUCCESS;
    case EVENT_ACTIVITY_CTRL_CREATE_ID:
        RtlpNewActivityId(ActivityId);
        return ERROR_SUCCESS;
    case EVENT_ACTIVITY_CTRL_GET_SET_ID:
        previous = *current;
        *current = *ActivityId;
        *ActivityId = previous;
        return ERROR_SUCCESS;
    case EVENT_ACTIVITY_CTRL_CREATE_SET_ID:
        *ActivityId = *current;
        RtlpNewActivityId(current);
        return ERROR_SUCCESS;
    default:
        return ERROR_INVALID_PARAMETER;
    }
}

/* The classic interface: a registration, but no logger ever asks for its events. */
ULONG NTAPI EtwRegisterTraceGuidsW(PVOID RequestAddress, PVOID RequestContext, const GUID *ControlGuid,
                                   ULONG GuidCount, PVOID TraceGuidReg, PCWSTR MofImagePath, PCWSTR MofResourceName,
                                   PULONG64 RegistrationHandle)
{
    (void)RequestAddress, (void)RequestContext, (void)GuidCount, (void)TraceGuidReg, (void)MofImagePath;
    (void)MofResourceName;
    return RtlpRegister(ControlGuid, RegistrationHandle);
}

ULONG NTAPI EtwRegisterTraceGuidsA(PVOID RequestAddress, PVOID RequestContext, const GUID *ControlGuid,
                                   ULONG GuidCount, PVOID TraceGuidReg, const char *MofImagePath,
                                   const char *MofResourceName, PULONG64 RegistrationHandle)
{
    (void)MofImagePath, (void)MofResourceName;
    return EtwRegisterTraceGuidsW(RequestAddress, RequestContext, ControlGuid, GuidCount, TraceGuidReg, NULL, NULL,
                                  RegistrationHandle);
}

ULONG NTAPI EtwUnregisterTraceGuids(ULONG64 RegistrationHandle)
{
    return RtlpUnregister(RegistrationHandle);
}

/* A logger's handle comes with the request a session sends its provider; there are none to be had. */
ULONG64 NTAPI EtwGetTraceLoggerHandle(PVOID Buffer)
{
    (void)Buffer;
    RtlpSetLastError(STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE);
    return (ULONG64)-1;
}

ULONG NTAPI EtwGetTraceEnableFlags(ULONG64 TraceHandle)
{
    (void)TraceHandle;
    RtlpSetLastError(STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE);
    return 0;
}

UCHAR NTAPI EtwGetTraceEnableLevel(ULONG64 TraceHandle)
{
    (void)TraceHandle;
    RtlpSetLastError(STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE);
    return 0;
}

ULONG NTAPI EtwLogTraceEvent(ULONG64 SessionHandle, PVOID EventTrace)
{
    (void)SessionHandle, (void)EventTrace;
    return ERROR_INVALID_HANDLE;
}

ULONG NTAPI EtwTraceMessageVa(ULONG64 LoggerHandle, ULONG MessageFlags, const GUID *MessageGuid,
                              USHORT MessageNumber, va_list MessageArgList)
{
    (void)LoggerHandle, (void)MessageFlags, (void)MessageGuid, (void)MessageNumber, (void)MessageArgList;
    return ERROR_INVALID_HANDLE;
}

ULONG EtwTraceMessage(ULONG64 LoggerHandle, ULONG MessageFlags, const GUID *MessageGuid, USHORT MessageNumber, ...)
{
    va_list args;
    ULONG error;

    va_start(args, MessageNumber);
    error = EtwTraceMessageVa(LoggerHandle, MessageFlags, MessageGuid, MessageNumber, args);
    va_end(args);
    return error;
}
