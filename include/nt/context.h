/* Thread context and exception records (x64), as exception dispatch, NtContinue and the context services use. */
#ifndef NT_CONTEXT_H
#define NT_CONTEXT_H

#include "ntdef.h"
#include "pe.h"

#define CONTEXT_AMD64 0x00100000
#define CONTEXT_CONTROL (CONTEXT_AMD64 | 0x01)
#define CONTEXT_INTEGER (CONTEXT_AMD64 | 0x02)
#define CONTEXT_SEGMENTS (CONTEXT_AMD64 | 0x04)
#define CONTEXT_FLOATING_POINT (CONTEXT_AMD64 | 0x08)
#define CONTEXT_DEBUG_REGISTERS (CONTEXT_AMD64 | 0x10)
#define CONTEXT_FULL (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT)
#define CONTEXT_ALL (CONTEXT_FULL | CONTEXT_SEGMENTS | CONTEXT_DEBUG_REGISTERS)
#define CONTEXT_XSTATE (CONTEXT_AMD64 | 0x40)

typedef struct __attribute__((aligned(16))) {
    ULONGLONG Low;
    LONGLONG High;
} M128A;

typedef struct {
    WORD ControlWord;
    WORD StatusWord;
    BYTE TagWord;
    BYTE Reserved1;
    WORD ErrorOpcode;
    DWORD ErrorOffset;
    WORD ErrorSelector;
    WORD Reserved2;
    DWORD DataOffset;
    WORD DataSelector;
    WORD Reserved3;
    DWORD MxCsr;
    DWORD MxCsr_Mask;
    M128A FloatRegisters[8];
    M128A XmmRegisters[16];
    BYTE Reserved4[96];
} XSAVE_FORMAT; /* the fxsave layout */
NT_CHECK_SIZE(XSAVE_FORMAT, 512);

typedef struct __attribute__((aligned(16))) {
    DWORD64 P1Home, P2Home, P3Home, P4Home, P5Home, P6Home;
    DWORD ContextFlags;
    DWORD MxCsr;
    WORD SegCs, SegDs, SegEs, SegFs, SegGs, SegSs;
    DWORD EFlags;
    DWORD64 Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    DWORD64 Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi, R8, R9, R10, R11, R12, R13, R14, R15;
    DWORD64 Rip;
    XSAVE_FORMAT FltSave;
    M128A VectorRegister[26];
    DWORD64 VectorControl;
    DWORD64 DebugControl;
    DWORD64 LastBranchToRip;
    DWORD64 LastBranchFromRip;
    DWORD64 LastExceptionToRip;
    DWORD64 LastExceptionFromRip;
} CONTEXT, *PCONTEXT;
NT_CHECK_OFFSET(CONTEXT, ContextFlags, 0x30);
NT_CHECK_OFFSET(CONTEXT, SegCs, 0x38);
NT_CHECK_OFFSET(CONTEXT, EFlags, 0x44);
NT_CHECK_OFFSET(CONTEXT, Rax, 0x78);
NT_CHECK_OFFSET(CONTEXT, Rsp, 0x98);
NT_CHECK_OFFSET(CONTEXT, Rdi, 0xb0);
NT_CHECK_OFFSET(CONTEXT, R15, 0xf0);
NT_CHECK_OFFSET(CONTEXT, Rip, 0xf8);
NT_CHECK_OFFSET(CONTEXT, FltSave, 0x100);
NT_CHECK_OFFSET(CONTEXT, VectorRegister, 0x300);
NT_CHECK_SIZE(CONTEXT, 0x4d0);

/* What setjmp saves (the C runtime's _JUMP_BUFFER), which a STATUS_LONGJUMP unwind resumes. */
typedef struct {
    DWORD64 Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12, R13, R14, R15, Rip;
    DWORD MxCsr;
    WORD FpCsr;
    WORD Spare;
    M128A Xmm[10]; /* xmm6 to xmm15 */
} JUMP_BUFFER;
NT_CHECK_OFFSET(JUMP_BUFFER, Rip, 0x50);
NT_CHECK_OFFSET(JUMP_BUFFER, Xmm, 0x60);
NT_CHECK_SIZE(JUMP_BUFFER, 0x100);

#define EXCEPTION_NONCONTINUABLE 0x01
#define EXCEPTION_UNWINDING 0x02
#define EXCEPTION_MAXIMUM_PARAMETERS 15
#define EXCEPTION_CONTINUE_EXECUTION (-1)
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_EXECUTE_HANDLER 1

typedef struct _EXCEPTION_RECORD {
    DWORD ExceptionCode;
    DWORD ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    DWORD NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;
NT_CHECK_OFFSET(EXCEPTION_RECORD, ExceptionAddress, 0x10);
NT_CHECK_OFFSET(EXCEPTION_RECORD, ExceptionInformation, 0x20);
NT_CHECK_SIZE(EXCEPTION_RECORD, 0x98);

typedef struct {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

typedef LONG(NTAPI *PVECTORED_EXCEPTION_HANDLER)(PEXCEPTION_POINTERS ExceptionInfo);
typedef LONG(NTAPI *PRTL_UNHANDLED_EXCEPTION_FILTER)(PEXCEPTION_POINTERS ExceptionInfo);

#define EXCEPTION_EXIT_UNWIND 0x04
#define EXCEPTION_STACK_INVALID 0x08
#define EXCEPTION_NESTED_CALL 0x10
#define EXCEPTION_TARGET_UNWIND 0x20
#define EXCEPTION_COLLIDED_UNWIND 0x40

typedef enum {
    ExceptionContinueExecution,
    ExceptionContinueSearch,
    ExceptionNestedException,
    ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

typedef EXCEPTION_DISPOSITION(NTAPI *PEXCEPTION_ROUTINE)(PEXCEPTION_RECORD ExceptionRecord, PVOID EstablisherFrame,
                                                         PCONTEXT ContextRecord, PVOID DispatcherContext);

/* A frame on the TEB's ExceptionList (NT_TIB), x86's way of handling exceptions, which Wine's DLLs use for
 * their __TRY blocks on x64 too: the list runs from the innermost, ending in NULL or ~0. */
typedef struct EXCEPTION_REGISTRATION_RECORD {
    struct EXCEPTION_REGISTRATION_RECORD *Prev;
    PEXCEPTION_ROUTINE Handler;
} EXCEPTION_REGISTRATION_RECORD;

/* The handler data of a function whose language handler is __C_specific_handler: its __try scopes. A scope
 * with a JumpTarget is __except (HandlerAddress its filter, or 1 for EXCEPTION_EXECUTE_HANDLER); one without
 * is __finally (HandlerAddress its termination handler). All RVAs. */
typedef struct {
    ULONG Count;
    struct {
        ULONG BeginAddress;
        ULONG EndAddress;
        ULONG HandlerAddress;
        ULONG JumpTarget;
    } ScopeRecord[1];
} SCOPE_TABLE, *PSCOPE_TABLE;

typedef LONG(NTAPI *PEXCEPTION_FILTER)(PEXCEPTION_POINTERS ExceptionPointers, PVOID EstablisherFrame);
typedef void(NTAPI *PTERMINATION_HANDLER)(BOOLEAN AbnormalTermination, PVOID EstablisherFrame);

/* What a frame's language handler is told of the frame it handles. */
typedef struct {
    ULONG64 ControlPc;
    ULONG64 ImageBase;
    PRUNTIME_FUNCTION FunctionEntry;
    ULONG64 EstablisherFrame;
    ULONG64 TargetIp;
    PCONTEXT ContextRecord;
    PEXCEPTION_ROUTINE LanguageHandler;
    PVOID HandlerData;
    PVOID HistoryTable;
    ULONG ScopeIndex;
    ULONG Fill0;
} DISPATCHER_CONTEXT, *PDISPATCHER_CONTEXT;
NT_CHECK_SIZE(DISPATCHER_CONTEXT, 0x50);

/* The unwind data .pdata points at (x64). */
#define UNW_FLAG_NHANDLER 0
#define UNW_FLAG_EHANDLER 1
#define UNW_FLAG_UHANDLER 2
#define UNW_FLAG_CHAININFO 4

#define UWOP_PUSH_NONVOL 0
#define UWOP_ALLOC_LARGE 1
#define UWOP_ALLOC_SMALL 2
#define UWOP_SET_FPREG 3
#define UWOP_SAVE_NONVOL 4
#define UWOP_SAVE_NONVOL_FAR 5
#define UWOP_EPILOG 6
#define UWOP_SPARE_CODE 7
#define UWOP_SAVE_XMM128 8
#define UWOP_SAVE_XMM128_FAR 9
#define UWOP_PUSH_MACHFRAME 10

typedef union {
    struct {
        BYTE CodeOffset;
        BYTE UnwindOp : 4;
        BYTE OpInfo : 4;
    };
    USHORT FrameOffset;
} UNWIND_CODE;

typedef struct {
    BYTE Version : 3;
    BYTE Flags : 5;
    BYTE SizeOfProlog;
    BYTE CountOfCodes;
    BYTE FrameRegister : 4;
    BYTE FrameOffset : 4;
    UNWIND_CODE UnwindCode[];
} UNWIND_INFO;

/* Where KiUserExceptionDispatcher finds things: the CONTEXT at its rsp, the record this far above it. */
#define KI_USER_EXCEPTION_RECORD_OFFSET 0x4f0

/* The processor's extended state (XSAVE): what the system saves, and where each feature lies in a
 * non-compacted save area (KUSER_SHARED_DATA.XState). Features 0 and 1 (x87, SSE) are the legacy area. */
#define XSTATE_LEGACY_FLOATING_POINT 0
#define XSTATE_LEGACY_SSE 1
#define XSTATE_AVX 2
#define XSTATE_MASK_LEGACY 0x3ull
#define XSTATE_LEGACY_AREA_SIZE 512

typedef struct {
    ULONG Offset;
    ULONG Size;
} XSTATE_FEATURE;

typedef struct {
    ULONG64 EnabledFeatures;
    ULONG64 EnabledVolatileFeatures;
    ULONG Size;
    ULONG ControlFlags; /* bit 0 OptimizedSave, bit 1 CompactionEnabled */
    XSTATE_FEATURE Features[64];
    ULONG64 EnabledSupervisorFeatures;
    ULONG64 AlignedFeatures;
    ULONG AllFeatureSize;
    ULONG AllFeatures[64];
    ULONG64 EnabledUserVisibleSupervisorFeatures;
} XSTATE_CONFIGURATION;
NT_CHECK_OFFSET(XSTATE_CONFIGURATION, Features, 0x18);
NT_CHECK_OFFSET(XSTATE_CONFIGURATION, AllFeatureSize, 0x228);
NT_CHECK_SIZE(XSTATE_CONFIGURATION, 0x338);

/* The header of an XSAVE area, where a CONTEXT_EX's XState chunk begins; features from AVX on follow. */
typedef struct {
    ULONG64 Mask;
    ULONG64 CompactionMask;
    ULONG64 Reserved[6];
} XSTATE_HEADER;
NT_CHECK_SIZE(XSTATE_HEADER, 64);

/* Where the parts of an extended context lie, as offsets from the CONTEXT_EX itself. */
typedef struct {
    LONG Offset;
    ULONG Length;
} CONTEXT_CHUNK;

typedef struct {
    CONTEXT_CHUNK All;
    CONTEXT_CHUNK Legacy;
    CONTEXT_CHUNK XState;
    ULONG64 Align;
} CONTEXT_EX, *PCONTEXT_EX;
NT_CHECK_SIZE(CONTEXT_EX, 0x20);

/* The context of a 32-bit x86 thread, as WOW64 keeps it. */
#define WOW64_CONTEXT_i386 0x00010000
typedef struct {
    ULONG ControlWord, StatusWord, TagWord, ErrorOffset, ErrorSelector, DataOffset, DataSelector;
    UCHAR RegisterArea[80];
    ULONG Cr0NpxState;
} WOW64_FLOATING_SAVE_AREA;

typedef struct {
    ULONG ContextFlags;
    ULONG Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    WOW64_FLOATING_SAVE_AREA FloatSave;
    ULONG SegGs, SegFs, SegEs, SegDs;
    ULONG Edi, Esi, Ebx, Edx, Ecx, Eax;
    ULONG Ebp, Eip, SegCs, EFlags, Esp, SegSs;
    UCHAR ExtendedRegisters[512];
} WOW64_CONTEXT, *PWOW64_CONTEXT;
NT_CHECK_SIZE(WOW64_CONTEXT, 0x2cc);

/* Where an unwind found each nonvolatile register it restored (RtlVirtualUnwind's last argument). */
typedef struct {
    M128A *FloatingContext[16]; /* Xmm0..Xmm15 */
    ULONG64 *IntegerContext[16]; /* Rax..R15, in the CONTEXT's order */
} KNONVOLATILE_CONTEXT_POINTERS, *PKNONVOLATILE_CONTEXT_POINTERS;
NT_CHECK_SIZE(KNONVOLATILE_CONTEXT_POINTERS, 256);

#endif
