/* RtlNtStatusToDosError: Windows' Win32 error of each status, the codes that carry their own, and what the
 * TEB keeps. */
#include "lib/nttest.h"
#include "nt/winerror.h"

static void TestMappings(void)
{
    static const struct {
        NTSTATUS status;
        ULONG error;
    } cases[] = {
        {STATUS_SUCCESS, NO_ERROR},
        {STATUS_PENDING, ERROR_IO_PENDING},
        {STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA},
        {STATUS_NO_MORE_ENTRIES, ERROR_NO_MORE_ITEMS},
        {STATUS_ACCESS_VIOLATION, ERROR_NOACCESS},
        {STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE},
        {STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE},
        {STATUS_INVALID_PARAMETER_3, ERROR_INVALID_PARAMETER},
        {STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND},
        {STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND},
        {STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS},
        {STATUS_OBJECT_NAME_EXISTS, ERROR_ALREADY_EXISTS},
        {STATUS_OBJECT_NAME_INVALID, ERROR_INVALID_NAME},
        {STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED},
        {STATUS_FILE_IS_A_DIRECTORY, ERROR_ACCESS_DENIED},
        {STATUS_NOT_A_DIRECTORY, ERROR_DIRECTORY},
        {STATUS_SHARING_VIOLATION, ERROR_SHARING_VIOLATION},
        {STATUS_END_OF_FILE, ERROR_HANDLE_EOF},
        {STATUS_PIPE_BROKEN, ERROR_BROKEN_PIPE},
        {STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY},
        {STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER},
        {STATUS_INFO_LENGTH_MISMATCH, ERROR_BAD_LENGTH},
        {STATUS_NOT_IMPLEMENTED, ERROR_INVALID_FUNCTION},
        {STATUS_DLL_NOT_FOUND, ERROR_MOD_NOT_FOUND},
        {STATUS_ENTRYPOINT_NOT_FOUND, ERROR_PROC_NOT_FOUND},
        {STATUS_PROCEDURE_NOT_FOUND, ERROR_PROC_NOT_FOUND},
        {STATUS_ORDINAL_NOT_FOUND, ERROR_INVALID_ORDINAL},
        {STATUS_DLL_INIT_FAILED, ERROR_DLL_INIT_FAILED},
        {STATUS_INVALID_IMAGE_NOT_MZ, ERROR_BAD_EXE_FORMAT},
        {STATUS_VARIABLE_NOT_FOUND, ERROR_ENVVAR_NOT_FOUND},
        {STATUS_RESOURCE_NAME_NOT_FOUND, ERROR_RESOURCE_NAME_NOT_FOUND},
        {STATUS_MUTANT_NOT_OWNED, ERROR_NOT_OWNER},
        {STATUS_SEMAPHORE_LIMIT_EXCEEDED, ERROR_TOO_MANY_POSTS},
        {STATUS_CANCELLED, ERROR_OPERATION_ABORTED},
        {STATUS_MAPPED_ALIGNMENT, ERROR_MAPPED_ALIGNMENT},
        {STATUS_NAME_TOO_LONG, ERROR_FILENAME_EXCED_RANGE},
        {STATUS_BREAKPOINT, ERROR_MR_MID_NOT_FOUND},
        {(NTSTATUS)0xC0FF1234, ERROR_MR_MID_NOT_FOUND},
        {(NTSTATUS)0xC0070005, 5},     /* a Win32 error carried in an NTSTATUS */
        {(NTSTATUS)0x80070057, 87},    /* and in an HRESULT */
        {(NTSTATUS)0xE0001234, 0xE0001234}, /* customer codes pass through */
    };

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ok(RtlNtStatusToDosError(cases[i].status) == cases[i].error, "%x: %u, expected %u",
           (unsigned)cases[i].status, RtlNtStatusToDosError(cases[i].status), cases[i].error);
}

static void TestLastStatus(void)
{
    NtCurrentTeb()->LastStatusValue = 0;
    ok(RtlNtStatusToDosErrorNoTeb(STATUS_ACCESS_DENIED) == ERROR_ACCESS_DENIED, "no TEB");
    ok(RtlGetLastNtStatus() == 0, "NoTeb leaves the last status alone");
    RtlNtStatusToDosError(STATUS_ACCESS_DENIED);
    ok(RtlGetLastNtStatus() == STATUS_ACCESS_DENIED, "the status is kept as the thread's last");
}

void RunTests(void)
{
    TestMappings();
    TestLastStatus();
}
