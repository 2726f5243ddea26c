/* Named objects the prefix's processes share: each a page of a file under the prefix's runtime/objects, named by
 * the hash of the object's full name. A process holds a shared lock on the file while it has the object; the last
 * to let go, taking the lock whole, removes the file, so that a new object of the name starts afresh. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "ex/exp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "ob/ob.h"

#define EXP_SHARED_MAGIC 0x314f424f53454c56ull /* "VELESOB1", written last by the file's maker */
#define EXP_SHARED_PAGE 4096
#define EXP_SHARED_NAME_MAX 1000 /* characters; a longer name keeps its object this process's */

typedef struct {
    volatile ULONG64 Magic;
    ULONG Type;              /* EXP_SHARED_* */
    ULONG Detail;            /* an event's KE_OBJECT_* kind */
    USHORT NameLength;       /* characters */
    WCHAR Name[EXP_SHARED_NAME_MAX];
    KE_SHARED_STATE State;
} EXP_SHARED_PAGE_LAYOUT;
_Static_assert(sizeof(EXP_SHARED_PAGE_LAYOUT) <= EXP_SHARED_PAGE, "a shared object fits its page");

static char *ExpSharedPath(const WCHAR *name, USHORT length)
{
    const char *prefix = HostPrefixPath();
    ULONG64 hash = 0xcbf29ce484222325ull; /* FNV-1a */
    char *path = HostAlloc(strlen(prefix) + 64);

    for (USHORT i = 0; i < length; i++) {
        hash = (hash ^ (name[i] & 0xff)) * 0x100000001b3ull;
        hash = (hash ^ (name[i] >> 8)) * 0x100000001b3ull;
    }
    sprintf(path, "%s/runtime", prefix);
    mkdir(path, 0700);
    sprintf(path, "%s/runtime/objects", prefix);
    mkdir(path, 0700);
    sprintf(path, "%s/runtime/objects/%016llx", prefix, (unsigned long long)hash);
    return path;
}

NTSTATUS ExpAttachShared(const WCHAR *name, USHORT length, ULONG type, ULONG *detail, BOOLEAN create,
                         EXP_SHARED *out, BOOLEAN *existed)
{
    EXP_SHARED_PAGE_LAYOUT *page = MAP_FAILED;
    struct stat st;
    NTSTATUS status = STATUS_SUCCESS;
    int fd = -1;

    memset(out, 0, sizeof(*out));
    out->Fd = -1;
    if (length > EXP_SHARED_NAME_MAX)
        return STATUS_NOT_SUPPORTED;
    out->Path = ExpSharedPath(name, length);
    /* A file removed between its open and its lock is another object's past: look again. */
    for (int tries = 0; tries < 16; tries++) {
        *existed = TRUE;
        fd = create ? open(out->Path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
        if (fd >= 0)
            *existed = FALSE;
        else if ((!create || errno == EEXIST) && (fd = open(out->Path, O_RDWR | O_CLOEXEC)) < 0 && errno == ENOENT &&
                 create)
            continue;
        if (fd < 0) {
            status = errno == ENOENT ? STATUS_OBJECT_NAME_NOT_FOUND : HostErrnoToStatus(errno);
            break;
        }
        if (flock(fd, LOCK_SH) || fstat(fd, &st)) {
            status = HostErrnoToStatus(errno);
            break;
        }
        if (st.st_nlink) {
            status = STATUS_SUCCESS;
            break;
        }
        close(fd);
        fd = -1;
        status = STATUS_OBJECT_NAME_NOT_FOUND;
    }
    if (!status && !*existed && ftruncate(fd, EXP_SHARED_PAGE))
        status = HostErrnoToStatus(errno);
    if (!status && (page = mmap(NULL, EXP_SHARED_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
        status = HostErrnoToStatus(errno);
    if (!status && !*existed) {
        page->Type = type;
        page->Detail = *detail;
        page->NameLength = length;
        memcpy(page->Name, name, length * sizeof(WCHAR));
        __atomic_store_n(&page->Magic, EXP_SHARED_MAGIC, __ATOMIC_RELEASE);
    } else if (!status) {
        /* Made by another process, which may be writing it still. */
        for (int i = 0; i < 1000 && __atomic_load_n(&page->Magic, __ATOMIC_ACQUIRE) != EXP_SHARED_MAGIC; i++)
            nanosleep(&(struct timespec){0, 1000000}, NULL);
        if (page->Magic != EXP_SHARED_MAGIC || page->NameLength != length ||
            memcmp(page->Name, name, length * sizeof(WCHAR)))
            status = STATUS_NOT_SUPPORTED; /* half made, or another name of the same hash */
        else if (page->Type != type)
            status = STATUS_OBJECT_TYPE_MISMATCH;
        else
            *detail = page->Detail;
    }
    if (status) {
        if (page != MAP_FAILED)
            munmap(page, EXP_SHARED_PAGE);
        if (fd >= 0)
            close(fd);
        free(out->Path);
        out->Path = NULL;
        return status;
    }
    out->Fd = fd;
    out->Page = page;
    out->State = &page->State;
    return STATUS_SUCCESS;
}

void ExpDetachShared(EXP_SHARED *shared)
{
    if (shared->Fd < 0)
        return;
    munmap(shared->Page, EXP_SHARED_PAGE);
    /* The last process to have it: nobody holds the lock beside this one. */
    if (!flock(shared->Fd, LOCK_EX | LOCK_NB))
        unlink(shared->Path);
    close(shared->Fd);
    free(shared->Path);
    shared->Fd = -1;
}

NTSTATUS ExpShareObject(DISPATCHER_HEADER *object, EXP_SHARED *shared, const WCHAR *name, USHORT length, ULONG type,
                        BOOLEAN create, BOOLEAN *existed)
{
    ULONG detail = object->Kind;
    NTSTATUS status = ExpAttachShared(name, length, type, &detail, create, shared, existed);

    if (!status) {
        object->Kind = (KE_OBJECT_KIND)detail;
        if ((status = KeShareObject(object, shared->State, !*existed)))
            ExpDetachShared(shared);
    }
    if (status && status != STATUS_OBJECT_NAME_NOT_FOUND && status != STATUS_OBJECT_TYPE_MISMATCH && KeTraceEnabled())
        HostMessage("a named object is not shared with other processes: %s", RtlNtStatusName(status));
    return status;
}

void ExpUnshareObject(DISPATCHER_HEADER *object, EXP_SHARED *shared)
{
    if (shared->Fd < 0)
        return;
    KeUnshareObject(object);
    ExpDetachShared(shared);
}

NTSTATUS ExpJoinShared(void *body, DISPATCHER_HEADER *object, EXP_SHARED *shared, const WCHAR *name, USHORT length,
                       ULONG type, void **out)
{
    BOOLEAN existed;
    NTSTATUS status = ExpShareObject(object, shared, name, length, type, FALSE, &existed);

    if (status) {
        ObDereferenceObject(body);
        return status == STATUS_OBJECT_TYPE_MISMATCH ? status : STATUS_OBJECT_NAME_NOT_FOUND;
    }
    *out = body;
    return STATUS_SUCCESS;
}
