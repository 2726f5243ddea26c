/* Process parameters for a new process (RtlCreateProcessParametersEx and its forms with pointers or
 * offsets), threads and stacks created from user mode (RtlCreateUserThread, RtlCreateUserStack). */
#include "rtl/rtlp.h"

#define RTLP_CURDIR_ROOM (MAX_PATH * sizeof(WCHAR)) /* Windows keeps MAX_PATH characters for it */

/* The strings of the parameters, in the order they are laid out. */
static UNICODE_STRING *RtlpParameterStrings(RTL_USER_PROCESS_PARAMETERS *pp, int i)
{
    UNICODE_STRING *strings[] = {&pp->CurrentDirectory.DosPath, &pp->DllPath, &pp->ImagePathName, &pp->CommandLine,
                                 &pp->WindowTitle, &pp->DesktopInfo, &pp->ShellInfo, &pp->RuntimeInfo};
    return i < (int)(sizeof(strings) / sizeof(strings[0])) ? strings[i] : NULL;
}

static SIZE_T RtlpAlign(SIZE_T n)
{
    return (n + sizeof(PVOID) - 1) & ~(sizeof(PVOID) - 1);
}

static SIZE_T RtlpEnvironmentSize(PCWSTR env)
{
    PCWSTR p = env;

    while (*p)
        p += wcslen(p) + 1;
    return (SIZE_T)(p - env + 1) * sizeof(WCHAR);
}

/* The eight strings laid out in a block of the process heap, as Windows makes it (HeapSize tells its size), and
 * the environment after them when there is one. Parameters made for a new process align each string and end
 * aligned, EnvironmentSize reaching the end; a process's own have them one after the other. A string with no
 * buffer stays without one. */
static NTSTATUS RtlpBuildParameters(const UNICODE_STRING *const sources[8], PCWSTR env, BOOLEAN aligned,
                                    RTL_USER_PROCESS_PARAMETERS **out)
{
    RTL_USER_PROCESS_PARAMETERS *pp;
    SIZE_T env_size = env ? RtlpEnvironmentSize(env) : 0, size = RtlpAlign(sizeof(*pp));
    USHORT room[8];
    char *at;

    if (sources[0]->Length + 2 * sizeof(WCHAR) > RTLP_CURDIR_ROOM)
        return STATUS_NAME_TOO_LONG;
    for (int i = 0; i < 8; i++) {
        room[i] = (USHORT)(i == 0                                              ? RTLP_CURDIR_ROOM
                           : !sources[i]->Buffer && !sources[i]->MaximumLength ? 0
                                                                               : sources[i]->Length + sizeof(WCHAR));
        size += aligned ? RtlpAlign(room[i]) : room[i];
    }
    if (!(pp = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, size + RtlpAlign(env_size))))
        return STATUS_NO_MEMORY;
    pp->MaximumLength = pp->Length = (ULONG)size;
    pp->Flags = RTL_USER_PROC_PARAMS_NORMALIZED;
    at = (char *)pp + RtlpAlign(sizeof(*pp));
    for (int i = 0; i < 8; i++) {
        UNICODE_STRING *s = RtlpParameterStrings(pp, i);
        if (!room[i])
            continue;
        s->Buffer = (PWSTR)at;
        s->MaximumLength = room[i];
        s->Length = sources[i]->Length;
        if (s->Length)
            memcpy(s->Buffer, sources[i]->Buffer, s->Length);
        /* The current directory always ends with a backslash. */
        if (i == 0 && s->Length && s->Buffer[s->Length / sizeof(WCHAR) - 1] != '\\') {
            s->Buffer[s->Length / sizeof(WCHAR)] = '\\';
            s->Length += sizeof(WCHAR);
        }
        s->Buffer[s->Length / sizeof(WCHAR)] = 0;
        at += aligned ? RtlpAlign(room[i]) : room[i];
    }
    if (env) {
        memcpy(at, env, env_size);
        pp->Environment = (PWSTR)at;
        pp->EnvironmentSize = RtlpAlign(env_size);
    }
    *out = pp;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCreateProcessParametersEx(PRTL_USER_PROCESS_PARAMETERS *ProcessParameters,
                                            PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath,
                                            PUNICODE_STRING CurrentDirectory, PUNICODE_STRING CommandLine,
                                            PVOID Environment, PUNICODE_STRING WindowTitle,
                                            PUNICODE_STRING DesktopInfo, PUNICODE_STRING ShellInfo,
                                            PUNICODE_STRING RuntimeData, ULONG Flags)
{
    const RTL_USER_PROCESS_PARAMETERS *current = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
    static WCHAR nothing[1];
    UNICODE_STRING empty = {0, sizeof(nothing), nothing}, none = {0, 0, NULL}, cwd;
    RTL_USER_PROCESS_PARAMETERS *pp;
    NTSTATUS status;

    if (!ImagePathName)
        return STATUS_INVALID_PARAMETER;
    RtlAcquirePebLock();
    cwd = CurrentDirectory ? *CurrentDirectory : current->CurrentDirectory.DosPath;
    const UNICODE_STRING *const sources[8] = {
        &cwd, DllPath ? DllPath : &current->DllPath, ImagePathName, CommandLine ? CommandLine : ImagePathName,
        WindowTitle ? WindowTitle : &empty, DesktopInfo ? DesktopInfo : &empty, ShellInfo ? ShellInfo : &empty,
        RuntimeData ? RuntimeData : &none};
    status = RtlpBuildParameters(sources, Environment ? Environment : current->Environment, TRUE, &pp);
    RtlReleasePebLock();
    if (status)
        return status;
    if (!(Flags & RTL_USER_PROC_PARAMS_NORMALIZED))
        RtlDeNormalizeProcessParams(pp);
    *ProcessParameters = pp;
    return STATUS_SUCCESS;
}

/* The parameters the kernel laid out for this process move into the process heap, where Windows keeps them,
 * with the environment a block of its own; everything else in them stays as it was. */
NTSTATUS RtlpAdoptProcessParameters(void)
{
    PPEB peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    RTL_USER_PROCESS_PARAMETERS *old = peb->ProcessParameters, *pp, strings;
    const UNICODE_STRING *const sources[8] = {&old->CurrentDirectory.DosPath, &old->DllPath, &old->ImagePathName,
                                              &old->CommandLine, &old->WindowTitle, &old->DesktopInfo,
                                              &old->ShellInfo, &old->RuntimeInfo};
    SIZE_T env_size = old->Environment ? RtlpEnvironmentSize(old->Environment) : 0;
    PWSTR env = NULL;
    NTSTATUS status;

    if (env_size && !(env = RtlAllocateHeap(RtlpHeap(), 0, env_size)))
        return STATUS_NO_MEMORY;
    if ((status = RtlpBuildParameters(sources, NULL, FALSE, &pp))) {
        RtlFreeHeap(RtlpHeap(), 0, env);
        return status;
    }
    strings = *pp;
    *pp = *old;
    pp->MaximumLength = pp->Length = strings.Length;
    pp->Flags |= RTL_USER_PROC_PARAMS_NORMALIZED;
    for (int i = 0; i < 8; i++)
        *RtlpParameterStrings(pp, i) = *RtlpParameterStrings(&strings, i);
    if (env)
        memcpy(env, old->Environment, env_size);
    pp->Environment = env;
    pp->EnvironmentSize = env_size;
    peb->ProcessParameters = pp;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCreateProcessParameters(PRTL_USER_PROCESS_PARAMETERS *ProcessParameters,
                                          PUNICODE_STRING ImagePathName, PUNICODE_STRING DllPath,
                                          PUNICODE_STRING CurrentDirectory, PUNICODE_STRING CommandLine,
                                          PVOID Environment, PUNICODE_STRING WindowTitle,
                                          PUNICODE_STRING DesktopInfo, PUNICODE_STRING ShellInfo,
                                          PUNICODE_STRING RuntimeData)
{
    return RtlCreateProcessParametersEx(ProcessParameters, ImagePathName, DllPath, CurrentDirectory, CommandLine,
                                        Environment, WindowTitle, DesktopInfo, ShellInfo, RuntimeData, 0);
}

void NTAPI RtlDestroyProcessParameters(PRTL_USER_PROCESS_PARAMETERS ProcessParameters)
{
    RtlFreeHeap(RtlpHeap(), 0, ProcessParameters);
}

/* Denormalized, the string buffers hold offsets from the start of the block (as a new process gets them). */
PRTL_USER_PROCESS_PARAMETERS NTAPI RtlNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS ProcessParameters)
{
    UNICODE_STRING *s;

    if (ProcessParameters && !(ProcessParameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED)) {
        for (int i = 0; (s = RtlpParameterStrings(ProcessParameters, i)); i++)
            if (s->Buffer)
                s->Buffer = (PWSTR)((char *)ProcessParameters + (ULONG_PTR)s->Buffer);
        ProcessParameters->Flags |= RTL_USER_PROC_PARAMS_NORMALIZED;
    }
    return ProcessParameters;
}

PRTL_USER_PROCESS_PARAMETERS NTAPI RtlDeNormalizeProcessParams(PRTL_USER_PROCESS_PARAMETERS ProcessParameters)
{
    UNICODE_STRING *s;

    if (ProcessParameters && ProcessParameters->Flags & RTL_USER_PROC_PARAMS_NORMALIZED) {
        for (int i = 0; (s = RtlpParameterStrings(ProcessParameters, i)); i++)
            if (s->Buffer)
                s->Buffer = (PWSTR)((char *)s->Buffer - (char *)ProcessParameters);
        ProcessParameters->Flags &= ~RTL_USER_PROC_PARAMS_NORMALIZED;
    }
    return ProcessParameters;
}

NTSTATUS NTAPI RtlCreateUserThread(HANDLE Process, PSECURITY_DESCRIPTOR SecurityDescriptor, BOOLEAN CreateSuspended,
                                   ULONG ZeroBits, SIZE_T MaximumStackSize, SIZE_T CommittedStackSize,
                                   PUSER_THREAD_START_ROUTINE StartAddress, PVOID Parameter, PHANDLE Thread,
                                   PCLIENT_ID ClientId)
{
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .SecurityDescriptor = SecurityDescriptor};
    THREAD_BASIC_INFORMATION info;
    HANDLE handle;
    NTSTATUS status = NtCreateThreadEx(&handle, THREAD_ALL_ACCESS, &oa, Process, StartAddress, Parameter,
                                       CreateSuspended ? 1 /* THREAD_CREATE_FLAGS_CREATE_SUSPENDED */ : 0, ZeroBits,
                                       CommittedStackSize, MaximumStackSize, NULL);

    if (status)
        return status;
    if (ClientId) {
        if ((status = NtQueryInformationThread(handle, ThreadBasicInformation, &info, sizeof(info), NULL))) {
            NtTerminateThread(handle, status);
            NtClose(handle);
            return status;
        }
        *ClientId = info.ClientId;
    }
    if (Thread)
        *Thread = handle;
    else
        NtClose(handle);
    return STATUS_SUCCESS;
}

/* A stack for a thread one makes oneself: reserve, commit the top with a guard page below it when there is room.
 * Sizes of 0 are the image's; a commit as large as the reservation takes a reservation of whole MiBs; each is
 * rounded to its alignment (the commit at least to a page). */
NTSTATUS NTAPI RtlCreateUserStack(SIZE_T CommittedStackSize, SIZE_T MaximumStackSize, ULONG_PTR ZeroBits,
                                  SIZE_T PageSize, ULONG_PTR ReserveAlignment, PINITIAL_TEB InitialTeb)
{
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(NtCurrentTeb()->ProcessEnvironmentBlock->ImageBaseAddress);
    PVOID base = NULL, commit;
    SIZE_T reserve, size, guard;
    ULONG old;
    NTSTATUS status;

    if (!PageSize || (PageSize & (PageSize - 1)) || !ReserveAlignment || (ReserveAlignment & (ReserveAlignment - 1)))
        return STATUS_INVALID_PARAMETER;
    if (PageSize < 0x1000)
        PageSize = 0x1000;
    if (!MaximumStackSize)
        MaximumStackSize = nt ? nt->OptionalHeader.SizeOfStackReserve : 0x100000;
    if (!CommittedStackSize)
        CommittedStackSize = nt ? nt->OptionalHeader.SizeOfStackCommit : PageSize;
    if (CommittedStackSize >= MaximumStackSize)
        MaximumStackSize = (CommittedStackSize + 0xfffff) & ~(SIZE_T)0xfffff;
    reserve = (MaximumStackSize + ReserveAlignment - 1) & ~(ReserveAlignment - 1);
    CommittedStackSize = (CommittedStackSize + PageSize - 1) & ~(PageSize - 1);
    if (CommittedStackSize > reserve)
        CommittedStackSize = reserve;
    if ((status = NtAllocateVirtualMemory(NtCurrentProcess(), &base, ZeroBits, &reserve, MEM_RESERVE, PAGE_READWRITE)))
        return status;
    guard = CommittedStackSize + PageSize <= reserve ? PageSize : 0;
    commit = (char *)base + reserve - CommittedStackSize - guard;
    size = CommittedStackSize + guard;
    if (!(status = NtAllocateVirtualMemory(NtCurrentProcess(), &commit, 0, &size, MEM_COMMIT, PAGE_READWRITE)) &&
        guard) {
        size = guard;
        status = NtProtectVirtualMemory(NtCurrentProcess(), &commit, &size, PAGE_READWRITE | PAGE_GUARD, &old);
    }
    if (status) {
        size = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE);
        return status;
    }
    InitialTeb->OldStackBase = InitialTeb->OldStackLimit = NULL;
    InitialTeb->StackAllocationBase = base;
    InitialTeb->StackBase = (char *)base + reserve;
    InitialTeb->StackLimit = (char *)base + reserve - CommittedStackSize;
    return STATUS_SUCCESS;
}

void NTAPI RtlFreeUserStack(PVOID AllocationBase)
{
    SIZE_T size = 0;
    NtFreeVirtualMemory(NtCurrentProcess(), &AllocationBase, &size, MEM_RELEASE);
}
