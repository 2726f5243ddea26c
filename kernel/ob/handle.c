/* The process's handle table: values are multiples of 4 from 4, freed ones reused first, as on Windows. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ob/obp.h"

#define OBP_MAX_HANDLES (1u << 24) /* Windows' per-process limit */

typedef struct {
    void *Object;          /* NULL when free */
    ACCESS_MASK Access;
    ULONG Attributes;
    ULONG NextFree;        /* index + 1 of the next free entry, 0 for none */
} OBP_HANDLE_ENTRY;

static pthread_mutex_t ObpHandleLock = PTHREAD_MUTEX_INITIALIZER;
static OBP_HANDLE_ENTRY *ObpHandles;
static ULONG ObpHandleCapacity, ObpHandleUsed, ObpFreeHead, ObpHandleCount;

ACCESS_MASK ObMapGenericAccess(const OBJECT_TYPE *type, ACCESS_MASK access)
{
    if (access & GENERIC_READ) access |= type->Mapping.GenericRead;
    if (access & GENERIC_WRITE) access |= type->Mapping.GenericWrite;
    if (access & GENERIC_EXECUTE) access |= type->Mapping.GenericExecute;
    if (access & GENERIC_ALL) access |= type->Mapping.GenericAll;
    if (access & MAXIMUM_ALLOWED) access |= type->ValidAccess;
    return access & ~(ACCESS_MASK)(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
}

/* The entry a handle value names, or NULL for values never issued, closed, or not multiples of 4. */
static OBP_HANDLE_ENTRY *ObpLookup(HANDLE handle)
{
    ULONG_PTR value = (ULONG_PTR)handle;
    ULONG index;

    if (!value || value & 3 || value / 4 > ObpHandleUsed)
        return NULL;
    index = (ULONG)(value / 4 - 1);
    return ObpHandles[index].Object ? &ObpHandles[index] : NULL;
}

/* Room in the table for entries up to index; the lock is held. */
static void ObpGrowTable(ULONG index)
{
    ULONG cap = ObpHandleCapacity ? ObpHandleCapacity : 256;
    OBP_HANDLE_ENTRY *grown;

    if (index < ObpHandleCapacity)
        return;
    while (cap <= index)
        cap *= 2;
    grown = HostZalloc(cap * sizeof(*grown));
    if (ObpHandleUsed)
        memcpy(grown, ObpHandles, ObpHandleUsed * sizeof(*grown));
    free(ObpHandles);
    ObpHandles = grown;
    ObpHandleCapacity = cap;
}

/* A free entry of the table becomes a handle to body; the lock is held, and released. */
static void ObpFillEntry(ULONG index, void *body, ACCESS_MASK access, ULONG attributes)
{
    ObReferenceObject(body);
    ObpHandles[index] = (OBP_HANDLE_ENTRY){.Object = body,
                                           .Access = ObMapGenericAccess(ObGetObjectType(body), access),
                                           .Attributes = attributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE)};
    ObpHandleCount++;
    ObpAdjustHandleCount(body, 1);
    pthread_mutex_unlock(&ObpHandleLock);
}

NTSTATUS ObInsertHandle(void *body, ACCESS_MASK access, ULONG attributes, HANDLE *handle)
{
    ULONG index;

    pthread_mutex_lock(&ObpHandleLock);
    if (ObpFreeHead) {
        index = ObpFreeHead - 1;
        ObpFreeHead = ObpHandles[index].NextFree;
    } else {
        if (ObpHandleUsed == OBP_MAX_HANDLES) {
            pthread_mutex_unlock(&ObpHandleLock);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        ObpGrowTable(ObpHandleUsed);
        index = ObpHandleUsed++;
    }
    ObpFillEntry(index, body, access, attributes);
    *handle = (HANDLE)(ULONG_PTR)((index + 1) * 4);
    return STATUS_SUCCESS;
}

NTSTATUS ObInsertHandleAt(void *body, ACCESS_MASK access, ULONG attributes, HANDLE value)
{
    ULONG_PTR v = (ULONG_PTR)value;
    ULONG index = (ULONG)(v / 4 - 1);

    if (!v || v & 3 || v / 4 > OBP_MAX_HANDLES)
        return STATUS_INVALID_HANDLE;
    pthread_mutex_lock(&ObpHandleLock);
    if (index < ObpHandleUsed && ObpHandles[index].Object) {
        pthread_mutex_unlock(&ObpHandleLock);
        return STATUS_INVALID_HANDLE;
    }
    ObpGrowTable(index);
    if (index >= ObpHandleUsed) {
        /* The values skipped to reach it are free for the next handles, lowest first. */
        for (ULONG skipped = index; skipped-- > ObpHandleUsed;) {
            ObpHandles[skipped].Object = NULL;
            ObpHandles[skipped].NextFree = ObpFreeHead;
            ObpFreeHead = skipped + 1;
        }
        ObpHandleUsed = index + 1;
    } else {
        /* A value on the free list is taken off it. */
        for (ULONG *p = &ObpFreeHead; *p; p = &ObpHandles[*p - 1].NextFree) {
            if (*p == index + 1) {
                *p = ObpHandles[index].NextFree;
                break;
            }
        }
    }
    ObpFillEntry(index, body, access, attributes);
    return STATUS_SUCCESS;
}

static void *ObpCurrentProcess;

void ObSetCurrentProcessObject(void *process)
{
    ObpCurrentProcess = process;
}

NTSTATUS ObReferenceObjectByHandle(HANDLE handle, ACCESS_MASK desired, const OBJECT_TYPE *type, void **body)
{
    OBP_HANDLE_ENTRY *entry;
    NTSTATUS status = STATUS_SUCCESS;

    /* The pseudo-handles grant every right to the caller's own process and thread. */
    if (handle == NtCurrentProcess() || handle == NtCurrentThread()) {
        void *object = handle == NtCurrentProcess() ? ObpCurrentProcess : (void *)KeGetCurrentThread();
        if (!object)
            return STATUS_INVALID_HANDLE;
        if (type && ObGetObjectType(object) != type)
            return STATUS_OBJECT_TYPE_MISMATCH;
        ObReferenceObject(object);
        *body = object;
        return STATUS_SUCCESS;
    }
    pthread_mutex_lock(&ObpHandleLock);
    entry = ObpLookup(handle);
    if (!entry)
        status = STATUS_INVALID_HANDLE;
    else if (type && ObGetObjectType(entry->Object) != type)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    else if ((entry->Access & ObMapGenericAccess(ObGetObjectType(entry->Object), desired)) !=
             ObMapGenericAccess(ObGetObjectType(entry->Object), desired))
        status = STATUS_ACCESS_DENIED;
    else {
        *body = entry->Object;
        ObReferenceObject(entry->Object);
    }
    pthread_mutex_unlock(&ObpHandleLock);
    return status;
}

NTSTATUS ObReferenceObjectByHandleWithAccess(HANDLE handle, const OBJECT_TYPE *type, void **body,
                                             ACCESS_MASK *granted)
{
    ULONG attributes;
    NTSTATUS status = ObReferenceHandle(handle, body, granted, &attributes);

    if (!status && type && ObGetObjectType(*body) != type) {
        ObDereferenceObject(*body);
        status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    return status;
}

ULONG ObSnapshotHandles(OB_HANDLE_SNAPSHOT *out, ULONG max)
{
    ULONG n = 0;

    pthread_mutex_lock(&ObpHandleLock);
    for (ULONG i = 0; i < ObpHandleUsed; i++) {
        if (!ObpHandles[i].Object)
            continue;
        if (n < max) {
            out[n].Value = (HANDLE)(ULONG_PTR)((i + 1) * 4);
            out[n].Object = ObpHandles[i].Object;
            out[n].Access = ObpHandles[i].Access;
            out[n].Attributes = ObpHandles[i].Attributes;
            ObReferenceObject(out[n].Object);
        }
        n++;
    }
    pthread_mutex_unlock(&ObpHandleLock);
    return n;
}

ULONG ObHandleCount(void)
{
    return ObpHandleCount;
}

NTSTATUS NTAPI NtClose(HANDLE Handle)
{
    OBP_HANDLE_ENTRY *entry;
    void *object;

    pthread_mutex_lock(&ObpHandleLock);
    entry = ObpLookup(Handle);
    if (!entry || entry->Attributes & OBJ_PROTECT_CLOSE) {
        pthread_mutex_unlock(&ObpHandleLock);
        return entry ? STATUS_HANDLE_NOT_CLOSABLE : STATUS_INVALID_HANDLE;
    }
    object = entry->Object;
    if (ObGetObjectType(object)->OkayToClose && !ObGetObjectType(object)->OkayToClose(object, Handle)) {
        pthread_mutex_unlock(&ObpHandleLock);
        return STATUS_INVALID_HANDLE;
    }
    entry->Object = NULL;
    entry->NextFree = ObpFreeHead;
    ObpFreeHead = (ULONG)(entry - ObpHandles) + 1;
    ObpHandleCount--;
    pthread_mutex_unlock(&ObpHandleLock);
    if (!ObpAdjustHandleCount(object, -1))
        ObpHandlesGone(object);
    ObDereferenceObject(object);
    return STATUS_SUCCESS;
}

NTSTATUS ObReferenceHandle(HANDLE handle, void **body, ACCESS_MASK *access, ULONG *attributes)
{
    OBP_HANDLE_ENTRY *entry;
    NTSTATUS status;

    if (handle == NtCurrentProcess() || handle == NtCurrentThread()) {
        if ((status = ObReferenceObjectByHandle(handle, 0, NULL, body)))
            return status;
        *access = ObGetObjectType(*body)->ValidAccess;
        *attributes = 0;
        return STATUS_SUCCESS;
    }
    pthread_mutex_lock(&ObpHandleLock);
    entry = ObpLookup(handle);
    if (entry) {
        *body = entry->Object;
        *access = entry->Access;
        *attributes = entry->Attributes;
        ObReferenceObject(entry->Object);
    }
    pthread_mutex_unlock(&ObpHandleLock);
    return entry ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

NTSTATUS ObSetHandleAttributes(HANDLE handle, ULONG attributes)
{
    OBP_HANDLE_ENTRY *entry;

    pthread_mutex_lock(&ObpHandleLock);
    entry = ObpLookup(handle);
    if (entry)
        entry->Attributes = attributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    pthread_mutex_unlock(&ObpHandleLock);
    return entry ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}
