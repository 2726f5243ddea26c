/* Extended contexts: the XSAVE configuration the system announces, the lengths and layout of a CONTEXT with
 * its CONTEXT_EX and XSAVE area, and the features found in it. */
#include "lib/nttest.h"

static void TestConfiguration(void)
{
    volatile KUSER_SHARED_DATA *k = KiUserSharedData();

    ok(RtlGetEnabledExtendedFeatures(~0ull) == XSTATE_MASK_LEGACY, "x87 and SSE are announced: %llx",
       (unsigned long long)RtlGetEnabledExtendedFeatures(~0ull));
    ok(RtlGetEnabledExtendedFeatures(1ull << XSTATE_AVX) == 0, "AVX is not: contexts do not carry it");
    ok(k->XState.Size == 576 && k->XState.Features[XSTATE_LEGACY_SSE].Offset == 160 &&
           k->XState.Features[XSTATE_LEGACY_SSE].Size == 256 && k->XState.AllFeatureSize == 576,
       "the legacy area and the header: %u", k->XState.Size);
}

static void TestLengths(void)
{
    ULONG length = 0;

    ok_status(RtlGetExtendedContextLength(CONTEXT_ALL, &length), STATUS_SUCCESS);
    ok(length == sizeof(CONTEXT) + sizeof(CONTEXT_EX) + 7, "an x64 context: %x", length);
    ok_status(RtlGetExtendedContextLength2(CONTEXT_XSTATE, &length, ~0ull), STATUS_SUCCESS);
    ok(length == sizeof(CONTEXT) + sizeof(CONTEXT_EX) + sizeof(XSTATE_HEADER) + 63, "with its XSAVE area: %x",
       length);
    ok_status(RtlGetExtendedContextLength(0x00010001, &length), STATUS_SUCCESS);
    ok(length == 0x2cc + 0x18 + 3, "an x86 context: %x", length);
    ok_status(RtlGetExtendedContextLength(CONTEXT_AMD64 | 0x80, &length), STATUS_INVALID_PARAMETER);
    ok_status(RtlGetExtendedContextLength(0, &length), STATUS_INVALID_PARAMETER);
    ok_status(RtlGetExtendedContextLength(0x00010001 | CONTEXT_AMD64, &length), STATUS_INVALID_PARAMETER);
}

static void TestLayout(void)
{
    static UCHAR buffer[0x700] __attribute__((aligned(64)));
    CONTEXT_EX *ex = NULL;
    CONTEXT *context = (CONTEXT *)(buffer + 16);
    XSTATE_HEADER *header;
    ULONG length = 0;

    ok_status(RtlInitializeExtendedContext(buffer + 3, CONTEXT_FULL, &ex), STATUS_SUCCESS);
    ok(context->ContextFlags == CONTEXT_FULL, "the context is aligned and flagged: %x", context->ContextFlags);
    ok((UCHAR *)ex == (UCHAR *)context + sizeof(CONTEXT), "the CONTEXT_EX follows it");
    ok(ex->All.Offset == -(LONG)sizeof(CONTEXT) && ex->Legacy.Offset == -(LONG)sizeof(CONTEXT) &&
           ex->Legacy.Length == sizeof(CONTEXT) && ex->All.Length == sizeof(CONTEXT) + 24,
       "chunks: %d %u %u", ex->All.Offset, ex->All.Length, ex->Legacy.Length);
    ok(ex->XState.Offset == 25 && ex->XState.Length == 0, "no XSAVE area: %d", ex->XState.Offset);
    ok(RtlLocateLegacyContext(ex, &length) == context && length == sizeof(CONTEXT), "the legacy context");

    memset(buffer, 0xcc, sizeof(buffer));
    ok_status(RtlInitializeExtendedContext2(buffer, CONTEXT_XSTATE, &ex, ~0ull), STATUS_SUCCESS);
    header = (XSTATE_HEADER *)((UCHAR *)ex + ex->XState.Offset);
    ok(!((ULONG_PTR)header & 63) && ex->XState.Offset >= (LONG)sizeof(CONTEXT_EX) &&
           ex->XState.Length == sizeof(XSTATE_HEADER),
       "an aligned XSAVE header: %d %u", ex->XState.Offset, ex->XState.Length);
    ok(header->Mask == 0 && header->CompactionMask == 0, "cleared");
    ok(ex->All.Length == sizeof(CONTEXT) + ex->XState.Offset + ex->XState.Length, "All covers it: %u",
       ex->All.Length);
    RtlSetExtendedFeaturesMask(ex, ~0ull);
    ok(header->Mask == 0 && RtlGetExtendedFeaturesMask(ex) == 0, "legacy features are never in the mask");
    header->Mask = 0x7;
    ok(RtlGetExtendedFeaturesMask(ex) == 0x4, "the mask read back without them");
    length = 99;
    ok(RtlLocateExtendedFeature(ex, XSTATE_AVX, &length) == NULL && length == 99, "no AVX area to find");
    ok(RtlLocateExtendedFeature(ex, XSTATE_LEGACY_SSE, NULL) == NULL, "SSE lives in the context");
    ok(RtlLocateExtendedFeature(ex, 64, NULL) == NULL, "no feature 64");
    ok_status(RtlInitializeExtendedContext(buffer, CONTEXT_AMD64 | 0x1000, &ex), STATUS_INVALID_PARAMETER);
}

void RunTests(void)
{
    TestConfiguration();
    TestLengths();
    TestLayout();
}
