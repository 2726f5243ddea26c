/* Raw syscall instructions with Windows 10 22H2 numbers, as games and runtimes issue them, reach the same
 * services as ntdll's stubs (run by tests/run under each trap mode the kernel offers). */
#include "lib/nttest.h"

/* A stub of Windows' shape whose number is chosen at run time: call it with a service's prototype. */
ULONG RawNumber;
extern char RawStub[];
__asm__(".globl RawStub\nRawStub:\n"
        "    movq %rcx, %r10\n"
        "    movl RawNumber(%rip), %eax\n"
        "    syscall\n"
        "    ret\n");
#define RAW(type, number) (RawNumber = (number), (type)(void *)RawStub)

/* Loads every register Windows code may keep across a call with a pattern, makes a raw NtYieldExecution
 * (0x46), and returns the registers that changed as a bit mask: 0 when all survived. */
extern ULONG64 RawPreserved(void);
__asm__(".globl RawPreserved\nRawPreserved:\n"
        "    pushq %rbx; pushq %rbp; pushq %rsi; pushq %rdi; pushq %r12; pushq %r13; pushq %r14; pushq %r15\n"
        "    subq $40, %rsp\n"
        "    movdqu %xmm6, (%rsp)\n"
        "    movq $0x1111, %rbx; movq $0x2222, %rbp; movq $0x3333, %rsi; movq $0x4444, %rdi\n"
        "    movq $0x5555, %r12; movq $0x6666, %r13; movq $0x7777, %r14; movq $0x8888, %r15\n"
        "    movq $0x9999, %rax; movq %rax, %xmm6\n"
        "    movl $0x46, %eax\n"
        "    syscall\n"
        "    xorl %eax, %eax\n"
        "    cmpq $0x1111, %rbx; je 1f; orl $1, %eax\n1:\n"
        "    cmpq $0x2222, %rbp; je 1f; orl $2, %eax\n1:\n"
        "    cmpq $0x3333, %rsi; je 1f; orl $4, %eax\n1:\n"
        "    cmpq $0x4444, %rdi; je 1f; orl $8, %eax\n1:\n"
        "    cmpq $0x5555, %r12; je 1f; orl $16, %eax\n1:\n"
        "    cmpq $0x6666, %r13; je 1f; orl $32, %eax\n1:\n"
        "    cmpq $0x7777, %r14; je 1f; orl $64, %eax\n1:\n"
        "    cmpq $0x8888, %r15; je 1f; orl $128, %eax\n1:\n"
        "    movq %xmm6, %rcx; cmpq $0x9999, %rcx; je 1f; orl $256, %eax\n1:\n"
        "    movdqu (%rsp), %xmm6\n"
        "    addq $40, %rsp\n"
        "    popq %r15; popq %r14; popq %r13; popq %r12; popq %rdi; popq %rsi; popq %rbp; popq %rbx\n"
        "    ret\n");

/* Calls DirectionService(a, b, c, d, 0) with the direction flag set, keeping the flags it returned with in
 * DirectionFlags: the service must copy forwards all the same and leave the flag as it found it. */
PVOID DirectionService;
ULONG64 DirectionFlags;
extern NTSTATUS CallWithDirectionSet(ULONG64 a, ULONG64 b, ULONG64 c, ULONG64 d);
__asm__(".globl CallWithDirectionSet\nCallWithDirectionSet:\n"
        "    subq $0x38, %rsp\n"
        "    movq $0, 0x20(%rsp)\n"
        "    std\n"
        "    call *DirectionService(%rip)\n"
        "    pushfq\n"
        "    popq %rcx\n"
        "    cld\n"
        "    movq %rcx, DirectionFlags(%rip)\n"
        "    addq $0x38, %rsp\n"
        "    ret\n");

static void TestDirectionFlag(PVOID query, const char *how)
{
    PROCESS_BASIC_INFORMATION pbi[3];

    memset(pbi, 0x5a, sizeof(pbi));
    DirectionService = query;
    ok_status(CallWithDirectionSet((ULONG64)NtCurrentProcess(), ProcessBasicInformation, (ULONG64)&pbi[1],
                                   sizeof(pbi[1])),
              STATUS_SUCCESS);
    ok((DirectionFlags & 0x400) && pbi[1].UniqueProcessId == (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess &&
           pbi[1].PebBaseAddress == TestPeb() && ((UCHAR *)&pbi[0])[sizeof(pbi[0]) - 1] == 0x5a &&
           ((UCHAR *)&pbi[2])[0] == 0x5a,
       "%s with the direction flag set: copied forwards, in place, and the flag kept", how);
}

/* Calls a stub with the direction flag set, as Wine's exception test does, keeping rcx, r11 and the flags it
 * returned with: as a syscall instruction leaves them, the address after the stub's syscall and the flags. */
PVOID RegsService;
ULONG64 RegsRcx, RegsR11, RegsFlags;
extern NTSTATUS CallForRegisters(ULONG64 a);
__asm__(".globl CallForRegisters\nCallForRegisters:\n"
        "    subq $0x38, %rsp\n"
        "    std\n"
        "    xorl %r11d, %r11d\n"
        "    call *RegsService(%rip)\n"
        "    movq %rcx, RegsRcx(%rip)\n"
        "    movq %r11, RegsR11(%rip)\n"
        "    pushfq\n"
        "    popq %rcx\n"
        "    cld\n"
        "    movq %rcx, RegsFlags(%rip)\n"
        "    addq $0x38, %rsp\n"
        "    ret\n");

typedef NTSTATUS(NTAPI *CLOSE)(HANDLE);
typedef NTSTATUS(NTAPI *QUERY_TIME)(PLARGE_INTEGER);
typedef NTSTATUS(NTAPI *ALLOCATE)(HANDLE, PVOID *, ULONG_PTR, PSIZE_T, ULONG, ULONG);
typedef NTSTATUS(NTAPI *WRITE)(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK, PVOID, ULONG,
                               PLARGE_INTEGER, PULONG);
typedef NTSTATUS(NTAPI *ANY)(void);

/* The import address table entry: ntdll's own NtClose, not this program's jump to it. */
extern void *__imp_NtClose;

void RunTests(void)
{
    RegsService = __imp_NtClose;
    ok_status(CallForRegisters((ULONG64)(ULONG_PTR)0xdead0), STATUS_INVALID_HANDLE);
    ok(RegsRcx == (ULONG64)__imp_NtClose + 0x14 && RegsR11 == RegsFlags && (RegsFlags & 0x400),
       "rcx after the stub's syscall (%llx, stub %p), r11 the flags (%llx, %llx)", RegsRcx, __imp_NtClose, RegsR11,
       RegsFlags);
    const unsigned char *stub = (const unsigned char *)__imp_NtClose;
    LARGE_INTEGER now = {.QuadPart = 0}, before;
    PVOID base = NULL;
    SIZE_T size = 0x3000;
    IO_STATUS_BLOCK iosb = {.Information = 0};
    static const char text[] = "syscall: written by a raw syscall\n";

    /* ntdll's stubs look like Windows': number at +4, "syscall; ret" at +0x12. */
    ok(stub[0] == 0x4c && stub[1] == 0x8b && stub[2] == 0xd1 && stub[3] == 0xb8, "stub starts mov r10,rcx; mov eax");
    ok(*(const ULONG *)(stub + 4) == 0x0f, "NtClose is service 0x0f: %x", *(const ULONG *)(stub + 4));
    ok(stub[0x12] == 0x0f && stub[0x13] == 0x05 && stub[0x14] == 0xc3, "syscall; ret at +0x12");

    /* A stub copied elsewhere still works, as sandboxes and hooking libraries copy them. */
    {
        PVOID copy = NULL;
        SIZE_T copy_size = 0x1000;
        HANDLE event;
        ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &copy, 0, &copy_size, MEM_COMMIT, PAGE_EXECUTE_READWRITE),
                  STATUS_SUCCESS);
        memcpy(copy, stub, 32);
        ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
        ok_status(((CLOSE)copy)(event), STATUS_SUCCESS);
        ok_status(((CLOSE)copy)(event), STATUS_INVALID_HANDLE);
        copy_size = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &copy, &copy_size, MEM_RELEASE);
    }

    TestDirectionFlag((PVOID)NtQueryInformationProcess, "a service");
    RawNumber = 0x19;
    TestDirectionFlag(RawStub, "a raw syscall");

    ok_status(RAW(CLOSE, 0x0f)((HANDLE)0x1234), STATUS_INVALID_HANDLE);
    NtQuerySystemTime(&before);
    ok_status(RAW(QUERY_TIME, 0x5a)(&now), STATUS_SUCCESS);
    ok(now.QuadPart >= before.QuadPart && now.QuadPart - before.QuadPart < 100000000, "raw NtQuerySystemTime");
    ok_status(RAW(QUERY_TIME, 0x5a)((PLARGE_INTEGER)0x7ff000000000ull), STATUS_ACCESS_VIOLATION);

    /* Six arguments: two of them on the stack at [rsp+0x28]. */
    ok_status(RAW(ALLOCATE, 0x18)(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
              STATUS_SUCCESS);
    ok(base && size == 0x3000, "raw NtAllocateVirtualMemory: %p %lx", base, (ULONG64)size);
    if (base)
        ((volatile char *)base)[0x2fff] = 1;
    ok_status(RAW(ALLOCATE, 0x18)(NtCurrentProcess(), &base, 0, &size, MEM_COMMIT, 0x12345),
              STATUS_INVALID_PAGE_PROTECTION);

    /* Nine arguments. */
    ok_status(RAW(WRITE, 0x08)(TestPeb()->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)text,
                               sizeof(text) - 1, NULL, NULL),
              STATUS_SUCCESS);
    ok(iosb.Information == sizeof(text) - 1, "raw NtWriteFile wrote %lu", (ULONG64)iosb.Information);

    /* A service not written yet, numbers past the tables and between them, and an unwritten win32k service
     * (NtUserGetThreadState). */
    ok_status(RAW(ANY, 0x00)(), STATUS_NOT_IMPLEMENTED);
    ok_status(RAW(ANY, 0x5000)(), STATUS_INVALID_SYSTEM_SERVICE);
    ok_status(RAW(ANY, 0x0fff)(), STATUS_INVALID_SYSTEM_SERVICE);
    ok_status(RAW(ANY, 0x1fff)(), STATUS_INVALID_SYSTEM_SERVICE);
    ok_status(RAW(ANY, 0x1000)(), STATUS_NOT_IMPLEMENTED);

    ok(RawPreserved() == 0, "non-volatile registers survive a raw syscall: changed mask %lx",
       (ULONG64)RawPreserved());
}
