/* Lock-free singly linked lists (SLIST_HEADER: depth, sequence and first entry in 16 bytes changed with one
 * cmpxchg16b) and encoded pointers. */
#include "rtl/rtlp.h"

/* Swap the 16-byte header if it still holds expected; the answer says whether it did. */
static BOOLEAN RtlpSwapHeader(PSLIST_HEADER header, SLIST_HEADER *expected, SLIST_HEADER desired)
{
    BOOLEAN swapped;
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(swapped), "+m"(*header), "+a"(expected->Alignment), "+d"(expected->Region)
                     : "b"(desired.Alignment), "c"(desired.Region)
                     : "memory");
    return swapped;
}

static SLIST_HEADER RtlpReadHeader(PSLIST_HEADER header)
{
    SLIST_HEADER value = {{0, 0}};
    /* A swap that fails reads the header atomically. */
    RtlpSwapHeader(header, &value, value);
    return value;
}

/* The first word: depth (16 bits) and sequence (48); the second: the first entry's address over 16. */
static PSLIST_ENTRY RtlpFirst(const SLIST_HEADER *h)
{
    return (PSLIST_ENTRY)((h->Region >> 4) << 4);
}

static SLIST_HEADER RtlpMake(PSLIST_ENTRY first, ULONG64 depth, ULONG64 sequence)
{
    SLIST_HEADER h;
    h.Alignment = (depth & 0xffff) | (sequence & 0xffffffffffffull) << 16;
    h.Region = (ULONG64)first | 1 /* HeaderType: the 16-byte form */;
    return h;
}

void NTAPI RtlInitializeSListHead(PSLIST_HEADER ListHead)
{
    ListHead->Alignment = 0;
    ListHead->Region = 1;
}

PSLIST_ENTRY NTAPI RtlFirstEntrySList(const SLIST_HEADER *ListHead)
{
    return RtlpFirst(ListHead);
}

USHORT NTAPI RtlQueryDepthSList(PSLIST_HEADER ListHead)
{
    return (USHORT)RtlpReadHeader(ListHead).Alignment;
}

PSLIST_ENTRY NTAPI RtlInterlockedPushListSListEx(PSLIST_HEADER ListHead, PSLIST_ENTRY List, PSLIST_ENTRY ListEnd,
                                                  ULONG Count)
{
    SLIST_HEADER old = RtlpReadHeader(ListHead);

    for (;;) {
        ListEnd->Next = RtlpFirst(&old);
        if (RtlpSwapHeader(ListHead, &old,
                           RtlpMake(List, (old.Alignment & 0xffff) + Count, (old.Alignment >> 16) + 1)))
            return RtlpFirst(&old);
    }
}

PSLIST_ENTRY NTAPI RtlInterlockedPushListSList(PSLIST_HEADER ListHead, PSLIST_ENTRY List, PSLIST_ENTRY ListEnd,
                                                ULONG Count)
{
    return RtlInterlockedPushListSListEx(ListHead, List, ListEnd, Count);
}

PSLIST_ENTRY NTAPI RtlInterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
    return RtlInterlockedPushListSListEx(ListHead, ListEntry, ListEntry, 1);
}

/* The sequence changes with every change, so that an entry popped and pushed back in between is noticed. */
PSLIST_ENTRY NTAPI RtlInterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
    SLIST_HEADER old = RtlpReadHeader(ListHead);

    for (;;) {
        PSLIST_ENTRY first = RtlpFirst(&old);
        if (!first)
            return NULL;
        if (RtlpSwapHeader(ListHead, &old,
                           RtlpMake(first->Next, (old.Alignment & 0xffff) - 1, (old.Alignment >> 16) + 1)))
            return first;
    }
}

PSLIST_ENTRY NTAPI RtlInterlockedFlushSList(PSLIST_HEADER ListHead)
{
    SLIST_HEADER old = RtlpReadHeader(ListHead);

    for (;;) {
        if (!RtlpFirst(&old))
            return NULL;
        if (RtlpSwapHeader(ListHead, &old, RtlpMake(NULL, 0, (old.Alignment >> 16) + 1)))
            return RtlpFirst(&old);
    }
}

/* Encoded pointers: xor with a cookie, then rotated by it; the process's cookie is made at start, the system's
 * is KUSER_SHARED_DATA's. */
static ULONG RtlpProcessCookie;

static ULONG64 RtlpEncode(ULONG64 value, ULONG cookie)
{
    ULONG shift = cookie & 0x3f;
    value ^= cookie;
    return shift ? value >> shift | value << (64 - shift) : value;
}

static ULONG64 RtlpDecode(ULONG64 value, ULONG cookie)
{
    ULONG shift = cookie & 0x3f;
    value = shift ? value << shift | value >> (64 - shift) : value;
    return value ^ cookie;
}

static ULONG RtlpCookie(void)
{
    ULONG cookie = __atomic_load_n(&RtlpProcessCookie, __ATOMIC_RELAXED);

    if (!cookie) {
        ULONG64 tsc = __builtin_ia32_rdtsc();
        cookie = (ULONG)(tsc ^ tsc >> 32 ^ (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess * 0x9e3779b9u) | 1;
        if (!__atomic_compare_exchange_n(&RtlpProcessCookie, &(ULONG){0}, cookie, FALSE, __ATOMIC_RELAXED,
                                         __ATOMIC_RELAXED))
            cookie = RtlpProcessCookie;
    }
    return cookie;
}

PVOID NTAPI RtlEncodePointer(PVOID Pointer)
{
    return (PVOID)RtlpEncode((ULONG64)Pointer, RtlpCookie());
}

PVOID NTAPI RtlDecodePointer(PVOID Pointer)
{
    return (PVOID)RtlpDecode((ULONG64)Pointer, RtlpCookie());
}

PVOID NTAPI RtlEncodeSystemPointer(PVOID Pointer)
{
    return (PVOID)RtlpEncode((ULONG64)Pointer, KiUserSharedData()->Cookie);
}

PVOID NTAPI RtlDecodeSystemPointer(PVOID Pointer)
{
    return (PVOID)RtlpDecode((ULONG64)Pointer, KiUserSharedData()->Cookie);
}
