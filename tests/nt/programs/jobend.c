/* Ends itself by ending the job it is in: the job's exit status's low byte (0xa5) is what Linux keeps. */
#include "nt/services.h"

ULONG NTAPI Start(PPEB peb)
{
    HANDLE job;

    if (NtCreateJobObject(&job, JOB_OBJECT_ALL_ACCESS, NULL) ||
        NtAssignProcessToJobObject(job, NtCurrentProcess()))
        return 1;
    NtTerminateJobObject(job, 0x12a5);
    return 2;
}
