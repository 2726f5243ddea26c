/* Faults: a fault while the personality touches a Windows program's memory becomes STATUS_ACCESS_VIOLATION;
 * a fault in Windows code becomes a Windows exception; a fault in the host is a host bug. */
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/kip.h"
#include "mm/mm.h"

extern const char KiUserAccessBegin[], KiUserAccessEnd[], KiUserAccessFault[];
int KiCopyUserBytes(void *dst, const void *src, size_t len);
/* si_code of a SIGTRAP a perf event raises (Linux 5.13), which glibc's headers may not name; Dr6's single-step bit. */
#define KIP_TRAP_PERF 6
#define KIP_DR6_SINGLE_STEP 0x4000

void KiDeliverFault(void *signal_context, EXCEPTION_RECORD *record);
void KiInitializeTrapSignal(void);
void KiInitializeSuspendSignal(void);

/* Where host code is: the executable segments of every ELF object loaded at start (veles, the C library,
 * the dynamic loader, the vDSO). A fault elsewhere on a Windows thread is Windows code's, whatever its
 * address: a program may jump anywhere. */
#define KIP_MAX_HOST_CODE 32
static struct {
    ULONG64 Start, End;
} KipHostCode[KIP_MAX_HOST_CODE];
static int KipHostCodeCount;

static int KipRecordObject(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum && KipHostCodeCount < KIP_MAX_HOST_CODE; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && ph->p_flags & PF_X) {
            KipHostCode[KipHostCodeCount].Start = info->dlpi_addr + ph->p_vaddr;
            KipHostCode[KipHostCodeCount].End = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
            KipHostCodeCount++;
        }
    }
    return 0;
}

int KiIsHostCode(ULONG64 rip)
{
    for (int i = 0; i < KipHostCodeCount; i++)
        if (rip >= KipHostCode[i].Start && rip < KipHostCode[i].End)
            return 1;
    return 0;
}

NTSTATUS KeCopyFromUser(void *dst, const void *user_src, size_t len)
{
    if (!len)
        return STATUS_SUCCESS;
    if (!MmIsUserRange(user_src, len) || KiCopyUserBytes(dst, user_src, len))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS KeCopyToUser(void *user_dst, const void *src, size_t len)
{
    if (!len)
        return STATUS_SUCCESS;
    if (!MmIsUserRange(user_dst, len) || KiCopyUserBytes(user_dst, src, len))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS KeProbeForWrite(void *user_dst, size_t len)
{
    BYTE bytes[64];

    /* Read and written back: what is there stays, and a place that cannot take a write says so. */
    for (size_t done = 0; done < len; done += sizeof(bytes)) {
        size_t n = len - done < sizeof(bytes) ? len - done : sizeof(bytes);
        if (KeCopyFromUser(bytes, (BYTE *)user_dst + done, n) || KeCopyToUser((BYTE *)user_dst + done, bytes, n))
            return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

NTSTATUS KeReturnInformation(PVOID user_buffer, ULONG length, const void *data, ULONG size, PULONG user_return_length)
{
    if (length != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeCopyToUser(user_buffer, data, size) || (user_return_length && KeWriteUser(user_return_length, size)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* DbgPrint's text, read without touching it (it is the program's pointer, and this is a signal handler). */
static void KipTraceDebugPrint(ULONG64 text, ULONG64 length)
{
    char line[512 + sizeof("DbgPrint: \n")] = "DbgPrint: ";
    size_t at = strlen(line), want = length < 512 ? (size_t)length : 512;
    struct iovec local = {line + at, want}, remote = {(void *)text, want};
    ssize_t got = syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0);

    if (got <= 0)
        return;
    at += (size_t)got;
    if (line[at - 1] != '\n')
        line[at++] = '\n';
    HostTraceWrite(line, at);
}

/* What a general protection fault at rip is, by the instruction there (read without touching it): a privileged
 * one, one longer than the 15 bytes the processor takes, or an access violation. */
static NTSTATUS KipGeneralProtection(ULONG64 rip)
{
    UCHAR code[16];
    struct iovec local = {code, sizeof(code)}, remote = {(void *)rip, sizeof(code)};
    ssize_t n = syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0);
    ssize_t i = 0;

    if (n <= 0)
        return STATUS_ACCESS_VIOLATION;
    while (i < n && (code[i] == 0xf0 || code[i] == 0xf2 || code[i] == 0xf3 || code[i] == 0x2e || code[i] == 0x36 ||
                     code[i] == 0x3e || code[i] == 0x26 || code[i] == 0x64 || code[i] == 0x65 || code[i] == 0x66 ||
                     code[i] == 0x67 || (code[i] & 0xf0) == 0x40))
        i++;
    if (i >= 15)
        return STATUS_ILLEGAL_INSTRUCTION;
    if (i >= n)
        return STATUS_ACCESS_VIOLATION;
    switch (code[i]) {
    case 0xf4: /* hlt */
    case 0xfa: /* cli */
    case 0xfb: /* sti */
    case 0x6c: case 0x6d: case 0x6e: case 0x6f: /* ins, outs */
    case 0xe4: case 0xe5: case 0xe6: case 0xe7: case 0xec: case 0xed: case 0xee: case 0xef: /* in, out */
        return STATUS_PRIVILEGED_INSTRUCTION;
    case 0x0f:
        if (i + 1 >= n)
            break;
        switch (code[i + 1]) {
        case 0x06: /* clts */
        case 0x08: /* invd */
        case 0x09: /* wbinvd */
        case 0x20: case 0x21: case 0x22: case 0x23: /* moves to and from control and debug registers */
        case 0x30: /* wrmsr */
        case 0x32: /* rdmsr */
            return STATUS_PRIVILEGED_INSTRUCTION;
        case 0x00: /* lldt, ltr */
        case 0x01: /* lgdt, lidt, lmsw, invlpg, swapgs... */
            if (i + 2 < n) {
                UCHAR reg = (code[i + 2] >> 3) & 7;
                if (code[i + 1] == 0x00 ? reg == 2 || reg == 3 : reg == 2 || reg == 3 || reg == 6 || reg == 7)
                    return STATUS_PRIVILEGED_INSTRUCTION;
            }
            break;
        }
        break;
    }
    return STATUS_ACCESS_VIOLATION;
}

static void KipFault(int sig, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    greg_t *r = uc->uc_mcontext.gregs;
    ULONG64 rip = (ULONG64)r[REG_RIP];
    ULONG64 addr = (ULONG64)info->si_addr;

    /* Bit 1 of the page-fault error code is set for writes; execution faults land at rip. */
    ULONG access = addr == rip ? 8 : (r[REG_ERR] & 2) ? 1 : 0;

    if ((sig == SIGSEGV || sig == SIGBUS) && rip >= (ULONG64)KiUserAccessBegin && rip < (ULONG64)KiUserAccessEnd) {
        /* A service copying to the program's stack grows it as the program's own access would. */
        if (sig == SIGSEGV && MmAccessFault(addr, access, false) == STATUS_SUCCESS)
            return;
        r[REG_RIP] = (greg_t)KiUserAccessFault;
        return;
    }
    if (KeGetCurrentThread() && (rip < KE_HOST_BOUNDARY || !KiIsHostCode(rip))) {
        /* Windows code: the exception goes to the program's own handlers through ntdll. */
        EXCEPTION_RECORD record;
        memset(&record, 0, sizeof(record));
        record.ExceptionAddress = (PVOID)rip;
        switch (sig) {
        case SIGSEGV:
        case SIGBUS: {
            PTEB teb = KeGetCurrentThread()->Teb;
            UCHAR code[2] = {0, 0};
            /* A general protection fault reports no address, and rip may be anywhere (a jump to 0 faults there):
             * the instruction is read without touching it, since a fault inside this handler would end the
             * process. */
            struct iovec local = {code, sizeof(code)}, remote = {(void *)rip, sizeof(code)};
            BOOLEAN interrupt = sig == SIGSEGV && !addr &&
                                syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0) == 2 &&
                                code[0] == 0xcd;
            if (interrupt && code[1] == 0x2c) {
                /* int 0x2c, the assertion failure (__int2c), reported at the instruction. */
                record.ExceptionCode = (DWORD)STATUS_ASSERTION_FAILURE;
                break;
            }
            if (interrupt && code[1] == 0x2d) {
                /* int 0x2d, the debug service (a #GP here, as Linux lets user mode raise no such interrupt).
                 * With no debugger, printing and symbol loading (services 1, 3, 4 and 5 in rax) do nothing and
                 * resume a byte past the instruction, as Windows does; the others are a breakpoint after it. A
                 * print (text in rcx, its length in rdx) goes to the trace. */
                ULONG64 service = (ULONG64)r[REG_RAX];
                if (service == 1 && KeTraceEnabled())
                    KipTraceDebugPrint((ULONG64)r[REG_RCX], (ULONG64)r[REG_RDX]);
                if (service == 1 || service == 3 || service == 4 || service == 5) {
                    r[REG_RIP] = (greg_t)(rip + 3);
                    return;
                }
                record.ExceptionCode = (DWORD)STATUS_BREAKPOINT;
                record.ExceptionAddress = (PVOID)(rip + 2);
                record.NumberParameters = 1;
                record.ExceptionInformation[0] = service;
                break;
            }
            /* A general protection fault (Linux tells no address): a privileged instruction, one longer than the
             * processor takes, or something else (a bad selector, a non-canonical address, a bad interrupt), which
             * Windows reports as an access to the address -1. */
            if (sig == SIGSEGV && info->si_code == SI_KERNEL) {
                record.ExceptionCode = (DWORD)KipGeneralProtection(rip);
                if (record.ExceptionCode == (DWORD)STATUS_ACCESS_VIOLATION) {
                    record.NumberParameters = 2;
                    record.ExceptionInformation[1] = ~0ull;
                }
                break;
            }
            NTSTATUS status = addr ? MmAccessFault(addr, access, true) : STATUS_ACCESS_VIOLATION;
            if (status == STATUS_SUCCESS)
                return;
            if (status == STATUS_ACCESS_VIOLATION && addr >= (ULONG64)teb->DeallocationStack &&
                addr < (ULONG64)teb->NtTib.StackLimit) {
                /* Below the stack's limit, in its reserve: the stack ran out. */
                status = STATUS_STACK_OVERFLOW;
            }
            record.ExceptionCode = (DWORD)status;
            record.NumberParameters = 2;
            record.ExceptionInformation[0] = access;
            record.ExceptionInformation[1] = addr;
            break;
        }
        case SIGILL:
            record.ExceptionCode = (DWORD)STATUS_ILLEGAL_INSTRUCTION;
            break;
        case SIGFPE:
            /* An integer division, or a floating-point exception the program unmasked: an SSE one (trap 19)
             * tells the MXCSR it came from, as Windows does. */
            switch (info->si_code) {
            case FPE_INTDIV: record.ExceptionCode = (DWORD)STATUS_INTEGER_DIVIDE_BY_ZERO; break;
            case FPE_FLTDIV: record.ExceptionCode = (DWORD)STATUS_FLOAT_DIVIDE_BY_ZERO; break;
            case FPE_FLTOVF: record.ExceptionCode = (DWORD)STATUS_FLOAT_OVERFLOW; break;
            case FPE_FLTUND: record.ExceptionCode = (DWORD)STATUS_FLOAT_UNDERFLOW; break;
            case FPE_FLTRES: record.ExceptionCode = (DWORD)STATUS_FLOAT_INEXACT_RESULT; break;
            case FPE_FLTINV: record.ExceptionCode = (DWORD)STATUS_FLOAT_INVALID_OPERATION; break;
            default: record.ExceptionCode = (DWORD)STATUS_INTEGER_OVERFLOW; break;
            }
            if (r[REG_TRAPNO] == 19 && uc->uc_mcontext.fpregs) {
                record.NumberParameters = 2;
                record.ExceptionInformation[1] = uc->uc_mcontext.fpregs->mxcsr;
            }
            break;
        default: /* SIGTRAP: a single step or icebp (both #DB, trap 1), a hardware breakpoint (a perf event of
                  * kernel/ke/debugreg.c, whose index is the data the kernel puts after the address), or an int3,
                  * reported at the int3 itself. Dr6 tells the first two apart, as the processor's does. */
            if (info->si_code == KIP_TRAP_PERF) {
                unsigned long index;
                memcpy(&index, (const char *)&info->si_addr + sizeof(void *), sizeof(index));
                KeGetCurrentThread()->DebugRegisters[4] = 1ull << (index & 3);
                record.ExceptionCode = (DWORD)STATUS_SINGLE_STEP;
            } else if (info->si_code == TRAP_TRACE || r[REG_TRAPNO] == 1) {
                KeGetCurrentThread()->DebugRegisters[4] = KIP_DR6_SINGLE_STEP;
                record.ExceptionCode = (DWORD)STATUS_SINGLE_STEP;
            } else {
                record.ExceptionCode = (DWORD)STATUS_BREAKPOINT;
                record.ExceptionAddress = (PVOID)(rip - 1);
                record.NumberParameters = 1;
            }
        }
        KiDeliverFault(context, &record);
        return;
    }
    {
        char msg[160];
        int n = snprintf(msg, sizeof(msg), "veles: internal error: signal %d at %#llx (address %#llx)\n", sig,
                         (unsigned long long)rip, (unsigned long long)addr);
        if (write(2, msg, (size_t)n) < 0) {
        }
        signal(sig, SIG_DFL);
    }
}

void KeInitializeSignals(void)
{
    static const int faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = KipFault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    dl_iterate_phdr(KipRecordObject, NULL);
    for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
        sigaction(faults[i], &sa, NULL);
    KiInitializeTrapSignal();
    KiInitializeSuspendSignal();
}
