/* Object bodies with their header: type and reference count. */
#include <pthread.h>
#include <stdlib.h>
#include "host/host.h"
#include "ob/obp.h"

/* Bodies hold CONTEXTs and other 16-byte aligned data: the header keeps the alignment malloc gives. */
_Static_assert(sizeof(OBJECT_HEADER) % 16 == 0, "object bodies must stay 16-byte aligned");

/* The type of the types themselves, first of all as on Windows. */
static const OBJECT_TYPE ObpTypeType = {
    .Name = "Type",
    .Mapping = {STANDARD_RIGHTS_READ, STANDARD_RIGHTS_WRITE, STANDARD_RIGHTS_EXECUTE, OBJECT_TYPE_ALL_ACCESS},
    .ValidAccess = OBJECT_TYPE_ALL_ACCESS | SYNCHRONIZE,
};

/* The types objects have been made of, in the order they first were: their index (from 2, as Windows numbers
 * them) is what the handle information tells. Written under the lock, read without it: a count only grows. */
#define OBP_MAX_TYPES 64
static const OBJECT_TYPE *ObpTypes[OBP_MAX_TYPES] = {&ObpTypeType};
static volatile ULONG ObpTypeCount = 1;
static pthread_mutex_t ObpTypeLock = PTHREAD_MUTEX_INITIALIZER;

static void ObpRegisterType(const OBJECT_TYPE *type)
{
    ULONG n = __atomic_load_n(&ObpTypeCount, __ATOMIC_ACQUIRE);

    for (ULONG i = 0; i < n; i++)
        if (ObpTypes[i] == type)
            return;
    pthread_mutex_lock(&ObpTypeLock);
    n = ObpTypeCount;
    for (ULONG i = 0; i < n; i++)
        if (ObpTypes[i] == type) {
            pthread_mutex_unlock(&ObpTypeLock);
            return;
        }
    if (n < OBP_MAX_TYPES) {
        ObpTypes[n] = type;
        __atomic_store_n(&ObpTypeCount, n + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&ObpTypeLock);
}

ULONG ObpTypeIndex(const OBJECT_TYPE *type)
{
    ULONG n = __atomic_load_n(&ObpTypeCount, __ATOMIC_ACQUIRE);

    for (ULONG i = 0; i < n; i++)
        if (ObpTypes[i] == type)
            return i + 2;
    return 0;
}

const OBJECT_TYPE *ObpTypeAt(ULONG i)
{
    return i < __atomic_load_n(&ObpTypeCount, __ATOMIC_ACQUIRE) ? ObpTypes[i] : NULL;
}

OBJECT_HEADER *ObpHeader(const void *body)
{
    return (OBJECT_HEADER *)body - 1;
}

void *ObCreateObject(const OBJECT_TYPE *type, size_t size)
{
    OBJECT_HEADER *header = HostZalloc(sizeof(*header) + size);
    ObpRegisterType(type);
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
    free(header->Security);
    free(header);
}

NTSTATUS ObGetSecuritySlot(void *body, void ***slot)
{
    OBJECT_HEADER *header = ObpHeader(body);

    if (header->Type->Security)
        return header->Type->Security(body, slot);
    *slot = &header->Security;
    return STATUS_SUCCESS;
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
