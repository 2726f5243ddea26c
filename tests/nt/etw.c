/* Event tracing with no session running: providers register, are never enabled, and their events are
 * dropped; loggers of the classic interface do not exist; the thread's activity ID is its own. */
#include "lib/nttest.h"
#include "nt/winerror.h"

void RunTests(void)
{
    static const GUID provider = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
    ULONG64 handle = 0, other = 0;
    ULONG descriptor[4] = {0};
    GUID id, again, zero = {0};

    ok(EtwEventRegister(&provider, NULL, NULL, &handle) == ERROR_SUCCESS && handle, "registered");
    ok(EtwRegisterTraceGuidsW(NULL, NULL, &provider, 0, NULL, NULL, NULL, &other) == ERROR_SUCCESS && other &&
           other != handle,
       "registered the classic way too");
    ok(!EtwEventEnabled(handle, descriptor) && !EtwEventProviderEnabled(handle, 5, ~0ull), "never enabled");
    ok(EtwEventWrite(handle, descriptor, 0, NULL) == ERROR_SUCCESS, "an event is dropped, successfully");
    ok(EtwEventWriteString(handle, 4, 0, L"text") == ERROR_SUCCESS, "a string too");
    ok(EtwEventWriteTransfer(handle, descriptor, NULL, NULL, 0, NULL) == ERROR_SUCCESS, "and a transfer");
    ok(EtwEventSetInformation(handle, 2, NULL, 0) == ERROR_SUCCESS, "information for sessions taken");
    ok(EtwEventWrite(0, descriptor, 0, NULL) == ERROR_INVALID_HANDLE, "no registration, no event");
    ok(EtwEventRegister(NULL, NULL, NULL, &handle) == ERROR_INVALID_PARAMETER, "a provider is needed");
    ok(EtwEventUnregister(handle) == ERROR_SUCCESS && EtwEventUnregister(handle) == ERROR_INVALID_HANDLE,
       "unregistered once");
    ok(EtwEventWrite(handle, descriptor, 0, NULL) == ERROR_INVALID_HANDLE, "then gone");
    ok(EtwUnregisterTraceGuids(other) == ERROR_SUCCESS, "the classic registration too");
    ok(EtwGetTraceLoggerHandle(NULL) == (ULONG64)-1 && NtCurrentTeb()->LastErrorValue == ERROR_INVALID_HANDLE,
       "no logger to hand out");
    ok(!EtwGetTraceEnableFlags(1) && !EtwGetTraceEnableLevel(1), "nothing enabled");
    ok(EtwLogTraceEvent(1, NULL) == ERROR_INVALID_HANDLE && EtwTraceMessage(1, 0, NULL, 1, 2, 3) ==
                                                                 ERROR_INVALID_HANDLE,
       "no session to log to");

    ok(EtwEventActivityIdControl(1, &id) == ERROR_SUCCESS && !memcmp(&id, &zero, sizeof(id)),
       "a thread starts without an activity");
    ok(EtwEventActivityIdControl(3, &id) == ERROR_SUCCESS && memcmp(&id, &zero, sizeof(id)), "a new ID");
    ok(EtwEventActivityIdControl(2, &id) == ERROR_SUCCESS && EtwEventActivityIdControl(1, &again) == ERROR_SUCCESS &&
           !memcmp(&id, &again, sizeof(id)),
       "set and read back");
    ok(EtwEventActivityIdControl(5, &again) == ERROR_SUCCESS && !memcmp(&again, &id, sizeof(id)),
       "create-and-set hands back the previous one");
    ok(EtwEventActivityIdControl(1, &again) == ERROR_SUCCESS && memcmp(&again, &id, sizeof(id)), "a fresh one now");
    ok(EtwEventActivityIdControl(9, &id) == ERROR_INVALID_PARAMETER && EtwEventActivityIdControl(1, NULL) ==
                                                                           ERROR_INVALID_PARAMETER,
       "bad requests");
}
