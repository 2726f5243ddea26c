/* The personality's machine-level entry points: services, the trap bridge, entering Windows code, user copies. */
    .text

#include "ke/kioffsets.h"

/* Fast path. ntdll's stub jumped here with eax = service number and the arguments where a Windows x64 call
 * leaves them (rcx, rdx, r8, r9, then [rsp+0x28]...). The caller's kept registers go to the thread's
 * service frame, so that a thread stopped inside the service has a context; the routine, itself ms_abi, is
 * called on the thread's kernel stack with the arguments on a frame of its own. On the way out, work the
 * service left (a suspension, a user APC) is done with the registers as the caller will see them. */
    .globl KiSystemService
    .type KiSystemService, @function
    .p2align 4
KiSystemService:
    cmpl KiServiceCount(%rip), %eax
    jae 9f
    movq %fs:KiCurrentThread@tpoff, %r11
    movq %rbx, KI_THREAD_SERVICE_FRAME+0x00(%r11)
    movq %rbp, KI_THREAD_SERVICE_FRAME+0x08(%r11)
    movq %rsi, KI_THREAD_SERVICE_FRAME+0x10(%r11)
    movq %rdi, KI_THREAD_SERVICE_FRAME+0x18(%r11)
    movq %r12, KI_THREAD_SERVICE_FRAME+0x20(%r11)
    movq %r13, KI_THREAD_SERVICE_FRAME+0x28(%r11)
    movq %r14, KI_THREAD_SERVICE_FRAME+0x30(%r11)
    movq %r15, KI_THREAD_SERVICE_FRAME+0x38(%r11)
    leaq 8(%rsp), %r10
    movq %r10, KI_THREAD_SERVICE_FRAME+KI_FRAME_RSP(%r11)
    movq (%rsp), %r10
    movq %r10, KI_THREAD_SERVICE_FRAME+KI_FRAME_RIP(%r11)
    stmxcsr KI_THREAD_SERVICE_FRAME+KI_FRAME_MXCSR(%r11)
    movups %xmm6, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x00(%r11)
    movups %xmm7, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x10(%r11)
    movups %xmm8, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x20(%r11)
    movups %xmm9, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x30(%r11)
    movups %xmm10, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x40(%r11)
    movups %xmm11, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x50(%r11)
    movups %xmm12, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x60(%r11)
    movups %xmm13, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x70(%r11)
    movups %xmm14, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x80(%r11)
    movups %xmm15, KI_THREAD_SERVICE_FRAME+KI_FRAME_XMM+0x90(%r11)
    movl $1, KI_THREAD_IN_SERVICE(%r11)
    movq %rsp, %r10
    movq KI_THREAD_KERNEL_STACK(%r11), %rsp
    pushq %r10
    /* The caller's flags are kept for its return: the host's code wants the direction flag clear, which
     * Windows code may have set. */
    pushfq
    cld
    pushq %rbp
    pushq %rbx
    movq %rsp, %rbp
    movl %eax, %ebx
    leaq KiServiceStackArguments(%rip), %r11
    movzbl (%r11,%rbx), %r11d
    leaq 0x20(,%r11,8), %rax
    subq %rax, %rsp
    andq $-16, %rsp
    testl %r11d, %r11d
    jz 2f
    /* Stack argument i (from 1) is at [entry rsp + 0x20 + 8i], and goes to [rsp + 0x18 + 8i]. */
1:  movq 0x20(%r10,%r11,8), %rax
    movq %rax, 0x18(%rsp,%r11,8)
    decl %r11d
    jnz 1b
2:  leaq KiServiceRoutines(%rip), %r11
    callq *(%r11,%rbx,8)
    /* As a syscall instruction leaves them: rcx after the stub's syscall, r11 the flags. */
    movq %rbx, %rcx
    shlq $5, %rcx
    addq KiServiceStubs(%rip), %rcx
    movq %rbp, %rsp
    popq %rbx
    popq %rbp
    movq %fs:KiCurrentThread@tpoff, %rdx
    movl $0, KI_THREAD_IN_SERVICE(%rdx)
    cmpl $0, KI_THREAD_EXIT_WORK(%rdx)
    jne 3f
    /* The caller's flags, untouched from here to its return, and in r11 too. */
    movq (%rsp), %r11
    popfq
    popq %rsp
    ret
    /* Exit work, with the caller's whole context as the call returns: KiServiceExit returns (the status
     * again) only if the call is to return as usual. */
3:  popfq
    popq %rsp
    movq %rcx, %r11
    movl %eax, %ecx
    leaq KiServiceExit(%rip), %rax
    jmp KipContextService
9:  movl $0xC000001C, %eax          /* STATUS_INVALID_SYSTEM_SERVICE */
    ret
    .size KiSystemService, .-KiSystemService

/* Traced path: the register arguments go to the caller's home space, making all arguments one array; the
 * caller's registers are kept as they were at the call, for the services that report them. */
    .globl KiSystemServiceTraced
    .type KiSystemServiceTraced, @function
    .p2align 4
KiSystemServiceTraced:
    movq %rcx, 8(%rsp)
    movq %rdx, 16(%rsp)
    movq %r8, 24(%rsp)
    movq %r9, 32(%rsp)
    movl %eax, %ecx
    movl %eax, %r11d
    shlq $5, %r11
    addq KiServiceStubs(%rip), %r11
    leaq 8(%rsp), %rdx
    leaq KiTraceService(%rip), %rax
    jmp KipContextService
    .size KiSystemServiceTraced, .-KiSystemServiceTraced

/* The caller's registers into the CONTEXT at r8, as a service call left them: r9 is the rsp the service was
 * entered with (at the return address). Only r10 changes; the registers a call does not keep read as 0. */
    .type KipCaptureEntryContext, @function
KipCaptureEntryContext:
    movq $0, 0x78(%r8)
    movq $0, 0x80(%r8)
    movq $0, 0x88(%r8)
    movq %rbx, 0x90(%r8)
    leaq 8(%r9), %r10
    movq %r10, 0x98(%r8)
    movq %rbp, 0xa0(%r8)
    movq %rsi, 0xa8(%r8)
    movq %rdi, 0xb0(%r8)
    movq $0, 0xb8(%r8)
    movq $0, 0xc0(%r8)
    movq $0, 0xc8(%r8)
    movq $0, 0xd0(%r8)
    movq %r12, 0xd8(%r8)
    movq %r13, 0xe0(%r8)
    movq %r14, 0xe8(%r8)
    movq %r15, 0xf0(%r8)
    movq (%r9), %r10
    movq %r10, 0xf8(%r8)
    pushfq
    popq %r10
    movl %r10d, 0x44(%r8)
    movw $0x33, 0x38(%r8)
    movw $0x2b, 0x3a(%r8)
    movw $0x2b, 0x3c(%r8)
    movw $0x53, 0x3e(%r8)
    movw $0x2b, 0x40(%r8)
    movw $0x2b, 0x42(%r8)
    fxsave 0x100(%r8)
    stmxcsr 0x34(%r8)
    movl $0x10000f, 0x30(%r8)          /* CONTEXT_FULL | CONTEXT_SEGMENTS */
    ret
    .size KipCaptureEntryContext, .-KipCaptureEntryContext

/* Calls rax(rcx, rdx, the caller's registers) on the thread's kernel stack; rsp is at the caller's return
 * address. The call returns with rcx as r11 came (where the stub's syscall ends) and r11 the flags, as a syscall
 * instruction leaves them. */
    .type KipContextService, @function
KipContextService:
    movq %rsp, %r9
    movq %fs:KiCurrentThread@tpoff, %r10
    movq KI_THREAD_KERNEL_STACK(%r10), %rsp
    subq $0x508, %rsp
    andq $-16, %rsp
    movq %r9, 0x4f8(%rsp)
    movq %r11, 0x500(%rsp)
    leaq 0x20(%rsp), %r8
    call KipCaptureEntryContext
    cld
    call *%rax
    /* The caller's flags, direction included, as the context has them. */
    movl 0x64(%rsp), %r10d
    movq 0x500(%rsp), %rcx
    pushq %r10
    popfq
    movq 0x4f8(%rsp), %rsp
    pushfq
    popq %r11
    ret
    .size KipContextService, .-KipContextService

/* Every service not yet written: the number is still in eax. */
    .globl KiUnimplementedService
    .type KiUnimplementedService, @function
KiUnimplementedService:
    movl %eax, %ecx
    jmp KiReportUnimplemented
    .size KiUnimplementedService, .-KiUnimplementedService

/* A raw syscall from Windows code resumes here after the SIGSYS handler saved its registers in the
 * thread's trap frame and put the address after the syscall in r11. It becomes a call of an ms_abi
 * function, which keeps every register Windows code may rely on; rcx and r11 are lost as with syscall. */
    .globl KiTrapBridge
    .type KiTrapBridge, @function
KiTrapBridge:
    pushq %r11
    pushfq
    cld
    pushq %rbp
    movq %rsp, %rbp
    andq $-16, %rsp
    subq $32, %rsp
    call KiDispatchTrap
    movq %rbp, %rsp
    popq %rbp
    popfq
    ret
    .size KiTrapBridge, .-KiTrapBridge

/* KiCopyUserBytes(dst, src, len) -> 0, or 1 when a fault hit between KiUserAccessBegin and End:
 * the fault handler resumes such a fault at KiUserAccessFault. */
    .globl KiCopyUserBytes
    .type KiCopyUserBytes, @function
KiCopyUserBytes:
    movq %rdx, %rcx
    .globl KiUserAccessBegin
KiUserAccessBegin:
    rep movsb
    .globl KiUserAccessEnd
KiUserAccessEnd:
    xorl %eax, %eax
    ret
    .globl KiUserAccessFault
KiUserAccessFault:
    movl $1, %eax
    ret
    .size KiCopyUserBytes, .-KiCopyUserBytes

/* KiRestoreContext(context): load a CONTEXT (a host copy, already made safe, its rsp probed) and resume it.
 * Its flags and rip go just below its rsp, for popfq and ret; after that no stack is touched until rsp
 * points there, as the memory may be where this very call came from. Never returns. */
    .globl KiRestoreContext
    .type KiRestoreContext, @function
KiRestoreContext:
    movq 0x98(%rdi), %rsi
    subq $16, %rsi
    movl 0x44(%rdi), %eax
    movq %rax, (%rsi)
    movq 0xf8(%rdi), %rax
    movq %rax, 8(%rsi)
    ldmxcsr 0x34(%rdi)
    fldcw 0x100(%rdi)
    movdqa 0x1a0(%rdi), %xmm0
    movdqa 0x1b0(%rdi), %xmm1
    movdqa 0x1c0(%rdi), %xmm2
    movdqa 0x1d0(%rdi), %xmm3
    movdqa 0x1e0(%rdi), %xmm4
    movdqa 0x1f0(%rdi), %xmm5
    movdqa 0x200(%rdi), %xmm6
    movdqa 0x210(%rdi), %xmm7
    movdqa 0x220(%rdi), %xmm8
    movdqa 0x230(%rdi), %xmm9
    movdqa 0x240(%rdi), %xmm10
    movdqa 0x250(%rdi), %xmm11
    movdqa 0x260(%rdi), %xmm12
    movdqa 0x270(%rdi), %xmm13
    movdqa 0x280(%rdi), %xmm14
    movdqa 0x290(%rdi), %xmm15
    movq 0x80(%rdi), %rcx
    movq 0x88(%rdi), %rdx
    movq 0x90(%rdi), %rbx
    movq 0xa0(%rdi), %rbp
    movq 0xb8(%rdi), %r8
    movq 0xc0(%rdi), %r9
    movq 0xc8(%rdi), %r10
    movq 0xd0(%rdi), %r11
    movq 0xd8(%rdi), %r12
    movq 0xe0(%rdi), %r13
    movq 0xe8(%rdi), %r14
    movq 0xf0(%rdi), %r15
    movq 0x78(%rdi), %rax
    movq %rsi, %rsp
    movq 0xa8(%rdi), %rsi
    movq 0xb0(%rdi), %rdi
    popfq
    ret
    .size KiRestoreContext, .-KiRestoreContext

    .section .note.GNU-stack,"",@progbits
