/* What the executive's files share among themselves. */
#ifndef EX_EXP_H
#define EX_EXP_H

#include "ke/ke.h"
#include "nt/types.h"

/* The host's time zone as Windows describes it (timezone.c). */
void ExQueryTimeZone(RTL_DYNAMIC_TIME_ZONE_INFORMATION *tz);

/* The processor classes of NtQuerySystemInformation(Ex) (processor.c): their checks, the answer and its length. */
void ExpQueryProcessor(SYSTEM_PROCESSOR_INFORMATION *spi, USHORT architecture);
NTSTATUS ExpQueryInterrupts(PVOID out, ULONG length, PULONG return_length);
NTSTATUS ExpQueryProcessorPerformance(PVOID out, ULONG length, PULONG return_length);
NTSTATUS ExpQueryLogicalProcessors(PVOID out, ULONG length, PULONG return_length);
NTSTATUS ExpQueryLogicalProcessorsEx(PVOID input, ULONG input_length, PVOID out, ULONG length, PULONG return_length);
void ExpQueryPerformance(SYSTEM_PERFORMANCE_INFORMATION *info);
NTSTATUS ExpQueryCpuSets(PVOID input, ULONG input_length, PVOID out, ULONG length, PULONG return_length);

/* A named object the prefix's processes share (shared.c): its file, kept locked, and its page. */
typedef struct {
    int Fd;                  /* -1: not shared */
    void *Page;
    char *Path;
    KE_SHARED_STATE *State;  /* the dispatcher state, in the page */
} EXP_SHARED;
#define EXP_SHARED_EVENT 1
#define EXP_SHARED_SEMAPHORE 2
#define EXP_SHARED_MUTANT 3
/* Find (or, with create, make) the shared object of a full name and type: *existed when another process has it,
 * whose *detail (an event's kind) comes back; a new one takes *detail. STATUS_OBJECT_NAME_NOT_FOUND: no process
 * has it; STATUS_OBJECT_TYPE_MISMATCH: of another type; STATUS_NOT_SUPPORTED: a name it cannot share. */
NTSTATUS ExpAttachShared(const WCHAR *name, USHORT length, ULONG type, ULONG *detail, BOOLEAN create,
                         EXP_SHARED *out, BOOLEAN *existed);
void ExpDetachShared(EXP_SHARED *shared);
/* An object's dispatcher state shared under a name (create: made there if no process has it): the object becomes
 * what another process's is (an event's kind); on failure it stays this process's. Undone as the object goes. */
NTSTATUS ExpShareObject(DISPATCHER_HEADER *object, EXP_SHARED *shared, const WCHAR *name, USHORT length, ULONG type,
                        BOOLEAN create, BOOLEAN *existed);
void ExpUnshareObject(DISPATCHER_HEADER *object, EXP_SHARED *shared);
/* A new object (body, made and initialized by the caller) joined to another process's of the name, for an open:
 * *out on success; else the body goes, and the status is STATUS_OBJECT_NAME_NOT_FOUND or a type mismatch. */
NTSTATUS ExpJoinShared(void *body, DISPATCHER_HEADER *object, EXP_SHARED *shared, const WCHAR *name, USHORT length,
                       ULONG type, void **out);

#endif
