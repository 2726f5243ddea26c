/* The machine-level half of exceptions in user mode: where the personality delivers them, and capturing the
 * caller's context to raise one. */
    .text

/* Unwind data that restores the nonvolatile registers from a CONTEXT at rsp + base, so that unwinding through a
 * dispatcher goes on in the interrupted code with its registers, not the dispatcher's. */
.macro SEH_CONTEXT_REGISTERS base
    .seh_savereg %rbx, \base + 0x90
    .seh_savereg %rbp, \base + 0xa0
    .seh_savereg %rsi, \base + 0xa8
    .seh_savereg %rdi, \base + 0xb0
    .seh_savereg %r12, \base + 0xd8
    .seh_savereg %r13, \base + 0xe0
    .seh_savereg %r14, \base + 0xe8
    .seh_savereg %r15, \base + 0xf0
    .seh_savexmm %xmm6, \base + 0x200
    .seh_savexmm %xmm7, \base + 0x210
    .seh_savexmm %xmm8, \base + 0x220
    .seh_savexmm %xmm9, \base + 0x230
    .seh_savexmm %xmm10, \base + 0x240
    .seh_savexmm %xmm11, \base + 0x250
    .seh_savexmm %xmm12, \base + 0x260
    .seh_savexmm %xmm13, \base + 0x270
    .seh_savexmm %xmm14, \base + 0x280
    .seh_savexmm %xmm15, \base + 0x290
.endm

/* Entered with rsp at the CONTEXT of the exception, its EXCEPTION_RECORD 0x4f0 above, and above that a
 * machine frame with the interrupted rip and rsp: the unwind data says so, so that unwinding through here
 * reaches the code that was interrupted. */
    .globl KiUserExceptionDispatcher
    .def KiUserExceptionDispatcher; .scl 2; .type 32; .endef
    .seh_proc KiUserExceptionDispatcher
KiUserExceptionDispatcher:
    .seh_pushframe
    .seh_stackalloc 0x588
    leaq 0x4f0(%rsp), %rcx
    movq %rsp, %rdx
    subq $0x20, %rsp
    .seh_stackalloc 0x20
    SEH_CONTEXT_REGISTERS 0x20
    .seh_endprologue
    call KiUserExceptionDispatch
    int3
    .seh_endproc

/* Where the personality delivers a user APC: rsp at the CONTEXT of the interrupted code, whose home slots
 * hold the APC (P1Home the normal context, P2Home and P3Home the system arguments, P4Home the routine), and
 * a machine frame with the interrupted rip and rsp just above it. The routine gets the context as a fourth
 * argument, as on Windows; then the interrupted code resumes, with alerts tested again. */
    .globl KiUserApcDispatcher
    .def KiUserApcDispatcher; .scl 2; .type 32; .endef
    .seh_proc KiUserApcDispatcher
KiUserApcDispatcher:
    .seh_pushframe
    .seh_stackalloc 0x4d0
    movq 0x00(%rsp), %rcx
    movq 0x08(%rsp), %rdx
    movq 0x10(%rsp), %r8
    movq %rsp, %r9
    movq 0x18(%rsp), %rax
    subq $0x20, %rsp
    .seh_stackalloc 0x20
    SEH_CONTEXT_REGISTERS 0x20
    .seh_endprologue
    call *%rax
    addq $0x20, %rsp
    movq %rsp, %rcx
    movl $1, %edx
    call NtContinue
    int3
    .seh_endproc

/* RtlCaptureContext(CONTEXT *context): the caller's registers as they are at the call, rip and rsp as they
 * will be when it returns. */
    .globl RtlCaptureContext
    .def RtlCaptureContext; .scl 2; .type 32; .endef
RtlCaptureContext:
    pushfq
    movq %rax, 0x78(%rcx)
    movq %rcx, 0x80(%rcx)
    movq %rdx, 0x88(%rcx)
    movq %rbx, 0x90(%rcx)
    movq %rbp, 0xa0(%rcx)
    movq %rsi, 0xa8(%rcx)
    movq %rdi, 0xb0(%rcx)
    movq %r8, 0xb8(%rcx)
    movq %r9, 0xc0(%rcx)
    movq %r10, 0xc8(%rcx)
    movq %r11, 0xd0(%rcx)
    movq %r12, 0xd8(%rcx)
    movq %r13, 0xe0(%rcx)
    movq %r14, 0xe8(%rcx)
    movq %r15, 0xf0(%rcx)
    leaq 16(%rsp), %rax
    movq %rax, 0x98(%rcx)
    movq 8(%rsp), %rax
    movq %rax, 0xf8(%rcx)
    popq %rax
    movl %eax, 0x44(%rcx)
    movw %cs, 0x38(%rcx)
    movw %ds, 0x3a(%rcx)
    movw %es, 0x3c(%rcx)
    movw %fs, 0x3e(%rcx)
    movw %gs, 0x40(%rcx)
    movw %ss, 0x42(%rcx)
    fxsave 0x100(%rcx)
    stmxcsr 0x34(%rcx)
    movl $0x10000f, 0x30(%rcx)          /* CONTEXT_FULL | CONTEXT_SEGMENTS */
    movq 0x78(%rcx), %rax
    ret

/* RtlRaiseException(EXCEPTION_RECORD *record): dispatch it with the caller's context, as if the exception
 * happened where the call returns to. */
    .globl RtlRaiseException
    .def RtlRaiseException; .scl 2; .type 32; .endef
    .seh_proc RtlRaiseException
RtlRaiseException:
    movq %rcx, 8(%rsp)                  /* the record, in our home space */
    subq $0x4f8, %rsp                   /* a CONTEXT at rsp+0x20, 16-aligned */
    .seh_stackalloc 0x4f8
    .seh_endprologue
    leaq 0x20(%rsp), %rcx
    call RtlCaptureContext
    leaq 0x20(%rsp), %rdx
    movq 0x4f8(%rsp), %rax              /* our return address is the caller's rip */
    movq %rax, 0xf8(%rdx)
    leaq 0x500(%rsp), %rax              /* and its rsp is the one after our return */
    movq %rax, 0x98(%rdx)
    movq 0x500(%rsp), %rcx              /* the record, which is also the caller's rcx */
    movq %rcx, 0x80(%rdx)
    call RtlpRaiseException
    int3
    .seh_endproc

/* RtlpRaiseCaught(EXCEPTION_RECORD *record): raise it and come back whatever the handlers decide: continued,
 * it returns 0; taken by one that says EXCEPTION_EXECUTE_HANDLER (or by none, since the frame's own scope
 * executes), it returns the exception's code. C's __try around a raise, for ntdll's C, which has no __try. */
    .globl RtlpRaiseCaught
    .def RtlpRaiseCaught; .scl 2; .type 32; .endef
    .seh_proc RtlpRaiseCaught
RtlpRaiseCaught:
    subq $0x28, %rsp
    .seh_stackalloc 0x28
    .seh_endprologue
1:  call RtlRaiseException
    xorl %eax, %eax
2:  addq $0x28, %rsp
    ret
3:  addq $0x28, %rsp                    /* the scope's target: the unwind leaves the code in eax */
    ret
    .seh_handler __C_specific_handler, @except
    .seh_handlerdata
    .long 1                             /* one scope: the call, EXCEPTION_EXECUTE_HANDLER, then 3 */
    .rva 1b, 2b
    .long 1
    .rva 3b
    .text
    .seh_endproc

/* DbgBreakPoint, DbgUserBreakPoint: a breakpoint exception where they are called. */
    .globl DbgBreakPoint
    .def DbgBreakPoint; .scl 2; .type 32; .endef
    .globl DbgUserBreakPoint
    .def DbgUserBreakPoint; .scl 2; .type 32; .endef
DbgBreakPoint:
DbgUserBreakPoint:
    int3
    ret

/* __chkstk: touch every page of the stack space the caller is about to take (rax bytes), top down, so that
 * the guard page moves in order; all registers kept. */
    .globl __chkstk
    .def __chkstk; .scl 2; .type 32; .endef
__chkstk:
    pushq %rcx
    pushq %rax
    leaq 24(%rsp), %rcx
1:  cmpq $0x1000, %rax
    jb 2f
    subq $0x1000, %rcx
    testq %rcx, (%rcx)
    subq $0x1000, %rax
    jmp 1b
2:  subq %rax, %rcx
    testq %rcx, (%rcx)
    popq %rax
    popq %rcx
    ret
