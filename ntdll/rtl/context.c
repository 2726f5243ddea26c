/* Extended contexts: a CONTEXT followed by a CONTEXT_EX that says where its parts lie, and an XSAVE area for
 * the extended processor state the system announces in KUSER_SHARED_DATA. For x64 and x86 contexts alike. */
#include "rtl/rtlp.h"

#define CONTEXT_I386 0x00010000
#define CONTEXT_XSTATE_FLAG 0x40
#define CONTEXT_LEGACY_FULL 0x20 /* the legacy chunk covers the whole context */

typedef struct {
    ULONG Architecture;
    ULONG Supported;   /* every flag such a context may carry */
    ULONG Size;        /* sizeof its CONTEXT */
    ULONG LegacySize;  /* without the extended registers of an x86 context */
    ULONG ExSize;      /* its CONTEXT_EX */
    ULONG Slack;       /* added to lengths for an unaligned buffer */
    ULONG Alignment;   /* the context's own, minus one */
} RTLP_CONTEXT_KIND;

static const RTLP_CONTEXT_KIND RtlpContextKinds[] = {
    {CONTEXT_AMD64, 0xd8000000 | CONTEXT_ALL | CONTEXT_XSTATE, sizeof(CONTEXT), sizeof(CONTEXT), 0x20, 7, 15},
    {CONTEXT_I386, 0xd8000000 | CONTEXT_I386 | 0x7f, 0x2cc, 0xcc, 0x18, 3, 3},
};

static const RTLP_CONTEXT_KIND *RtlpContextKind(ULONG flags)
{
    for (ULONG i = 0; i < sizeof(RtlpContextKinds) / sizeof(RtlpContextKinds[0]); i++)
        if (flags & RtlpContextKinds[i].Architecture)
            return flags & ~RtlpContextKinds[i].Supported ? NULL : &RtlpContextKinds[i];
    return NULL;
}

static const volatile XSTATE_CONFIGURATION *RtlpXState(void)
{
    return &KiUserSharedData()->XState;
}

ULONG64 NTAPI RtlGetEnabledExtendedFeatures(ULONG64 FeatureMask)
{
    return RtlpXState()->EnabledFeatures & FeatureMask;
}

/* The XSAVE area's length: its header, then every enabled feature beyond the legacy ones. */
static ULONG RtlpXStateLength(ULONG64 mask)
{
    ULONG length = sizeof(XSTATE_HEADER);
    mask &= RtlGetEnabledExtendedFeatures(~XSTATE_MASK_LEGACY);
    for (ULONG id = XSTATE_AVX; id < 64; id++)
        if (mask & (1ull << id))
            length = RtlpXState()->Features[id].Offset - XSTATE_LEGACY_AREA_SIZE + RtlpXState()->Features[id].Size;
    return length;
}

NTSTATUS NTAPI RtlGetExtendedContextLength2(ULONG ContextFlags, PULONG Length, ULONG64 CompactionMask)
{
    const RTLP_CONTEXT_KIND *kind = RtlpContextKind(ContextFlags);

    if (!kind)
        return STATUS_INVALID_PARAMETER;
    if (!(ContextFlags & CONTEXT_XSTATE_FLAG)) {
        *Length = kind->Size + kind->ExSize + kind->Slack;
        return STATUS_SUCCESS;
    }
    if (!RtlGetEnabledExtendedFeatures(~0ull))
        return STATUS_NOT_SUPPORTED;
    *Length = kind->Size + kind->ExSize + RtlpXStateLength(CompactionMask) + 63;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlGetExtendedContextLength(ULONG ContextFlags, PULONG Length)
{
    return RtlGetExtendedContextLength2(ContextFlags, Length, ~0ull);
}

NTSTATUS NTAPI RtlInitializeExtendedContext2(PVOID Context, ULONG ContextFlags, PCONTEXT_EX *ContextEx,
                                             ULONG64 CompactionMask)
{
    const RTLP_CONTEXT_KIND *kind = RtlpContextKind(ContextFlags);
    PUCHAR context;
    CONTEXT_EX *ex;

    if (!kind)
        return STATUS_INVALID_PARAMETER;
    if ((ContextFlags & CONTEXT_XSTATE_FLAG) && !RtlGetEnabledExtendedFeatures(~0ull))
        return STATUS_NOT_SUPPORTED;
    context = (PUCHAR)(((ULONG_PTR)Context + kind->Alignment) & ~(ULONG_PTR)kind->Alignment);
    /* ContextFlags is at 0x30 in an x64 context, first in an x86 one. */
    *(ULONG *)(context + (kind->Architecture == CONTEXT_AMD64 ? 0x30 : 0)) = ContextFlags;
    *ContextEx = ex = (CONTEXT_EX *)(context + kind->Size);
    ex->All.Offset = ex->Legacy.Offset = -(LONG)kind->Size;
    ex->Legacy.Length = ContextFlags & CONTEXT_LEGACY_FULL ? kind->Size : kind->LegacySize;
    if (ContextFlags & CONTEXT_XSTATE_FLAG) {
        XSTATE_HEADER *header = (XSTATE_HEADER *)(((ULONG_PTR)ex + kind->ExSize + 63) & ~(ULONG_PTR)63);
        CompactionMask &= RtlGetEnabledExtendedFeatures(~0ull);
        ex->XState.Offset = (LONG)((PUCHAR)header - (PUCHAR)ex);
        ex->XState.Length = RtlpXStateLength(CompactionMask);
        memset(header, 0, ex->XState.Length);
        if (RtlpXState()->ControlFlags & 2) /* compaction enabled */
            header->CompactionMask = 1ull << 63 | CompactionMask;
        ex->All.Length = kind->Size + ex->XState.Offset + ex->XState.Length;
    } else {
        /* What Windows leaves there without an XSAVE area. */
        ex->XState.Offset = 25;
        ex->XState.Length = 0;
        ex->All.Length = kind->Size + 24;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlInitializeExtendedContext(PVOID Context, ULONG ContextFlags, PCONTEXT_EX *ContextEx)
{
    return RtlInitializeExtendedContext2(Context, ContextFlags, ContextEx, ~0ull);
}

/* A feature's part of the XSAVE area; the legacy ones live in the CONTEXT itself, not here. */
PVOID NTAPI RtlLocateExtendedFeature(PCONTEXT_EX ContextEx, ULONG FeatureId, PULONG Length)
{
    ULONG offset, size;

    if (FeatureId < XSTATE_AVX || FeatureId >= 64 || !RtlGetEnabledExtendedFeatures(1ull << FeatureId))
        return NULL;
    offset = RtlpXState()->Features[FeatureId].Offset - XSTATE_LEGACY_AREA_SIZE;
    size = RtlpXState()->Features[FeatureId].Size;
    if (Length)
        *Length = size;
    if (ContextEx->XState.Length < offset + size)
        return NULL;
    return (PUCHAR)ContextEx + ContextEx->XState.Offset + offset;
}

PVOID NTAPI RtlLocateLegacyContext(PCONTEXT_EX ContextEx, PULONG Length)
{
    if (Length)
        *Length = ContextEx->Legacy.Length;
    return (PUCHAR)ContextEx + ContextEx->Legacy.Offset;
}

void NTAPI RtlSetExtendedFeaturesMask(PCONTEXT_EX ContextEx, ULONG64 FeatureMask)
{
    XSTATE_HEADER *header = (XSTATE_HEADER *)((PUCHAR)ContextEx + ContextEx->XState.Offset);
    header->Mask = RtlGetEnabledExtendedFeatures(FeatureMask) & ~XSTATE_MASK_LEGACY;
}

ULONG64 NTAPI RtlGetExtendedFeaturesMask(PCONTEXT_EX ContextEx)
{
    const XSTATE_HEADER *header = (const XSTATE_HEADER *)((PUCHAR)ContextEx + ContextEx->XState.Offset);
    return header->Mask & ~XSTATE_MASK_LEGACY;
}
