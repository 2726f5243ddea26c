/* The service dispatch tables generated from services.tbl, and what they point to. */
#ifndef KE_SERVICES_H
#define KE_SERVICES_H

#include "nt/services.h"
#include "nt/win32k_services.h"

/* Routines have many signatures; the table holds them as the one generic function pointer type. */
typedef void (*KI_SERVICE_ROUTINE)(void);

/* A service as the trace and the trap see it. nargs is -1 where the table does not describe the
 * parameters; classes has one letter an argument: h handle, o OBJECT_ATTRIBUTES*, u UNICODE_STRING*,
 * l LARGE_INTEGER*, z SIZE_T*, a PVOID*, b BOOLEAN, d 32-bit number, p pointer, x other. */
typedef struct {
    const char *Name;
    int NumberOfArguments;
    const char *Classes;
    const char *const *ArgumentNames;
} KI_SERVICE_DESCRIPTOR;

#define KI_MAX_SERVICE_ARGS 17

extern const KI_SERVICE_ROUTINE KiServiceRoutines[KI_SERVICE_COUNT];
extern const unsigned char KiServiceStackArguments[KI_SERVICE_COUNT];
extern const KI_SERVICE_DESCRIPTOR KiServiceDescriptors[KI_SERVICE_COUNT];

/* The second table, win32k's, for numbers from KI_WIN32K_SERVICE_BASE (as Windows selects a table by bits 12
 * and 13); its services return a whole register. KiWin32kByName holds its indexes in the order of the names. */
extern const KI_SERVICE_ROUTINE KiWin32kRoutines[KI_WIN32K_SERVICE_COUNT];
extern const KI_SERVICE_DESCRIPTOR KiWin32kDescriptors[KI_WIN32K_SERVICE_COUNT];
extern const unsigned short KiWin32kByName[];
extern const unsigned KiWin32kNamedCount;

/* The one handler of every service not yet written (entered with the number in eax). */
void KiUnimplementedService(void);
NTSTATUS NTAPI KiReportUnimplemented(ULONG number);

/* Call service number (of either table) with its arguments in an array (trap and trace paths): what it
 * returns in rax, an NTSTATUS zero-extended. */
ULONG64 KiCallService(ULONG number, const ULONG64 *args);

/* The end of a service call that left exit work (KTHREAD.ExitWork): caller holds the registers the call
 * returns with, and value is its rax. Returns value when the call is to return as usual; otherwise the thread
 * goes on elsewhere (a user APC, a context set while it was suspended). The second argument is unused. */
ULONG64 NTAPI KiServiceExit(ULONG64 value, ULONG64 unused, CONTEXT *caller);

#endif
