/* Directory change notifications (NtNotifyChangeDirectoryFile(Ex)) on inotify. A directory's first request
 * starts the watch, which its filter and scope then keep; changes are kept as Windows' records until a request
 * takes them. A file for synchronous I/O waits in its request; otherwise the request pends and a watcher thread
 * of the directory completes it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/unicode.h"

/* How much is kept between requests, and how many directories a tree's watch takes, before Windows' answer to
 * too much is given: STATUS_NOTIFY_ENUM_DIR, look for yourself. */
#define IOP_NOTIFY_KEPT (64 * 1024)
#define IOP_NOTIFY_DIRECTORIES 4096

typedef struct {
    int Descriptor;
    char *Path;         /* from the watched directory, "" for itself */
} IOP_WATCH;

struct IOP_NOTIFY {
    int Inotify, Wake;  /* the watch, and the eventfd that stops the watcher */
    ULONG Filter;
    bool Tree;
    IOP_WATCH *Watches;
    ULONG WatchCount, WatchCapacity;
    BYTE Kept[IOP_NOTIFY_KEPT]; /* FILE_NOTIFY_INFORMATION records, the last one's NextEntryOffset 0 */
    ULONG KeptLength, LastRecord;
    bool Overflow;
    IOP_QUEUE Waits;
    pthread_t Watcher;
    bool WatcherStarted;
    int WatchedRoot;                  /* the watcher's descriptor of the directory */
    struct IOP_NOTIFY *NextWatched;   /* in IopWatched while its watcher runs */
};

static pthread_mutex_t IopNotifyLock = PTHREAD_MUTEX_INITIALIZER;
static struct IOP_NOTIFY *IopWatched;

static uint32_t IopInotifyMask(ULONG filter)
{
    uint32_t mask = 0;

    if (filter & (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME))
        mask |= IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    if (filter & (FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SECURITY))
        mask |= IN_ATTRIB;
    if (filter & (FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE))
        mask |= IN_MODIFY;
    /* FILE_NOTIFY_CHANGE_LAST_ACCESS: Windows 10 keeps no last-access times (NtfsDisableLastAccessUpdate), so
     * nothing is reported, least of all the listing of a directory Linux counts as an access. */
    if (filter & FILE_NOTIFY_CHANGE_CREATION)
        mask |= IN_CREATE;
    return mask | IN_DELETE_SELF; /* a watch needs one event; this one names no entry and is passed over */
}

/* Watch a directory (path from the watched one) and, for a tree, the directories under it. */
static void IopAddWatch(struct IOP_NOTIFY *notify, int root_fd, const char *path)
{
    char where[4200];
    int wd;

    if (notify->WatchCount >= IOP_NOTIFY_DIRECTORIES) {
        notify->Overflow = true;
        return;
    }
    snprintf(where, sizeof(where), "/proc/self/fd/%d%s%s", root_fd, *path ? "/" : "", path);
    wd = inotify_add_watch(notify->Inotify, where, IopInotifyMask(notify->Filter) | IN_ONLYDIR | IN_EXCL_UNLINK |
                                                       (notify->Tree ? IN_CREATE | IN_MOVED_TO : 0));
    if (wd < 0)
        return;
    if (notify->WatchCount == notify->WatchCapacity) {
        notify->WatchCapacity = notify->WatchCapacity ? notify->WatchCapacity * 2 : 8;
        IOP_WATCH *grown = HostZalloc(notify->WatchCapacity * sizeof(*grown));
        memcpy(grown, notify->Watches, notify->WatchCount * sizeof(*grown));
        free(notify->Watches);
        notify->Watches = grown;
    }
    notify->Watches[notify->WatchCount].Descriptor = wd;
    notify->Watches[notify->WatchCount++].Path = HostStrdup(path);
    if (!notify->Tree)
        return;
    DIR *dir = opendir(where);
    struct dirent *entry;
    while (dir && (entry = readdir(dir))) {
        char sub[4096];
        if (entry->d_type != DT_DIR || !strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "/" : "", entry->d_name);
        IopAddWatch(notify, root_fd, sub);
    }
    if (dir)
        closedir(dir);
}

static const char *IopWatchPath(const struct IOP_NOTIFY *notify, int wd)
{
    for (ULONG i = 0; i < notify->WatchCount; i++)
        if (notify->Watches[i].Descriptor == wd)
            return notify->Watches[i].Path;
    return NULL;
}

/* Keep one record: the name from the watched directory, in UTF-16 with backslashes. */
static void IopKeepRecord(struct IOP_NOTIFY *notify, ULONG action, const char *dir, const char *name)
{
    char path[4096];
    WCHAR wide[4096];
    ULONG header = offsetof(FILE_NOTIFY_INFORMATION, FileName), size;
    SIZE_T units;

    snprintf(path, sizeof(path), "%s%s%s", dir, *dir ? "/" : "", name);
    units = RtlpUtf8ToUtf16(path, strlen(path), wide, sizeof(wide) / sizeof(WCHAR));
    for (SIZE_T i = 0; i < units; i++)
        if (wide[i] == '/')
            wide[i] = '\\';
    size = (header + (ULONG)units * sizeof(WCHAR) + 3) & ~3u;
    if (notify->Overflow || notify->KeptLength + size > sizeof(notify->Kept)) {
        notify->Overflow = true;
        return;
    }
    FILE_NOTIFY_INFORMATION *record = (FILE_NOTIFY_INFORMATION *)(notify->Kept + notify->KeptLength);
    memset(record, 0, size);
    record->Action = action;
    record->FileNameLength = (ULONG)units * sizeof(WCHAR);
    memcpy(record->FileName, wide, units * sizeof(WCHAR));
    if (notify->KeptLength)
        ((FILE_NOTIFY_INFORMATION *)(notify->Kept + notify->LastRecord))->NextEntryOffset =
            notify->KeptLength - notify->LastRecord;
    notify->LastRecord = notify->KeptLength;
    notify->KeptLength += size;
}

/* Turn what inotify has into records, as the filter asks for them; the notify lock is held. */
static void IopDrainEvents(struct IOP_NOTIFY *notify, int root_fd)
{
    _Alignas(struct inotify_event) char events[16384];
    uint32_t moved_cookie = 0;
    ssize_t n;

    while ((n = read(notify->Inotify, events, sizeof(events))) > 0) {
        for (char *p = events; p < events + n;) {
            struct inotify_event *event = (struct inotify_event *)p;
            const char *dir = IopWatchPath(notify, event->wd);
            bool is_dir = event->mask & IN_ISDIR;
            ULONG names = is_dir ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME;
            p += sizeof(*event) + event->len;
            if (event->mask & IN_Q_OVERFLOW) {
                notify->Overflow = true;
                continue;
            }
            if (!dir || !event->len)
                continue;
            if (event->mask & (IN_CREATE | IN_MOVED_TO) && is_dir && notify->Tree) {
                char sub[4096];
                snprintf(sub, sizeof(sub), "%s%s%s", dir, *dir ? "/" : "", event->name);
                IopAddWatch(notify, root_fd, sub);
            }
            if (event->mask & IN_CREATE && notify->Filter & (names | FILE_NOTIFY_CHANGE_CREATION))
                IopKeepRecord(notify, FILE_ACTION_ADDED, dir, event->name);
            else if (event->mask & IN_DELETE && notify->Filter & names)
                IopKeepRecord(notify, FILE_ACTION_REMOVED, dir, event->name);
            else if (event->mask & IN_MOVED_FROM && notify->Filter & names) {
                IopKeepRecord(notify, FILE_ACTION_RENAMED_OLD_NAME, dir, event->name);
                moved_cookie = event->cookie;
            } else if (event->mask & IN_MOVED_TO && notify->Filter & names) {
                /* Moved in from elsewhere, it was added; renamed here, it has its new name. */
                IopKeepRecord(notify, moved_cookie && event->cookie == moved_cookie ? FILE_ACTION_RENAMED_NEW_NAME
                                                                                    : FILE_ACTION_ADDED,
                              dir, event->name);
                moved_cookie = 0;
            } else if (event->mask & (IN_MODIFY | IN_ATTRIB))
                IopKeepRecord(notify, FILE_ACTION_MODIFIED, dir, event->name);
        }
    }
}

/* Give what was kept to a request: all of it, or (too much, or kept past its room) STATUS_NOTIFY_ENUM_DIR;
 * STATUS_PENDING when nothing changed yet. The notify lock is held. */
static NTSTATUS IopTakeChanges(struct IOP_NOTIFY *notify, PVOID buffer, ULONG length, ULONG *written)
{
    NTSTATUS status = STATUS_SUCCESS;

    *written = 0;
    if (!notify->KeptLength && !notify->Overflow)
        return STATUS_PENDING;
    /* The last record ends at its name, unpadded. */
    ULONG size = notify->Overflow ? 0 : notify->LastRecord + offsetof(FILE_NOTIFY_INFORMATION, FileName) +
        ((FILE_NOTIFY_INFORMATION *)(notify->Kept + notify->LastRecord))->FileNameLength;
    if (notify->Overflow || size > length)
        status = STATUS_NOTIFY_ENUM_DIR;
    else if (KeCopyToUser(buffer, notify->Kept, size))
        status = STATUS_ACCESS_VIOLATION;
    else
        *written = size;
    notify->KeptLength = notify->LastRecord = 0;
    notify->Overflow = false;
    return status;
}

static NTSTATUS IopServeWait(void *notify, PVOID buffer, ULONG length, ULONG *written)
{
    return IopTakeChanges(notify, buffer, length, written);
}

typedef struct {
    struct IOP_NOTIFY *Notify;
    int RootFd;
} IOP_WATCHER;

static void *IopWatcherThread(void *arg)
{
    IOP_WATCHER *watcher = arg;
    struct IOP_NOTIFY *notify = watcher->Notify;
    struct pollfd fds[2] = {{.fd = notify->Inotify, .events = POLLIN}, {.fd = notify->Wake, .events = POLLIN}};

    for (;;) {
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            break;
        pthread_mutex_lock(&IopNotifyLock);
        IopDrainEvents(notify, watcher->RootFd);
        IopServeQueue(&notify->Waits, IopServeWait, notify);
        pthread_mutex_unlock(&IopNotifyLock);
    }
    close(watcher->RootFd);
    free(watcher);
    return NULL;
}

static NTSTATUS IopStartNotify(IOP_FILE *file, ULONG filter, bool tree)
{
    struct IOP_NOTIFY *notify = HostZalloc(sizeof(*notify));

    notify->Inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    notify->Wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (notify->Inotify < 0 || notify->Wake < 0) {
        NTSTATUS status = HostErrnoToStatus(errno);
        if (notify->Inotify >= 0)
            close(notify->Inotify);
        if (notify->Wake >= 0)
            close(notify->Wake);
        free(notify);
        return status;
    }
    notify->Filter = filter;
    notify->Tree = tree;
    IopInitializeQueue(&notify->Waits);
    IopAddWatch(notify, file->Fd, "");
    file->Notify = notify;
    return STATUS_SUCCESS;
}

static NTSTATUS IopNotifyChange(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length, ULONG filter, BOOLEAN tree)
{
    IOP_REQUEST request;
    struct IOP_NOTIFY *notify;
    ULONG written;
    NTSTATUS status;

    IO_STATUS_BLOCK probe;

    /* The I/O status block is probed before anything else, as on Windows. */
    if (KeReadUser(&probe, iosb) || KeWriteUser(iosb, probe))
        return STATUS_ACCESS_VIOLATION;
    if (!filter || filter & ~(ULONG)FILE_NOTIFY_VALID_MASK)
        return STATUS_INVALID_PARAMETER;
    if ((status = IopBeginRequest(handle, FILE_LIST_DIRECTORY, event, apc, apc_context, iosb, &request)))
        return status;
    if (!request.File->Directory)
        return IopFailRequest(&request, STATUS_INVALID_PARAMETER);
    if (length && !MmIsUserRange(buffer, length))
        return IopFailRequest(&request, STATUS_ACCESS_VIOLATION);
    pthread_mutex_lock(&IopNotifyLock);
    if (!request.File->Notify && (status = IopStartNotify(request.File, filter, tree))) {
        pthread_mutex_unlock(&IopNotifyLock);
        return IopFailRequest(&request, status);
    }
    notify = request.File->Notify;
    if (!request.File->Synchronous) {
        IopDrainEvents(notify, request.File->Fd);
        status = notify->Waits.Head ? STATUS_PENDING : IopTakeChanges(notify, buffer, length, &written);
        if (status == STATUS_PENDING) {
            IopQueueWaiting(&notify->Waits, &request, buffer, length);
            if (!notify->WatcherStarted) {
                IOP_WATCHER *watcher = HostZalloc(sizeof(*watcher));
                watcher->Notify = notify;
                watcher->RootFd = fcntl(request.File->Fd, F_DUPFD_CLOEXEC, 3);
                notify->WatcherStarted = !pthread_create(&notify->Watcher, NULL, IopWatcherThread, watcher);
                if (notify->WatcherStarted) {
                    notify->WatchedRoot = watcher->RootFd;
                    notify->NextWatched = IopWatched;
                    __atomic_store_n(&IopWatched, notify, __ATOMIC_RELEASE);
                } else {
                    close(watcher->RootFd);
                    free(watcher);
                    HostMessage("no thread to watch a directory: its change notifications will not come");
                }
            }
        }
        pthread_mutex_unlock(&IopNotifyLock);
        if (status == STATUS_PENDING)
            return STATUS_PENDING;
    } else {
        /* Synchronous: wait here, with the lock let go, until something changed. */
        for (;;) {
            IopDrainEvents(notify, request.File->Fd);
            if ((status = IopTakeChanges(notify, buffer, length, &written)) != STATUS_PENDING)
                break;
            pthread_mutex_unlock(&IopNotifyLock);
            status = IopWaitReadable(&request, notify->Inotify);
            pthread_mutex_lock(&IopNotifyLock);
            if (status)
                break;
        }
        pthread_mutex_unlock(&IopNotifyLock);
    }
    if (NT_ERROR(status))
        return IopFailRequest(&request, status);
    return IopCompleteRequest(&request, status, written);
}

NTSTATUS NTAPI NtNotifyChangeDirectoryFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                           PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                           ULONG Length, ULONG CompletionFilter, BOOLEAN WatchTree)
{
    return IopNotifyChange(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, Buffer, Length,
                           CompletionFilter, WatchTree);
}

NTSTATUS NTAPI NtNotifyChangeDirectoryFileEx(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                             PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                             ULONG Length, ULONG CompletionFilter, BOOLEAN WatchTree,
                                             ULONG DirectoryNotifyInformationClass)
{
    if (DirectoryNotifyInformationClass != DirectoryNotifyInformation)
        return KeReportNotImplemented("NtNotifyChangeDirectoryFileEx with extended records");
    return IopNotifyChange(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, Buffer, Length,
                           CompletionFilter, WatchTree);
}

void IopDeliverChanges(void)
{
    if (!__atomic_load_n(&IopWatched, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&IopNotifyLock);
    for (struct IOP_NOTIFY *notify = IopWatched; notify; notify = notify->NextWatched) {
        IopDrainEvents(notify, notify->WatchedRoot);
        IopServeQueue(&notify->Waits, IopServeWait, notify);
    }
    pthread_mutex_unlock(&IopNotifyLock);
}

ULONG IopCancelNotifyRequests(IOP_FILE *file, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb, NTSTATUS why)
{
    struct IOP_NOTIFY *notify = file->Notify;
    ULONG cancelled = 0;

    if (!notify)
        return 0;
    pthread_mutex_lock(&IopNotifyLock);
    cancelled = IopCancelQueue(&notify->Waits, thread, iosb, why);
    pthread_mutex_unlock(&IopNotifyLock);
    return cancelled;
}

void IopCloseNotify(IOP_FILE *file)
{
    struct IOP_NOTIFY *notify = file->Notify;
    uint64_t one = 1;

    if (!notify)
        return;
    IopCancelNotifyRequests(file, NULL, NULL, STATUS_NOTIFY_CLEANUP);
    if (notify->WatcherStarted) {
        pthread_mutex_lock(&IopNotifyLock);
        for (struct IOP_NOTIFY **p = &IopWatched; *p; p = &(*p)->NextWatched) {
            if (*p == notify) {
                *p = notify->NextWatched;
                break;
            }
        }
        pthread_mutex_unlock(&IopNotifyLock);
        if (write(notify->Wake, &one, sizeof(one)) < 0)
            HostMessage("a directory's watcher could not be told to stop");
        pthread_join(notify->Watcher, NULL);
    }
    close(notify->Inotify);
    close(notify->Wake);
    for (ULONG i = 0; i < notify->WatchCount; i++)
        free(notify->Watches[i].Path);
    free(notify->Watches);
    free(notify);
    file->Notify = NULL;
}
