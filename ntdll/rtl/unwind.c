/* Unwinding x64 frames from their unwind data (.pdata/.xdata): finding a function's entry, undoing one frame,
 * and unwinding to a target frame while calling termination handlers. */
#include "rtl/rtlp.h"

/* Register number in unwind codes -> the CONTEXT's field: Rax..R15 are consecutive there in that order. */
static DWORD64 *RtlpRegister(CONTEXT *context, ULONG number)
{
    return &context->Rax + number;
}

/* Function tables added at run time (JIT code): a table, or a callback that answers for a range of code. */
typedef struct {
    PRUNTIME_FUNCTION Table; /* or the callback's identifier */
    ULONG Count;
    ULONG64 Base;
    ULONG Length;            /* the callback's range */
    PGET_RUNTIME_FUNCTION_CALLBACK Callback;
    PVOID Context;
} RTLP_DYNAMIC_TABLE;
#define RTLP_MAX_DYNAMIC 64
static RTLP_DYNAMIC_TABLE RtlpDynamicTables[RTLP_MAX_DYNAMIC];
static volatile LONG RtlpDynamicLock;

/* A table or callback into a free slot; FALSE when all are taken. */
static BOOLEAN RtlpAddDynamic(const RTLP_DYNAMIC_TABLE *entry)
{
    BOOLEAN added = FALSE;

    RtlpAcquireLock(&RtlpDynamicLock);
    for (int i = 0; i < RTLP_MAX_DYNAMIC && !added; i++) {
        if (!RtlpDynamicTables[i].Table) {
            RtlpDynamicTables[i] = *entry;
            added = TRUE;
        }
    }
    RtlpReleaseLock(&RtlpDynamicLock);
    return added;
}

BOOLEAN NTAPI RtlAddFunctionTable(PRUNTIME_FUNCTION FunctionTable, ULONG EntryCount, ULONG64 BaseAddress)
{
    RTLP_DYNAMIC_TABLE entry = {FunctionTable, EntryCount, BaseAddress, 0, NULL, NULL};
    return RtlpAddDynamic(&entry);
}

/* Code whose unwind data a callback gives on demand; the identifier has its two low bits set, so that it is
 * never a table's address, and deletes it again through RtlDeleteFunctionTable. */
BOOLEAN NTAPI RtlInstallFunctionTableCallback(ULONG64 TableIdentifier, ULONG64 BaseAddress, ULONG Length,
                                              PGET_RUNTIME_FUNCTION_CALLBACK Callback, PVOID Context,
                                              PCWSTR OutOfProcessCallbackDll)
{
    RTLP_DYNAMIC_TABLE entry = {(PRUNTIME_FUNCTION)TableIdentifier, 0, BaseAddress, Length, Callback, Context};

    (void)OutOfProcessCallbackDll; /* for debuggers in other processes */
    if ((TableIdentifier & 3) != 3 || !Callback)
        return FALSE;
    return RtlpAddDynamic(&entry);
}

BOOLEAN NTAPI RtlDeleteFunctionTable(PRUNTIME_FUNCTION FunctionTable)
{
    BOOLEAN found = FALSE;
    RtlpAcquireLock(&RtlpDynamicLock);
    for (int i = 0; i < RTLP_MAX_DYNAMIC && !found; i++) {
        if (RtlpDynamicTables[i].Table == FunctionTable) {
            RtlpDynamicTables[i].Table = NULL;
            found = TRUE;
        }
    }
    RtlpReleaseLock(&RtlpDynamicLock);
    return found;
}

/* Binary search of a table sorted by BeginAddress; entries whose unwind data is odd point at another entry. */
static PRUNTIME_FUNCTION RtlpSearchTable(PRUNTIME_FUNCTION table, ULONG count, ULONG64 base, ULONG64 pc)
{
    ULONG rva = (ULONG)(pc - base);
    LONG lo = 0, hi = (LONG)count - 1;

    if (pc < base || pc - base > 0xffffffffull)
        return NULL;
    while (lo <= hi) {
        LONG mid = (lo + hi) / 2;
        if (rva < table[mid].BeginAddress)
            hi = mid - 1;
        else if (rva >= table[mid].EndAddress)
            lo = mid + 1;
        else {
            PRUNTIME_FUNCTION fn = &table[mid];
            while (fn->UnwindData & 1)
                fn = (PRUNTIME_FUNCTION)(base + (fn->UnwindData & ~1u));
            return fn;
        }
    }
    return NULL;
}

PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONG64 ControlPc, PULONG64 ImageBase, PVOID HistoryTable)
{
    ULONG64 base = RtlpImageBase(ControlPc);
    PRUNTIME_FUNCTION found = NULL;
    RTLP_DYNAMIC_TABLE callback = {0};

    (void)HistoryTable;
    if (base) {
        const IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader((PVOID)base);
        IMAGE_DATA_DIRECTORY dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXCEPTION];
        if (nt->OptionalHeader.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_EXCEPTION || !dir.Size)
            return NULL;
        *ImageBase = base;
        return RtlpSearchTable((PRUNTIME_FUNCTION)(base + dir.VirtualAddress), dir.Size / sizeof(RUNTIME_FUNCTION),
                               base, ControlPc);
    }
    RtlpAcquireLock(&RtlpDynamicLock);
    for (int i = 0; i < RTLP_MAX_DYNAMIC && !found && !callback.Callback; i++) {
        const RTLP_DYNAMIC_TABLE *t = &RtlpDynamicTables[i];
        if (!t->Table)
            continue;
        if (t->Callback) {
            if (ControlPc - t->Base < t->Length)
                callback = *t;
        } else if ((found = RtlpSearchTable(t->Table, t->Count, t->Base, ControlPc))) {
            *ImageBase = t->Base;
        }
    }
    RtlpReleaseLock(&RtlpDynamicLock);
    /* The callback runs outside the lock: it may well look things up itself. */
    if (callback.Callback && (found = callback.Callback(ControlPc, callback.Context)))
        *ImageBase = callback.Base;
    return found;
}

/* Whether pc is at an epilogue (add/lea rsp, pops, ret), and if so undo it on the context: code there has
 * already begun to dismantle the frame, and its unwind codes no longer describe the stack. */
static BOOLEAN RtlpUnwindEpilogue(ULONG64 pc, CONTEXT *context, const UNWIND_INFO *info,
                                  KNONVOLATILE_CONTEXT_POINTERS *pointers)
{
    const BYTE *p = (const BYTE *)pc;
    ULONG64 rsp = context->Rsp;
    ULONG64 saved[16];
    ULONG pops[16], npops = 0;

    if (p[0] == 0x48 && p[1] == 0x83 && p[2] == 0xc4) { /* add rsp, imm8 */
        rsp += (LONG64)(signed char)p[3];
        p += 4;
    } else if (p[0] == 0x48 && p[1] == 0x81 && p[2] == 0xc4) { /* add rsp, imm32 */
        rsp += (LONG64)*(const LONG *)(p + 3);
        p += 7;
    } else if ((p[0] & 0xf8) == 0x48 && p[1] == 0x8d && info->FrameRegister) { /* lea rsp, [fp + disp] */
        ULONG reg = (p[2] & 7) | ((p[0] & 1) << 3);
        if ((p[2] & 0x38) != 0x20 || reg != info->FrameRegister)
            return FALSE;
        if ((p[2] & 0xc0) == 0x40) {
            rsp = *RtlpRegister(context, reg) + (signed char)p[3];
            p += 4;
        } else if ((p[2] & 0xc0) == 0x80) {
            rsp = *RtlpRegister(context, reg) + *(const LONG *)(p + 3);
            p += 7;
        } else {
            return FALSE;
        }
    }
    for (;;) {
        if ((p[0] & 0xf8) == 0x58) { /* pop reg */
            pops[npops] = p[0] & 7;
            p += 1;
        } else if ((p[0] & 0xfe) == 0x40 && (p[1] & 0xf8) == 0x58) { /* pop r8-r15 */
            pops[npops] = 8 + (p[1] & 7);
            p += 2;
        } else {
            break;
        }
        saved[npops] = ((const ULONG64 *)rsp)[npops];
        if (++npops == 16)
            return FALSE;
    }
    if (!(p[0] == 0xc3 || (p[0] == 0xf3 && p[1] == 0xc3)))
        return FALSE;
    for (ULONG i = 0; i < npops; i++) {
        *RtlpRegister(context, pops[i]) = saved[i];
        if (pointers)
            pointers->IntegerContext[pops[i]] = (ULONG64 *)rsp + i;
    }
    rsp += npops * 8;
    context->Rip = *(const ULONG64 *)rsp;
    context->Rsp = rsp + 8;
    return TRUE;
}

PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG HandlerType, ULONG64 ImageBase, ULONG64 ControlPc,
                                          PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord, PVOID *HandlerData,
                                          PULONG64 EstablisherFrame, PVOID ContextPointers)
{
    const UNWIND_INFO *info = (const UNWIND_INFO *)(ImageBase + FunctionEntry->UnwindData);
    ULONG64 offset = ControlPc - (ImageBase + FunctionEntry->BeginAddress);
    ULONG64 frame = ContextRecord->Rsp;
    PEXCEPTION_ROUTINE handler = NULL;
    BOOLEAN first = TRUE, machine_frame = FALSE;
    KNONVOLATILE_CONTEXT_POINTERS *pointers = ContextPointers;

    /* The establisher frame: the frame register (minus its offset) once the prolog set it, else rsp. */
    if (info->FrameRegister) {
        BOOLEAN set = FALSE;
        for (ULONG i = 0; i < info->CountOfCodes; i++)
            if (info->UnwindCode[i].UnwindOp == UWOP_SET_FPREG && info->UnwindCode[i].CodeOffset <= offset)
                set = TRUE;
        if (set)
            frame = *RtlpRegister(ContextRecord, info->FrameRegister) - info->FrameOffset * 16ull;
    }
    *EstablisherFrame = frame;
    if (offset >= info->SizeOfProlog && RtlpUnwindEpilogue(ControlPc, ContextRecord, info, pointers))
        return NULL;
    /* The function's own handler (its data follows the codes, their count rounded up to even) applies once
     * the prolog is over. */
    if ((info->Flags & HandlerType) && offset >= info->SizeOfProlog) {
        const ULONG *data = (const ULONG *)&info->UnwindCode[(info->CountOfCodes + 1) & ~1];
        handler = (PEXCEPTION_ROUTINE)(ImageBase + data[0]);
        *HandlerData = (PVOID)(data + 1);
    }

    for (;;) {
        ULONG i = 0;
        while (i < info->CountOfCodes) {
            UNWIND_CODE code = info->UnwindCode[i];
            ULONG slots = 1;
            /* Codes of a prolog not yet reached have not happened; chained info is all in effect. */
            BOOLEAN done = !first || code.CodeOffset <= offset;

            switch (code.UnwindOp) {
            case UWOP_PUSH_NONVOL:
                if (done) {
                    *RtlpRegister(ContextRecord, code.OpInfo) = *(ULONG64 *)ContextRecord->Rsp;
                    if (pointers)
                        pointers->IntegerContext[code.OpInfo] = (ULONG64 *)ContextRecord->Rsp;
                    ContextRecord->Rsp += 8;
                }
                break;
            case UWOP_ALLOC_LARGE:
                slots = code.OpInfo ? 3 : 2;
                if (done)
                    ContextRecord->Rsp += code.OpInfo ? *(const ULONG *)&info->UnwindCode[i + 1]
                                                      : info->UnwindCode[i + 1].FrameOffset * 8u;
                break;
            case UWOP_ALLOC_SMALL:
                if (done)
                    ContextRecord->Rsp += code.OpInfo * 8u + 8;
                break;
            case UWOP_SET_FPREG:
                if (done)
                    ContextRecord->Rsp = *RtlpRegister(ContextRecord, info->FrameRegister) - info->FrameOffset * 16ull;
                break;
            case UWOP_SAVE_NONVOL:
            case UWOP_SAVE_NONVOL_FAR: {
                ULONG64 where = code.UnwindOp == UWOP_SAVE_NONVOL ? info->UnwindCode[i + 1].FrameOffset * 8u
                                                                  : *(const ULONG *)&info->UnwindCode[i + 1];
                slots = code.UnwindOp == UWOP_SAVE_NONVOL ? 2 : 3;
                if (done) {
                    *RtlpRegister(ContextRecord, code.OpInfo) = *(const ULONG64 *)(frame + where);
                    if (pointers)
                        pointers->IntegerContext[code.OpInfo] = (ULONG64 *)(frame + where);
                }
                break;
            }
            case UWOP_SAVE_XMM128:
            case UWOP_SAVE_XMM128_FAR: {
                ULONG64 where = code.UnwindOp == UWOP_SAVE_XMM128 ? info->UnwindCode[i + 1].FrameOffset * 16u
                                                                  : *(const ULONG *)&info->UnwindCode[i + 1];
                slots = code.UnwindOp == UWOP_SAVE_XMM128 ? 2 : 3;
                if (done) {
                    ContextRecord->FltSave.XmmRegisters[code.OpInfo] = *(const M128A *)(frame + where);
                    if (pointers)
                        pointers->FloatingContext[code.OpInfo] = (M128A *)(frame + where);
                }
                break;
            }
            case UWOP_PUSH_MACHFRAME:
                if (done) {
                    ULONG64 rsp = ContextRecord->Rsp + (code.OpInfo ? 8 : 0); /* past an error code */
                    ContextRecord->Rip = *(const ULONG64 *)rsp;
                    ContextRecord->Rsp = *(const ULONG64 *)(rsp + 24);
                    machine_frame = TRUE;
                }
                break;
            default:
                break;
            }
            i += slots;
        }
        if (!(info->Flags & UNW_FLAG_CHAININFO))
            break;
        /* The chained entry follows the codes (their count rounded up to even). */
        FunctionEntry = (PRUNTIME_FUNCTION)&info->UnwindCode[(info->CountOfCodes + 1) & ~1];
        info = (const UNWIND_INFO *)(ImageBase + FunctionEntry->UnwindData);
        first = FALSE;
    }

    if (!machine_frame) {
        ContextRecord->Rip = *(const ULONG64 *)ContextRecord->Rsp;
        ContextRecord->Rsp += 8;
    }
    return handler;
}

/* Whether rsp lies in the current thread's stack. */
static BOOLEAN RtlpOnStack(ULONG64 rsp)
{
    PTEB teb = NtCurrentTeb();
    return rsp >= (ULONG64)teb->DeallocationStack && rsp < (ULONG64)teb->NtTib.StackBase && !(rsp & 7);
}

/* Undo one frame of context: by its unwind data, or as a leaf (return address at rsp). The handler of the
 * kind asked for, if the frame has one; 0 when the stack does not hold up. */
static BOOLEAN RtlpUnwindFrame(ULONG type, CONTEXT *context, ULONG64 *frame, PEXCEPTION_ROUTINE *handler,
                               PVOID *data, ULONG64 *base, PRUNTIME_FUNCTION *fn)
{
    ULONG64 pc = context->Rip;

    *handler = NULL;
    *data = NULL;
    if (!RtlpOnStack(context->Rsp))
        return FALSE;
    if ((*fn = RtlLookupFunctionEntry(pc, base, NULL))) {
        *handler = RtlVirtualUnwind(type, *base, pc, *fn, context, data, frame, NULL);
    } else {
        *frame = context->Rsp;
        context->Rip = *(const ULONG64 *)context->Rsp;
        context->Rsp += 8;
    }
    return RtlpOnStack(*frame);
}

static BOOLEAN RtlpIsTebFrame(const EXCEPTION_REGISTRATION_RECORD *frame)
{
    return frame && frame != (const EXCEPTION_REGISTRATION_RECORD *)~(ULONG_PTR)0;
}

/* The TEB frames a walk has gone past (those below the stack pointer it reached) are called in their turn,
 * innermost first: on dispatch from *cursor on, on unwind popped as they are (up to stop, which stays). */
static BOOLEAN RtlpDispatchToTebFrames(EXCEPTION_REGISTRATION_RECORD **cursor, ULONG64 below,
                                       EXCEPTION_RECORD *record, CONTEXT *context)
{
    for (; RtlpIsTebFrame(*cursor) && (ULONG64)*cursor < below; *cursor = (*cursor)->Prev) {
        EXCEPTION_REGISTRATION_RECORD *dispatcher;
        if ((*cursor)->Handler(record, *cursor, context, &dispatcher) == ExceptionContinueExecution)
            return TRUE;
    }
    return FALSE;
}

static void RtlpUnwindTebFrames(ULONG64 below, const EXCEPTION_REGISTRATION_RECORD *stop, EXCEPTION_RECORD *record,
                                CONTEXT *context)
{
    NT_TIB *tib = &NtCurrentTeb()->NtTib;

    for (EXCEPTION_REGISTRATION_RECORD *frame = tib->ExceptionList;
         RtlpIsTebFrame(frame) && frame != stop && (ULONG64)frame < below; frame = tib->ExceptionList) {
        EXCEPTION_REGISTRATION_RECORD *dispatcher;
        frame->Handler(record, frame, context, &dispatcher);
        tib->ExceptionList = frame->Prev;
    }
}

BOOLEAN RtlpDispatchToFrames(EXCEPTION_RECORD *record, CONTEXT *context)
{
    CONTEXT walk = *context;
    EXCEPTION_REGISTRATION_RECORD *teb_frame = NtCurrentTeb()->NtTib.ExceptionList;

    for (int depth = 0; depth < 4096 && walk.Rip; depth++) {
        ULONG64 pc = walk.Rip, frame, base = 0;
        PRUNTIME_FUNCTION fn = NULL;
        PEXCEPTION_ROUTINE handler;
        PVOID data;

        if (!RtlpUnwindFrame(UNW_FLAG_EHANDLER, &walk, &frame, &handler, &data, &base, &fn)) {
            record->ExceptionFlags |= EXCEPTION_STACK_INVALID;
            return FALSE;
        }
        if (RtlpDispatchToTebFrames(&teb_frame, walk.Rsp, record, context))
            return !(record->ExceptionFlags & EXCEPTION_NONCONTINUABLE);
        if (handler) {
            DISPATCHER_CONTEXT dc = {pc, base, fn, frame, 0, &walk, handler, data, NULL, 0, 0};
            if (handler(record, (PVOID)frame, context, &dc) == ExceptionContinueExecution)
                return !(record->ExceptionFlags & EXCEPTION_NONCONTINUABLE);
        }
    }
    return FALSE;
}

/* Unwind from here to TargetFrame, calling the termination handlers of every frame on the way (the target's
 * too, told EXCEPTION_TARGET_UNWIND), then continue in the target at TargetIp with ReturnValue in rax. */
void NTAPI RtlUnwindEx(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue,
                       PCONTEXT ContextRecord, PVOID HistoryTable)
{
    EXCEPTION_RECORD local = {.ExceptionCode = (DWORD)STATUS_UNWIND};
    CONTEXT walk, before;
    BOOLEAN teb_target = FALSE;

    (void)HistoryTable;
    for (EXCEPTION_REGISTRATION_RECORD *f = NtCurrentTeb()->NtTib.ExceptionList; RtlpIsTebFrame(f); f = f->Prev)
        if (f == TargetFrame)
            teb_target = TRUE;
    if (!ExceptionRecord) {
        local.ExceptionAddress = (PVOID)RtlUnwindEx;
        ExceptionRecord = &local;
    }
    ExceptionRecord->ExceptionFlags |= EXCEPTION_UNWINDING | (TargetFrame ? 0 : EXCEPTION_EXIT_UNWIND);
    RtlCaptureContext(&walk);
    for (;;) {
        ULONG64 pc = walk.Rip, frame, base = 0;
        PRUNTIME_FUNCTION fn = NULL;
        PEXCEPTION_ROUTINE handler;
        PVOID data;

        before = walk;
        if (!RtlpUnwindFrame(UNW_FLAG_UHANDLER, &walk, &frame, &handler, &data, &base, &fn) ||
            (TargetFrame && !teb_target && frame > (ULONG64)TargetFrame)) {
            /* The target is not on this stack: nothing sensible is left to do. */
            EXCEPTION_RECORD bad = {.ExceptionCode = (DWORD)STATUS_BAD_STACK,
                                    .ExceptionFlags = EXCEPTION_NONCONTINUABLE,
                                    .ExceptionAddress = (PVOID)pc};
            NtRaiseException(&bad, &before, FALSE);
        }
        RtlpUnwindTebFrames(walk.Rsp, teb_target ? TargetFrame : NULL, ExceptionRecord, &before);
        /* A TEB frame is the target: the function whose frame holds it is where the walk ends, not unwound. */
        if (teb_target && walk.Rsp > (ULONG64)TargetFrame)
            break;
        if (TargetFrame && frame == (ULONG64)TargetFrame)
            ExceptionRecord->ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
        if (handler) {
            /* The context is the frame's own, the one resumed at the target, which its handler may change (rdx). */
            DISPATCHER_CONTEXT dc = {pc, base, fn, frame, (ULONG64)TargetIp, &before, handler, data, NULL, 0, 0};
            handler(ExceptionRecord, (PVOID)frame, &before, &dc);
        }
        if (TargetFrame && frame == (ULONG64)TargetFrame)
            break;
    }
    ExceptionRecord->ExceptionFlags &= ~(DWORD)(EXCEPTION_UNWINDING | EXCEPTION_TARGET_UNWIND);
    before.Rax = (ULONG64)ReturnValue;
    before.Rip = (ULONG64)TargetIp;
    if (ContextRecord)
        *ContextRecord = before;
    RtlRestoreContext(&before, ExceptionRecord);
}

void NTAPI RtlUnwind(PVOID TargetFrame, PVOID TargetIp, PEXCEPTION_RECORD ExceptionRecord, PVOID ReturnValue)
{
    CONTEXT context;
    RtlUnwindEx(TargetFrame, TargetIp, ExceptionRecord, ReturnValue, &context, NULL);
}

/* Resumes a context, two records changing it first: a longjmp's (STATUS_LONGJUMP) takes the registers setjmp
 * saved, and a consolidated unwind's (STATUS_UNWIND_CONSOLIDATE, C++'s catch) calls its callback, which answers
 * where to go on. */
void NTAPI RtlRestoreContext(PCONTEXT ContextRecord, PEXCEPTION_RECORD ExceptionRecord)
{
    if (ExceptionRecord && ExceptionRecord->ExceptionCode == (DWORD)STATUS_LONGJUMP &&
        ExceptionRecord->NumberParameters >= 1) {
        const JUMP_BUFFER *jb = (const JUMP_BUFFER *)ExceptionRecord->ExceptionInformation[0];
        ContextRecord->Rbx = jb->Rbx;
        ContextRecord->Rsp = jb->Rsp;
        ContextRecord->Rbp = jb->Rbp;
        ContextRecord->Rsi = jb->Rsi;
        ContextRecord->Rdi = jb->Rdi;
        ContextRecord->R12 = jb->R12;
        ContextRecord->R13 = jb->R13;
        ContextRecord->R14 = jb->R14;
        ContextRecord->R15 = jb->R15;
        ContextRecord->Rip = jb->Rip;
        ContextRecord->MxCsr = ContextRecord->FltSave.MxCsr = jb->MxCsr;
        ContextRecord->FltSave.ControlWord = jb->FpCsr;
        memcpy(&ContextRecord->FltSave.XmmRegisters[6], jb->Xmm, sizeof(jb->Xmm));
    } else if (ExceptionRecord && ExceptionRecord->ExceptionCode == (DWORD)STATUS_UNWIND_CONSOLIDATE &&
               ExceptionRecord->NumberParameters >= 1) {
        PVOID(NTAPI * callback)(EXCEPTION_RECORD *) = (PVOID)ExceptionRecord->ExceptionInformation[0];
        ContextRecord->Rip = (ULONG64)callback(ExceptionRecord);
    }
    NtContinue(ContextRecord, FALSE);
}

/* The language handler of C's __try: on dispatch, the filters of the scopes around the pc decide (a
 * positive one unwinds to its __except block); on unwind, the __finally blocks run, innermost first, up to
 * the __except being unwound to. ScopeIndex remembers how far a frame got. */
EXCEPTION_DISPOSITION NTAPI __C_specific_handler(PEXCEPTION_RECORD ExceptionRecord, PVOID EstablisherFrame,
                                                 PCONTEXT ContextRecord, PDISPATCHER_CONTEXT DispatcherContext)
{
    const SCOPE_TABLE *table = DispatcherContext->HandlerData;
    ULONG64 base = DispatcherContext->ImageBase, pc = DispatcherContext->ControlPc - base;

    if (ExceptionRecord->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)) {
        ULONG64 target = DispatcherContext->TargetIp - base;
        for (ULONG i = DispatcherContext->ScopeIndex; i < table->Count; i++) {
            const ULONG *r = &table->ScopeRecord[i].BeginAddress;
            if (pc < r[0] || pc >= r[1])
                continue;
            if (ExceptionRecord->ExceptionFlags & EXCEPTION_TARGET_UNWIND && r[3] && target == r[3])
                break;
            if (r[3])
                continue;
            DispatcherContext->ScopeIndex = i + 1;
            ((PTERMINATION_HANDLER)(base + r[2]))(TRUE, EstablisherFrame);
        }
        return ExceptionContinueSearch;
    }
    for (ULONG i = DispatcherContext->ScopeIndex; i < table->Count; i++) {
        const ULONG *r = &table->ScopeRecord[i].BeginAddress;
        EXCEPTION_POINTERS pointers = {ExceptionRecord, ContextRecord};
        LONG filter;
        if (pc < r[0] || pc >= r[1] || !r[3])
            continue;
        filter = r[2] == EXCEPTION_EXECUTE_HANDLER ? EXCEPTION_EXECUTE_HANDLER
                                                   : ((PEXCEPTION_FILTER)(base + r[2]))(&pointers, EstablisherFrame);
        if (filter < 0)
            return ExceptionContinueExecution;
        if (filter > 0)
            RtlUnwindEx(EstablisherFrame, (PVOID)(base + r[3]), ExceptionRecord,
                        (PVOID)(ULONG_PTR)ExceptionRecord->ExceptionCode, DispatcherContext->ContextRecord,
                        DispatcherContext->HistoryTable);
    }
    return ExceptionContinueSearch;
}

/* Unwinds to target_ip within frame, running the termination handlers on the way (the helper compilers
 * call for a local unwind). */
void _local_unwind(PVOID Frame, PVOID TargetIp)
{
    CONTEXT context;
    RtlUnwindEx(Frame, TargetIp, NULL, NULL, &context, NULL);
}

/* The return addresses of the caller's frames, found by unwinding; the hash is their sum. */
USHORT NTAPI RtlCaptureStackBackTrace(ULONG FramesToSkip, ULONG FramesToCapture, PVOID *BackTrace,
                                      PULONG BackTraceHash)
{
    CONTEXT context;
    ULONG captured = 0, hash = 0;

    /* The context is this function's; the first frame unwound from it is its caller's. */
    RtlCaptureContext(&context);
    while (captured < FramesToCapture) {
        ULONG64 base = 0, frame = 0;
        PVOID data;
        PRUNTIME_FUNCTION fn = RtlLookupFunctionEntry(context.Rip, &base, NULL);
        if (fn) {
            RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, context.Rip, fn, &context, &data, &frame, NULL);
        } else {
            /* A leaf: its return address is on top of the stack. */
            if (!context.Rsp)
                break;
            context.Rip = *(ULONG64 *)context.Rsp;
            context.Rsp += 8;
        }
        if (!context.Rip || !RtlpImageBase(context.Rip))
            break;
        if (FramesToSkip) {
            FramesToSkip--;
            continue;
        }
        BackTrace[captured++] = (PVOID)context.Rip;
        hash += (ULONG)context.Rip;
    }
    if (BackTraceHash)
        *BackTraceHash = hash;
    return (USHORT)captured;
}
