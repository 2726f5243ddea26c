/* Object bodies with their header: type and reference count. */
#include <stdlib.h>
#include "host/host.h"
#include "ob/obp.h"

/* Bodies hold CONTEXTs and other 16-byte aligned data: the header keeps the alignment malloc gives. */
_Static_assert(sizeof(OBJECT_HEADER) % 16 == 0, "object bodies must stay 16-byte aligned");

OBJECT_HEADER *ObpHeader(const void *body)
{
    return (OBJECT_HEADER *)body - 1;
}

void *ObCreateObject(const OBJECT_TYPE *type, size_t size)
{
    OBJECT_HEADER *header = HostZalloc(sizeof(*header) + size);
    header->Type = type;
    header->PointerCount = 1;
    return header + 1;
}

void ObReferenceObject(void *body)
{
    __atomic_add_fetch(&ObpHeader(body)->PointerCount, 1, __ATOMIC_RELAXED);
}

BOOLEAN ObReferenceObjectSafe(void *body)
{
    LONG count = __atomic_load_n(&ObpHeader(body)->PointerCount, __ATOMIC_RELAXED);

    do
        if (!count)
            return FALSE;
    while (!__atomic_compare_exchange_n(&ObpHeader(body)->PointerCount, &count, count + 1, TRUE, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED));
    return TRUE;
}

void ObDereferenceObject(void *body)
{
    OBJECT_HEADER *header = ObpHeader(body);

    if (__atomic_sub_fetch(&header->PointerCount, 1, __ATOMIC_ACQ_REL))
        return;
    if (header->Type->Delete)
        header->Type->Delete(body);
    free(header->Name);
    free(header);
}

const OBJECT_TYPE *ObGetObjectType(const void *body)
{
    return ObpHeader(body)->Type;
}

LONG ObpAdjustHandleCount(void *body, LONG delta)
{
    return __atomic_add_fetch(&ObpHeader(body)->HandleCount, delta, __ATOMIC_ACQ_REL);
}

void ObpQueryCounts(const void *body, ULONG *handles, ULONG *pointers)
{
    *handles = (ULONG)__atomic_load_n(&ObpHeader(body)->HandleCount, __ATOMIC_RELAXED);
    *pointers = (ULONG)__atomic_load_n(&ObpHeader(body)->PointerCount, __ATOMIC_RELAXED);
}
