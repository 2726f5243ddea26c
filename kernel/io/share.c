/* What every open of one file shares (its control block): share access, a pending deletion, byte-range locks.
 * Control blocks are found by device and inode in a table of the process; the rules are Windows' and the
 * table is the one place that would move to shared memory for them to hold between processes. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"

#define IOP_FCB_BUCKETS 256

struct IOP_LOCK {
    struct IOP_LOCK *Next;
    const IOP_FILE *Owner;
    ULONGLONG Offset, Length;
    ULONG Key;
    bool Exclusive;
};

static pthread_mutex_t IopFcbLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t IopUnlocked = PTHREAD_COND_INITIALIZER;
static IOP_FCB *IopFcbTable[IOP_FCB_BUCKETS];

static IOP_FCB **IoppBucket(dev_t device, ino_t inode)
{
    return &IopFcbTable[(inode ^ device * 31) % IOP_FCB_BUCKETS];
}

/* The access that counts for sharing: reading, writing, deleting. */
static void IopShareKinds(ACCESS_MASK access, bool *read, bool *write, bool *del)
{
    *read = access & (FILE_READ_DATA | FILE_EXECUTE);
    *write = access & (FILE_WRITE_DATA | FILE_APPEND_DATA);
    *del = access & DELETE;
}

NTSTATUS IopOpenFcb(IOP_FILE *file, const struct stat *st, ACCESS_MASK access, ULONG share)
{
    IOP_FCB **bucket = IoppBucket(st->st_dev, st->st_ino), *fcb;
    bool read, write, del;
    NTSTATUS status = STATUS_SUCCESS;

    IopShareKinds(access, &read, &write, &del);
    pthread_mutex_lock(&IopFcbLock);
    for (fcb = *bucket; fcb && (fcb->Device != st->st_dev || fcb->Inode != st->st_ino); fcb = fcb->Next)
        ;
    if (!fcb) {
        fcb = HostZalloc(sizeof(*fcb));
        fcb->Device = st->st_dev;
        fcb->Inode = st->st_ino;
        fcb->Next = *bucket;
        *bucket = fcb;
    }
    if (fcb->DeletePending)
        status = STATUS_DELETE_PENDING;
    else if ((read || write || del) &&
             ((read && fcb->SharedRead < fcb->SharingOpens) || (write && fcb->SharedWrite < fcb->SharingOpens) ||
              (del && fcb->SharedDelete < fcb->SharingOpens) || (fcb->Readers && !(share & FILE_SHARE_READ)) ||
              (fcb->Writers && !(share & FILE_SHARE_WRITE)) || (fcb->Deleters && !(share & FILE_SHARE_DELETE))))
        status = STATUS_SHARING_VIOLATION;
    if (!status) {
        fcb->Opens++;
        if (read || write || del) {
            file->CountsForSharing = true;
            fcb->SharingOpens++;
            fcb->Readers += read;
            fcb->Writers += write;
            fcb->Deleters += del;
            fcb->SharedRead += !!(share & FILE_SHARE_READ);
            fcb->SharedWrite += !!(share & FILE_SHARE_WRITE);
            fcb->SharedDelete += !!(share & FILE_SHARE_DELETE);
        }
        file->Fcb = fcb;
        file->ShareAccess = share;
    } else if (!fcb->Opens) {
        *bucket = fcb->Next;
        free(fcb);
    }
    pthread_mutex_unlock(&IopFcbLock);
    return status;
}

/* Under IopFcbLock: a deletion is asked (or taken back) through an open; one through a symbolic link deletes the link. */
static void IoppMarkDeletion(IOP_FCB *fcb, const IOP_FILE *file, bool pending)
{
    fcb->DeletePending = pending;
    free(fcb->DeleteLink);
    fcb->DeleteLink = pending && file->LinkPath ? HostStrdup(file->LinkPath) : NULL;
}

char *IopCloseFcb(IOP_FILE *file)
{
    IOP_FCB *fcb = file->Fcb, **link;
    bool read, write, del;
    char *delete_path = NULL;
    struct stat st;

    if (!fcb)
        return NULL;
    IopShareKinds(file->GrantedAccess, &read, &write, &del);
    pthread_mutex_lock(&IopFcbLock);
    if (file->CountsForSharing) {
        fcb->SharingOpens--;
        fcb->Readers -= read;
        fcb->Writers -= write;
        fcb->Deleters -= del;
        fcb->SharedRead -= !!(file->ShareAccess & FILE_SHARE_READ);
        fcb->SharedWrite -= !!(file->ShareAccess & FILE_SHARE_WRITE);
        fcb->SharedDelete -= !!(file->ShareAccess & FILE_SHARE_DELETE);
    }
    if (file->DeleteOnClose)
        IoppMarkDeletion(fcb, file, true);
    /* The locks of this open go with it. */
    for (struct IOP_LOCK **l = &fcb->Locks; *l;) {
        struct IOP_LOCK *lock = *l;
        if (lock->Owner == file) {
            *l = lock->Next;
            free(lock);
        } else {
            l = &lock->Next;
        }
    }
    pthread_cond_broadcast(&IopUnlocked);
    if (!--fcb->Opens) {
        /* The file is deleted wherever it is now, unless it is gone already. */
        if (fcb->DeleteLink)
            delete_path = fcb->DeleteLink;
        else if (fcb->DeletePending && !fstat(file->Fd, &st) && st.st_nlink)
            delete_path = IopDescriptorPath(file->Fd);
        for (link = IoppBucket(fcb->Device, fcb->Inode); *link != fcb; link = &(*link)->Next)
            ;
        *link = fcb->Next;
        free(fcb);
    }
    file->Fcb = NULL;
    pthread_mutex_unlock(&IopFcbLock);
    return delete_path;
}

NTSTATUS IopSetDeletePending(IOP_FILE *file, bool pending)
{
    if (!file->Fcb)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&IopFcbLock);
    IoppMarkDeletion(file->Fcb, file, pending);
    pthread_mutex_unlock(&IopFcbLock);
    return STATUS_SUCCESS;
}

bool IopDeletePending(const IOP_FILE *file)
{
    bool pending;

    if (!file->Fcb)
        return false;
    pthread_mutex_lock(&IopFcbLock);
    pending = file->Fcb->DeletePending;
    pthread_mutex_unlock(&IopFcbLock);
    return pending;
}

bool IopIsOpen(dev_t device, ino_t inode, const char *path, bool *delete_pending)
{
    IOP_FCB *fcb;

    pthread_mutex_lock(&IopFcbLock);
    for (fcb = *IoppBucket(device, inode); fcb && (fcb->Device != device || fcb->Inode != inode); fcb = fcb->Next)
        ;
    /* A symbolic link to be deleted is pending for its own name only, not the file it leads to. */
    if (delete_pending)
        *delete_pending = fcb && fcb->DeletePending && (!fcb->DeleteLink || (path && !strcmp(fcb->DeleteLink, path)));
    pthread_mutex_unlock(&IopFcbLock);
    return fcb != NULL;
}

bool IopIsOpenBelow(const char *directory)
{
    size_t length = strlen(directory);
    DIR *fds = opendir("/proc/self/fd");
    struct dirent *entry;
    bool open = false;

    /* The process's descriptors name every open; those of Windows opens are known by their control block. */
    while (fds && !open && (entry = readdir(fds))) {
        char link[300], path[4096];
        struct stat st;
        ssize_t n;
        snprintf(link, sizeof(link), "/proc/self/fd/%s", entry->d_name);
        if ((n = readlink(link, path, sizeof(path) - 1)) <= (ssize_t)length)
            continue;
        path[n] = 0;
        if (!strncmp(path, directory, length) && path[length] == '/' && !stat(link, &st))
            open = IopIsOpen(st.st_dev, st.st_ino, NULL, NULL);
    }
    if (fds)
        closedir(fds);
    return open;
}

static bool IopOverlaps(const struct IOP_LOCK *lock, ULONGLONG offset, ULONGLONG length)
{
    return lock->Length && length && offset < lock->Offset + lock->Length && lock->Offset < offset + length;
}

/* Whether a lock may be taken: an exclusive one overlaps no lock, a shared one no exclusive lock. Locks of
 * no length never conflict. */
static bool IopLockConflicts(const IOP_FCB *fcb, ULONGLONG offset, ULONGLONG length, bool exclusive)
{
    for (const struct IOP_LOCK *lock = fcb->Locks; lock; lock = lock->Next)
        if (IopOverlaps(lock, offset, length) && (exclusive || lock->Exclusive))
            return true;
    return false;
}

NTSTATUS IopLock(IOP_FILE *file, ULONGLONG offset, ULONGLONG length, ULONG key, bool exclusive, bool wait)
{
    IOP_FCB *fcb = file->Fcb;
    struct IOP_LOCK *lock;

    if (!fcb)
        return STATUS_INVALID_DEVICE_REQUEST;
    pthread_mutex_lock(&IopFcbLock);
    while (IopLockConflicts(fcb, offset, length, exclusive)) {
        if (!wait) {
            pthread_mutex_unlock(&IopFcbLock);
            return STATUS_LOCK_NOT_GRANTED;
        }
        pthread_cond_wait(&IopUnlocked, &IopFcbLock);
    }
    lock = HostAlloc(sizeof(*lock));
    *lock = (struct IOP_LOCK){.Next = fcb->Locks, .Owner = file, .Offset = offset, .Length = length, .Key = key,
                              .Exclusive = exclusive};
    fcb->Locks = lock;
    pthread_mutex_unlock(&IopFcbLock);
    return STATUS_SUCCESS;
}

NTSTATUS IopUnlock(IOP_FILE *file, ULONGLONG offset, ULONGLONG length, ULONG key)
{
    IOP_FCB *fcb = file->Fcb;
    NTSTATUS status = STATUS_RANGE_NOT_LOCKED;

    if (!fcb)
        return STATUS_INVALID_DEVICE_REQUEST;
    pthread_mutex_lock(&IopFcbLock);
    for (struct IOP_LOCK **l = &fcb->Locks; *l; l = &(*l)->Next) {
        struct IOP_LOCK *lock = *l;
        if (lock->Owner == file && lock->Offset == offset && lock->Length == length && lock->Key == key) {
            *l = lock->Next;
            free(lock);
            status = STATUS_SUCCESS;
            pthread_cond_broadcast(&IopUnlocked);
            break;
        }
    }
    pthread_mutex_unlock(&IopFcbLock);
    return status;
}

NTSTATUS IopCheckLocks(const IOP_FILE *file, ULONGLONG offset, ULONGLONG length, bool writing)
{
    const IOP_FCB *fcb = file->Fcb;
    NTSTATUS status = STATUS_SUCCESS;

    /* Most files have no locks: a glance without the lock, which the owner of a new lock cannot race with
     * its own transfers. */
    if (!fcb || !__atomic_load_n(&fcb->Locks, __ATOMIC_ACQUIRE))
        return STATUS_SUCCESS;
    pthread_mutex_lock(&IopFcbLock);
    for (const struct IOP_LOCK *lock = fcb->Locks; lock && !status; lock = lock->Next) {
        if (!IopOverlaps(lock, offset, length))
            continue;
        /* A shared lock stops every writer, its owner too; an exclusive one everybody but its owner. */
        if (lock->Exclusive ? lock->Owner != file : writing)
            status = STATUS_FILE_LOCK_CONFLICT;
    }
    pthread_mutex_unlock(&IopFcbLock);
    return status;
}

/* The range a lock service names: offset and length from the caller, a range that wraps refused. */
static NTSTATUS IopCaptureRange(PLARGE_INTEGER user_offset, PLARGE_INTEGER user_length, ULONGLONG *offset,
                                ULONGLONG *length)
{
    LARGE_INTEGER o, l;

    if (KeReadUser(&o, user_offset) || KeReadUser(&l, user_length))
        return STATUS_ACCESS_VIOLATION;
    *offset = (ULONGLONG)o.QuadPart;
    *length = (ULONGLONG)l.QuadPart;
    return *length && *offset + *length - 1 < *offset ? STATUS_INVALID_LOCK_RANGE : STATUS_SUCCESS;
}

/* A lock waits for conflicting ones to go unless FailImmediately; it is granted when the service returns. */
NTSTATUS NTAPI NtLockFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER ByteOffset, PLARGE_INTEGER Length, ULONG Key,
                          BOOLEAN FailImmediately, BOOLEAN ExclusiveLock)
{
    IOP_REQUEST request;
    ULONGLONG offset, length;
    NTSTATUS status = IopBeginRequest(FileHandle, 0, Event, ApcRoutine, ApcContext, IoStatusBlock, &request);

    IopCountOtherOperation();
    if (status)
        return status;
    if (!(request.Access & (FILE_READ_DATA | FILE_WRITE_DATA)))
        return IopFailRequest(&request, STATUS_ACCESS_DENIED);
    if ((status = IopCaptureRange(ByteOffset, Length, &offset, &length)) ||
        (status = IopLock(request.File, offset, length, Key, ExclusiveLock, !FailImmediately)))
        return IopFailRequest(&request, status);
    return IopCompleteRequest(&request, STATUS_SUCCESS, 0);
}

NTSTATUS NTAPI NtUnlockFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER ByteOffset,
                            PLARGE_INTEGER Length, ULONG Key)
{
    IOP_REQUEST request;
    ULONGLONG offset, length;
    NTSTATUS status = IopBeginRequest(FileHandle, 0, NULL, NULL, NULL, IoStatusBlock, &request);

    IopCountOtherOperation();
    if (status)
        return status;
    if (!(request.Access & (FILE_READ_DATA | FILE_WRITE_DATA)))
        return IopFailRequest(&request, STATUS_ACCESS_DENIED);
    if ((status = IopCaptureRange(ByteOffset, Length, &offset, &length)) ||
        (status = IopUnlock(request.File, offset, length, Key)))
        return IopFailRequest(&request, status);
    return IopCompleteRequest(&request, STATUS_SUCCESS, 0);
}
