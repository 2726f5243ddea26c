/* Copying the parts of a CONTEXT its flags name, shared by ntdll (RtlCopyContext) and the kernel (the thread
 * context services). */
#include "rtl/context.h"

void RtlpCopyContextParts(CONTEXT *dst, const CONTEXT *src, ULONG flags)
{
    if ((flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
        dst->SegCs = src->SegCs;
        dst->SegSs = src->SegSs;
        dst->EFlags = src->EFlags;
        dst->Rsp = src->Rsp;
        dst->Rip = src->Rip;
    }
    if ((flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
        /* Rax to R15, but Rsp among them belongs to the control part. */
        DWORD64 rsp = dst->Rsp, *d = &dst->Rax;
        const DWORD64 *s = &src->Rax;
        for (int i = 0; i < 16; i++)
            d[i] = s[i];
        if ((flags & CONTEXT_CONTROL) != CONTEXT_CONTROL)
            dst->Rsp = rsp;
    }
    if ((flags & CONTEXT_SEGMENTS) == CONTEXT_SEGMENTS) {
        dst->SegDs = src->SegDs;
        dst->SegEs = src->SegEs;
        dst->SegFs = src->SegFs;
        dst->SegGs = src->SegGs;
    }
    if ((flags & CONTEXT_FLOATING_POINT) == CONTEXT_FLOATING_POINT) {
        dst->MxCsr = src->MxCsr;
        dst->FltSave = src->FltSave;
    }
    if ((flags & CONTEXT_DEBUG_REGISTERS) == CONTEXT_DEBUG_REGISTERS) {
        dst->Dr0 = src->Dr0;
        dst->Dr1 = src->Dr1;
        dst->Dr2 = src->Dr2;
        dst->Dr3 = src->Dr3;
        dst->Dr6 = src->Dr6;
        dst->Dr7 = src->Dr7;
    }
}
