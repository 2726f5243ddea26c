/* Processes and threads: the start of the process and the services about it. */
#ifndef PS_PS_H
#define PS_PS_H

#include "nt/types.h"
#include "ob/ob.h"

extern const OBJECT_TYPE PsThreadType;
extern const OBJECT_TYPE PsProcessType;

/* Map the image and ntdll, build PEB, parameters, TEB and stack, and enter ntdll. Returns only on failure,
 * with a message in err. A child (veles --child, started by NtCreateUserProcess) takes its parameters from its
 * creator instead of argv, and runs when the creator resumes it. */
NTSTATUS PsStartProcess(const char *image_path, int argc, char **argv, BOOLEAN child, char *err, size_t errlen);

/* A thread of this process by handle with the access asked (*thread, referenced); a thread of a child process is
 * not one: what is asked of it is STATUS_NOT_IMPLEMENTED, named in the trace by what. */
NTSTATUS PsReferenceThread(HANDLE handle, ACCESS_MASK desired, void **thread, const char *what);

/* This process's Windows id (its TEB's), for other components' answers that name it. */
HANDLE PsGetCurrentProcessId(void);

/* A running thread of this process by its Windows id, referenced, or NULL: its object, whose body begins with its
 * KTHREAD (an ETHREAD to ps). */
void *PsLookupThread(HANDLE thread_id);

/* The Linux process a handle with the access asked names: *pid 0 for this one, else a child's (whose memory, for
 * one, Linux lets its parent read and write). */
NTSTATUS PsProcessLinuxId(HANDLE handle, ACCESS_MASK desired, int *pid);

/* SystemProcessInformation (extended: SystemExtendedProcessInformation, whose threads tell their stacks and TEBs):
 * the processes this one knows, itself and the children it started, all of them or STATUS_INFO_LENGTH_MISMATCH,
 * the size needed told either way. */
NTSTATUS PsQuerySystemProcesses(BOOLEAN extended, PVOID out, ULONG length, PULONG return_length);

/* The process a service on another process's memory acts on: this one (*child NULL) or a child (*child referenced),
 * whose kernel the service calls (PsCallChild); STATUS_PROCESS_IS_TERMINATING for one that has ended. */
NTSTATUS PsReferenceTargetProcess(HANDLE handle, ACCESS_MASK desired, void **child);
/* A call into a child's kernel: the request goes over the child's channel with fd (-1: none), which the child
 * serves and answers; its status, or STATUS_PROCESS_IS_TERMINATING when the child ends first. Function numbers
 * belong to the serving component: mm's (MmServeChildRequest) below PS_CHILD_FUNCTIONS, ps's own from it. */
#define PS_CHILD_FUNCTIONS 0x100
typedef struct {
    ULONG Function;
    ULONG Reserved;
    ULONG64 Arguments[9];
} PS_CHILD_REQUEST;
#define PS_CHILD_RESULTS 12
typedef struct {
    NTSTATUS Status;
    ULONG Reserved;
    ULONG64 Results[PS_CHILD_RESULTS];
} PS_CHILD_REPLY;
NTSTATUS PsCallChild(void *child, const PS_CHILD_REQUEST *request, int fd, PS_CHILD_REPLY *reply);

/* STATUS_SUCCESS if handle names this process, else the status Windows gives for it. */
NTSTATUS PsCheckProcessHandle(HANDLE handle);
/* The same for a handle that must also grant desired. */
NTSTATUS PsCheckProcessAccess(HANDLE handle, ACCESS_MASK desired);

/* A new thread of the process, with no handle, running start(argument): for the kernel's own reasons to run
 * Windows code (a console's control event); any thread may ask, a Windows one or not. */
NTSTATUS PsStartUserThread(PUSER_THREAD_START_ROUTINE start, PVOID argument);

/* The command line Windows would pass for argv (argv[0] replaced by the image's DOS path), quoted so that
 * CommandLineToArgvW and the C runtimes give back the same arguments. UTF-8, caller frees. */
char *PsBuildCommandLine(const char *image_dos_path, int argc, char **argv);

/* The UTF-16 environment block for a Windows program started from the Linux environment envp: the Linux
 * variables plus the ones Windows programs expect, sorted as Windows keeps it. Caller frees. */
WCHAR *PsBuildEnvironment(char **envp, SIZE_T *size_bytes);

/* The C halves of NtGetContextThread and NtSetContextThread (the entry in ke/entry.S captures the caller's
 * registers as captured). */
NTSTATUS NTAPI PsGetContextThread(HANDLE ThreadHandle, PCONTEXT ThreadContext, const CONTEXT *captured);
NTSTATUS NTAPI PsSetContextThread(HANDLE ThreadHandle, PCONTEXT ThreadContext, const CONTEXT *captured);

#endif
