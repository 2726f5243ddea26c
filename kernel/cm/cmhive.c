/* Hives on disk: each is a snapshot in regedit's text (NAME.reg) and a log of the changes since (NAME.log),
 * both in $VELES_PREFIX/registry. Every change is appended to the log before it is applied, under an
 * exclusive flock of the log, so that several processes share a hive; each process brings its tree up to
 * date by replaying what the others appended, which the log's first page (mapped shared) tells it. A record
 * counts once the header's length covers it, so a process killed at any moment leaves a whole log; a
 * checksum per record catches what a power cut tore. When the log grows large, the hive is written out as
 * a new snapshot (to a temporary file renamed over the old one) and the log starts again, a new generation;
 * a snapshot newer than its log means the log was already folded into it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "rtl/unicode.h"

#define CMP_LOG_MAGIC "VELESLOG"
#define CMP_LOG_VERSION 1
#define CMP_LOG_DATA 4096                  /* the records start after the header's page */
#define CMP_LOG_COMPACT (4u << 20)         /* a log longer than this is folded into a new snapshot */
#define CMP_RECORD_ALIGN 8

typedef struct {
    char Magic[8];
    ULONG Version;
    ULONG Reserved;
    ULONGLONG Generation;
    ULONGLONG Length;                      /* bytes of whole records after CMP_LOG_DATA */
} CMP_LOG_HEADER;

typedef struct {
    ULONG Size;                            /* the whole record, padded to CMP_RECORD_ALIGN */
    ULONG Checksum;                        /* of everything after this field */
    UCHAR Kind;
    UCHAR Reserved;
    USHORT PathLength;                     /* characters: the key's path below the hive's root */
    ULONG Type;
    LONGLONG Time;
    USHORT NameLength;                     /* characters */
    USHORT Reserved2;
    ULONG DataLength;
    /* WCHAR Path[], WCHAR Name[], UCHAR Data[] */
} CMP_RECORD;

struct CMP_HIVE {
    const char *FileName;                  /* NAME of NAME.reg and NAME.log */
    const WCHAR *Mount;                    /* where it is below \REGISTRY */
    const char *RootName;                  /* how .reg text names its root: "HKEY_LOCAL_MACHINE" */
    CMP_KEY *Root;
    int LogFd;                             /* -1: kept in memory only (the prefix cannot hold it) */
    volatile CMP_LOG_HEADER *Header;
    ULONGLONG Generation;                  /* what the tree holds */
    ULONGLONG Applied;
    bool Changing;                         /* this process holds the log's exclusive lock */
    char *FilePath;                        /* a loaded hive's file; NULL for the prefix's hives */
};

static CMP_HIVE CmpHives[] = {
    {.FileName = "machine", .Mount = u"MACHINE", .RootName = "HKEY_LOCAL_MACHINE"},
    {.FileName = "user", .Mount = u"USER\\" SE_USER_SID_STRING, .RootName = "HKEY_USERS\\" SE_USER_SID_STRING},
    {.FileName = "userdef", .Mount = u"USER\\.DEFAULT", .RootName = "HKEY_USERS\\.DEFAULT"},
};
#define CMP_HIVE_COUNT (sizeof(CmpHives) / sizeof(CmpHives[0]))

static pthread_mutex_t CmpMutex = PTHREAD_MUTEX_INITIALIZER;

void CmpLock(void)
{
    pthread_mutex_lock(&CmpMutex);
    CmpSyncHives();
}

static NTSTATUS CmpCompact(CMP_HIVE *hive);

void CmpUnlock(void)
{
    /* A long log is folded into a new snapshot by whoever notices, once its changes are in the tree. */
    for (size_t i = 0; i < CMP_HIVE_COUNT; i++) {
        CMP_HIVE *hive = &CmpHives[i];
        if (hive->LogFd >= 0 && hive->Applied > CMP_LOG_COMPACT && !flock(hive->LogFd, LOCK_EX)) {
            NTSTATUS status;
            hive->Changing = true;
            CmpSyncHives();
            if (hive->Applied > CMP_LOG_COMPACT && (status = CmpCompact(hive)))
                HostMessage("registry: cannot write the %s hive: %s", hive->FileName, RtlNtStatusName(status));
            hive->Changing = false;
            flock(hive->LogFd, LOCK_UN);
        }
    }
    pthread_mutex_unlock(&CmpMutex);
}

static ULONG CmpChecksum(const UCHAR *p, size_t n)
{
    ULONG h = 2166136261u;

    while (n--)
        h = (h ^ *p++) * 16777619u;
    return h;
}

static void CmpHivePath(const CMP_HIVE *hive, const char *suffix, char *path, size_t size)
{
    snprintf(path, size, "%s/registry/%s%s", HostPrefixPath(), hive->FileName, suffix);
}

/* Apply the records of buffer (which held whole ones) to the tree; returns the bytes of valid records. */
static size_t CmpReplay(CMP_HIVE *hive, const UCHAR *buffer, size_t length)
{
    size_t pos = 0;

    while (length - pos >= sizeof(CMP_RECORD)) {
        CMP_RECORD record;
        const WCHAR *path, *name;
        size_t need;
        CMP_KEY *key;

        memcpy(&record, buffer + pos, sizeof(record));
        need = sizeof(record) + ((size_t)record.PathLength + record.NameLength) * sizeof(WCHAR) + record.DataLength;
        if (record.Size < need || record.Size > length - pos || record.Size % CMP_RECORD_ALIGN ||
            CmpChecksum(buffer + pos + 8, record.Size - 8) != record.Checksum)
            break;
        path = (const WCHAR *)(buffer + pos + sizeof(record));
        name = path + record.PathLength;
        key = CmpWalk(hive->Root, path, record.PathLength, false, 0);
        if (key) {
            CMP_CHANGE change = {.Kind = record.Kind, .Key = key, .Name = name, .NameLength = record.NameLength,
                                 .Type = record.Type, .Data = (const UCHAR *)(name + record.NameLength),
                                 .DataLength = record.DataLength, .Time = record.Time};
            CMP_KEY *sibling = record.NameLength && (record.Kind == CMP_CHANGE_CREATE_KEY ||
                                                     record.Kind == CMP_CHANGE_RENAME_KEY)
                                   ? CmpFindSubKey(record.Kind == CMP_CHANGE_CREATE_KEY ? key : key->Parent, name,
                                                   record.NameLength, NULL)
                                   : NULL;
            /* What could not have been logged in this state is a log not made by Veles: left out. */
            bool valid = record.Kind >= CMP_CHANGE_CREATE_KEY && record.Kind <= CMP_CHANGE_SET_TIME && !sibling &&
                         !(record.Kind == CMP_CHANGE_DELETE_KEY && (key->SubKeyCount || key == hive->Root)) &&
                         !(record.Kind == CMP_CHANGE_RENAME_KEY && key == hive->Root) &&
                         !((record.Kind == CMP_CHANGE_CREATE_KEY || record.Kind == CMP_CHANGE_RENAME_KEY) &&
                           (!CmpIsKeyName(name, record.NameLength) || record.NameLength > CMP_MAX_KEY_NAME));
            if (valid)
                CmpApplyChange(&change);
        }
        pos += record.Size;
    }
    return pos;
}

/* Read and apply the log from what was applied to its committed length. */
static void CmpCatchUp(CMP_HIVE *hive)
{
    ULONGLONG length = __atomic_load_n(&hive->Header->Length, __ATOMIC_ACQUIRE);
    size_t count, done;
    UCHAR *buffer;

    if (length <= hive->Applied)
        return;
    count = (size_t)(length - hive->Applied);
    buffer = HostAlloc(count);
    if (pread(hive->LogFd, buffer, count, (off_t)(CMP_LOG_DATA + hive->Applied)) != (ssize_t)count) {
        HostMessage("registry: cannot read %s.log: %s", hive->FileName, strerror(errno));
        free(buffer);
        return;
    }
    done = CmpReplay(hive, buffer, count);
    if (done != count)
        HostMessage("registry: %s.log has a damaged record at %llu; what follows it is left out", hive->FileName,
                    (unsigned long long)(hive->Applied + done));
    hive->Applied = length;
    free(buffer);
}

/* Read the snapshot beside the tree and make the hive what it holds; returns its generation, 0 without one. */
static ULONGLONG CmpLoadSnapshot(CMP_HIVE *hive)
{
    char path[PATH_MAX], error[256];
    CMP_KEY *fresh = HostZalloc(sizeof(*fresh));
    CMP_IMPORT_TARGET target = {.Base = fresh, .BaseName = hive->RootName};
    ULONGLONG generation = 0;
    struct stat st;
    char *text = NULL;
    const char *mark;
    int fd;

    fresh->Hive = hive;
    fresh->References = 1;
    CmpHivePath(hive, ".reg", path, sizeof(path));
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0 && !fstat(fd, &st) &&
        (text = malloc((size_t)st.st_size + 1))) {
        if (read(fd, text, (size_t)st.st_size) != st.st_size) {
            HostMessage("registry: cannot read %s: %s", path, strerror(errno));
            st.st_size = 0;
        }
        text[st.st_size] = 0;
        if ((mark = strstr(text, "\n;veles:generation=")))
            generation = strtoull(mark + 19, NULL, 10);
        if (CmpImportRegText(text, (size_t)st.st_size, &target, error, sizeof(error)))
            HostMessage("registry: %s: %s", path, error);
        free(text);
    }
    if (fd >= 0)
        close(fd);
    CmpMergeTree(hive->Root, fresh);
    CmpDeleteTree(fresh);
    CmpReleaseKey(fresh);
    return generation;
}

/* Write a hive's snapshot to path whole or not at all: to a temporary file renamed over it, both synced. */
static NTSTATUS CmpWriteSnapshot(const CMP_HIVE *hive, const char *path, ULONGLONG generation)
{
    char temporary[PATH_MAX + 8], line[64], *slash;
    CMP_TEXT text = {0};
    int fd;
    bool written;

    CmpTextPrint(&text, CMP_REG_HEADER "\n");
    if (generation) {
        snprintf(line, sizeof(line), ";veles:generation=%llu\n", (unsigned long long)generation);
        CmpTextPrint(&text, line);
    }
    CmpWriteRegText(&text, hive->Root, hive->RootName, CMP_REG_SNAPSHOT);
    snprintf(temporary, sizeof(temporary), "%s.new", path);
    fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    written = fd >= 0 && write(fd, text.Text, text.Length) == (ssize_t)text.Length && !fsync(fd);
    if (fd >= 0)
        close(fd);
    free(text.Text);
    if (!written || rename(temporary, path)) {
        NTSTATUS status = HostErrnoToStatus(errno);
        unlink(temporary);
        return status;
    }
    snprintf(temporary, sizeof(temporary), "%s", path);
    if ((slash = strrchr(temporary, '/')))
        *slash = 0;
    if ((fd = open(slash ? temporary : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(fd);
        close(fd);
    }
    return STATUS_SUCCESS;
}

/* Write the hive out as a new snapshot and start a new, empty log (the log's lock held). */
static NTSTATUS CmpCompact(CMP_HIVE *hive)
{
    char path[PATH_MAX];
    ULONGLONG generation = hive->Generation + 1;
    NTSTATUS status;

    CmpHivePath(hive, ".reg", path, sizeof(path));
    if ((status = CmpWriteSnapshot(hive, path, generation)))
        return status;
    /* The snapshot holds everything now: a crash from here on finds it newer than the log. */
    hive->Header->Generation = generation;
    __atomic_store_n(&hive->Header->Length, 0, __ATOMIC_RELEASE);
    if (ftruncate(hive->LogFd, CMP_LOG_DATA))
        HostMessage("registry: cannot shorten %s.log: %s", hive->FileName, strerror(errno));
    hive->Generation = generation;
    hive->Applied = 0;
    return STATUS_SUCCESS;
}

/* Load a hive afresh from its files (the log's lock held). */
static void CmpReload(CMP_HIVE *hive)
{
    ULONGLONG snapshot = CmpLoadSnapshot(hive);

    if (snapshot > hive->Header->Generation) {
        /* Folded into the snapshot before a crash could reset it. */
        hive->Header->Generation = snapshot;
        __atomic_store_n(&hive->Header->Length, 0, __ATOMIC_RELEASE);
    }
    hive->Generation = hive->Header->Generation;
    hive->Applied = 0;
    CmpCatchUp(hive);
}

void CmpSyncHives(void)
{
    for (size_t i = 0; i < CMP_HIVE_COUNT; i++) {
        CMP_HIVE *hive = &CmpHives[i];
        if (hive->LogFd < 0)
            continue;
        if (__atomic_load_n(&hive->Header->Generation, __ATOMIC_ACQUIRE) != hive->Generation) {
            /* Another process made a new snapshot: read it under the lock, so that it is not replaced
             * while it is read (unless this process holds the exclusive lock already). */
            if (!hive->Changing)
                flock(hive->LogFd, LOCK_SH);
            CmpReload(hive);
            if (!hive->Changing)
                flock(hive->LogFd, LOCK_UN);
        } else if (__atomic_load_n(&hive->Header->Length, __ATOMIC_ACQUIRE) != hive->Applied) {
            CmpCatchUp(hive);
        }
    }
}

NTSTATUS CmpBeginChange(CMP_KEY *key)
{
    CMP_HIVE *hive = key->Hive;

    if (!hive || hive->LogFd < 0)
        return STATUS_SUCCESS;
    if (hive->Changing)
        HostBugCheck("registry: a change of %s began twice", hive->FileName);
    if (flock(hive->LogFd, LOCK_EX))
        return HostErrnoToStatus(errno);
    hive->Changing = true;
    CmpSyncHives();
    return STATUS_SUCCESS;
}

void CmpAbortChange(CMP_KEY *key)
{
    CMP_HIVE *hive = key->Hive;

    if (!hive || !hive->Changing)
        return;
    hive->Changing = false;
    flock(hive->LogFd, LOCK_UN);
}

NTSTATUS CmpEndChange(const CMP_CHANGE *change)
{
    CMP_HIVE *hive = change->Key->Hive;
    bool volatile_key = change->Key->Flags & CMP_KEY_VOLATILE ||
                        (change->Kind == CMP_CHANGE_CREATE_KEY && change->Type & CMP_KEY_VOLATILE);
    NTSTATUS status = STATUS_SUCCESS;
    CMP_RECORD record = {.Kind = (UCHAR)change->Kind, .Type = change->Type, .Time = change->Time,
                         .NameLength = change->NameLength, .DataLength = change->DataLength};
    WCHAR *path;
    USHORT path_length;
    size_t size;
    UCHAR *buffer;

    if (!hive || hive->LogFd < 0)
        return STATUS_SUCCESS;
    if (!hive->Changing)
        HostBugCheck("registry: a change of %s ended without beginning", hive->FileName);
    if (!volatile_key) {
        path = CmpKeyPath(change->Key, hive->Root, &path_length);
        record.PathLength = path_length;
        size = sizeof(record) + ((size_t)path_length + change->NameLength) * sizeof(WCHAR) + change->DataLength;
        size = (size + CMP_RECORD_ALIGN - 1) & ~(size_t)(CMP_RECORD_ALIGN - 1);
        record.Size = (ULONG)size;
        buffer = HostZalloc(size);
        memcpy(buffer + sizeof(record), path, path_length * sizeof(WCHAR));
        memcpy(buffer + sizeof(record) + path_length * sizeof(WCHAR), change->Name,
               change->NameLength * sizeof(WCHAR));
        if (change->DataLength)
            memcpy(buffer + sizeof(record) + ((size_t)path_length + change->NameLength) * sizeof(WCHAR), change->Data,
                   change->DataLength);
        memcpy(buffer, &record, sizeof(record));
        record.Checksum = CmpChecksum(buffer + 8, size - 8);
        memcpy(buffer, &record, sizeof(record));
        if (pwrite(hive->LogFd, buffer, size, (off_t)(CMP_LOG_DATA + hive->Applied)) != (ssize_t)size) {
            status = errno == ENOSPC ? STATUS_DISK_FULL : STATUS_REGISTRY_IO_FAILED;
            HostMessage("registry: cannot write %s.log: %s", hive->FileName, strerror(errno));
        } else {
            hive->Applied += size;
            __atomic_store_n(&hive->Header->Length, hive->Applied, __ATOMIC_RELEASE);
            /* The same bytes once more through write(2): stores to a mapping wake no inotify watch, and a
             * process waiting for notifications must hear of the record only once it counts. */
            if (pwrite(hive->LogFd, &hive->Applied, sizeof(hive->Applied), offsetof(CMP_LOG_HEADER, Length)) !=
                sizeof(hive->Applied))
                HostMessage("registry: cannot write %s.log: %s", hive->FileName, strerror(errno));
        }
        free(buffer);
        free(path);
    }
    hive->Changing = false;
    flock(hive->LogFd, LOCK_UN);
    return status;
}

NTSTATUS CmpFlushHive(CMP_HIVE *hive)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (hive->FilePath && (status = CmpWriteSnapshot(hive, hive->FilePath, 0)))
        HostMessage("registry: cannot write the hive %s: %s", hive->FilePath, RtlNtStatusName(status));
    if (hive->LogFd < 0)
        return status ? STATUS_REGISTRY_IO_FAILED : STATUS_SUCCESS;
    if (fdatasync(hive->LogFd))
        status = STATUS_REGISTRY_IO_FAILED;
    return status;
}

/* Open (creating) a hive's log and load the hive, with the default contents the first time. */
static NTSTATUS CmpOpenHive(CMP_HIVE *hive, char *error, size_t error_size)
{
    char path[PATH_MAX];
    struct stat st;
    void *header;
    NTSTATUS status = STATUS_SUCCESS;
    int fd;

    hive->LogFd = -1;
    CmpHivePath(hive, ".log", path, sizeof(path));
    if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
        snprintf(error, error_size, "cannot open %s: %s", path, strerror(errno));
        return HostErrnoToStatus(errno);
    }
    flock(fd, LOCK_EX);
    if (fstat(fd, &st) || (st.st_size < CMP_LOG_DATA && ftruncate(fd, CMP_LOG_DATA)) ||
        (header = mmap(NULL, CMP_LOG_DATA, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED) {
        snprintf(error, error_size, "cannot map %s: %s", path, strerror(errno));
        status = HostErrnoToStatus(errno);
        close(fd);
        return status;
    }
    hive->Header = header;
    hive->LogFd = fd;
    if (st.st_size < CMP_LOG_DATA || !memcmp((const char *)hive->Header->Magic, "\0\0\0\0\0\0\0\0", 8)) {
        CMP_LOG_HEADER fresh = {.Magic = CMP_LOG_MAGIC, .Version = CMP_LOG_VERSION};
        memcpy((void *)hive->Header, &fresh, sizeof(fresh));
    } else if (memcmp((const char *)hive->Header->Magic, CMP_LOG_MAGIC, 8) ||
               hive->Header->Version != CMP_LOG_VERSION) {
        snprintf(error, error_size, "%s is not a Veles registry log; move it away to start the hive afresh", path);
        flock(fd, LOCK_UN);
        return STATUS_REGISTRY_CORRUPT;
    }
    CmpReload(hive);
    if (!hive->Generation && !hive->Applied) {
        /* The first run: Windows' defaults, written out as the first snapshot. */
        CMP_TEXT defaults = {0};
        CMP_IMPORT_TARGET target = {.Only = hive};
        CmpWriteDefaults(&defaults);
        if (CmpImportRegText(defaults.Text, defaults.Length, &target, error, error_size))
            HostBugCheck("registry: the default contents do not read: %s", error);
        free(defaults.Text);
        if ((status = CmpCompact(hive)))
            snprintf(error, error_size, "cannot write the %s hive: %s", hive->FileName, RtlNtStatusName(status));
    }
    flock(fd, LOCK_UN);
    return status;
}

CMP_HIVE *CmpCreateFileHive(CMP_KEY *root, char *unix_path, char *root_name)
{
    CMP_HIVE *hive = HostZalloc(sizeof(*hive));

    hive->FileName = hive->FilePath = unix_path;
    hive->RootName = root_name;
    hive->Root = root;
    hive->LogFd = -1;
    root->Hive = hive;
    return hive;
}

bool CmpIsFileHive(const CMP_HIVE *hive)
{
    return hive && hive->FilePath;
}

CMP_KEY *CmpHiveRoot(const CMP_HIVE *hive)
{
    return hive->Root;
}

void CmpFreeFileHive(CMP_HIVE *hive)
{
    free(hive->FilePath);
    free((char *)hive->RootName);
    free(hive);
}

CMP_HIVE *CmpHiveOf(const char *file_name)
{
    for (size_t i = 0; i < CMP_HIVE_COUNT; i++)
        if (!strcmp(CmpHives[i].FileName, file_name))
            return &CmpHives[i];
    return NULL;
}

NTSTATUS CmpMountHives(char *error, size_t error_size)
{
    char path[PATH_MAX];
    NTSTATUS status;

    snprintf(path, sizeof(path), "%s/registry", HostPrefixPath());
    if (HostMakeDirectories(path)) {
        snprintf(error, error_size, "cannot create %s: %s", path, strerror(errno));
        return HostErrnoToStatus(errno);
    }
    for (size_t i = 0; i < CMP_HIVE_COUNT; i++) {
        CMP_HIVE *hive = &CmpHives[i];
        hive->Root = CmpWalk(CmpRoot, hive->Mount, CmpStringLength(hive->Mount), true, 0);
        hive->Root->Hive = hive;
    }
    for (size_t i = 0; i < CMP_HIVE_COUNT; i++)
        if ((status = CmpOpenHive(&CmpHives[i], error, error_size)))
            return status;
    return STATUS_SUCCESS;
}

/* Cross-process notifications: a thread woken by inotify when another process appends to a log. */
static void *CmpWatchThread(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char events[4096];

    while (read(fd, events, sizeof(events)) > 0) {
        CmpLock(); /* which brings the hives up to date, completing the requests those changes concern */
        CmpUnlock();
    }
    return NULL;
}

void CmpNotifyWatchHives(void)
{
    static bool started;
    char path[PATH_MAX];
    pthread_t thread;
    int fd;

    if (started)
        return;
    started = true;
    if ((fd = inotify_init1(IN_CLOEXEC)) < 0)
        return;
    for (size_t i = 0; i < CMP_HIVE_COUNT; i++) {
        CmpHivePath(&CmpHives[i], ".log", path, sizeof(path));
        inotify_add_watch(fd, path, IN_MODIFY);
    }
    if (pthread_create(&thread, NULL, CmpWatchThread, (void *)(intptr_t)fd)) {
        close(fd);
        return;
    }
    pthread_detach(thread);
}
