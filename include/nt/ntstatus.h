/* NTSTATUS constants, generated from ntstatus.def so that names and values cannot drift apart. */
#ifndef NT_NTSTATUS_H
#define NT_NTSTATUS_H

#include "ntdef.h"

/* Enumerators are ints, so each value is stored as the NTSTATUS (int32) it is: usable in switch labels
 * and comparable with an NTSTATUS without sign surprises. */
enum nt_status_code {
#define X(name, value, error) name = (int32_t)(value),
#include "ntstatus.def"
#undef X
};

#define STATUS_WAIT_0 STATUS_SUCCESS
#define STATUS_ABANDONED_WAIT_0 STATUS_ABANDONED

/* The name of a status for messages and traces ("STATUS_ACCESS_VIOLATION"), or NULL when unknown. */
const char *RtlNtStatusName(NTSTATUS status);
/* The Win32 error a status turns into (ERROR_MR_MID_NOT_FOUND for one without), leaving the TEB alone. */
ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS Status);

#endif
