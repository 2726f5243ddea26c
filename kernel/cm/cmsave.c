/* Keys and files: saving a key's subtree to a file and restoring one over a key (NtSaveKey(Ex), NtRestoreKey),
 * and loading a file as a hive of its own and unloading it (NtLoadKey(2, Ex), NtUnloadKey(2, Ex)). The file is
 * the text the hives' snapshots use (regedit's syntax with Veles' comments), not Windows' binary hive format. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "io/io.h"
#include "ke/ke.h"
#include "nt/services.h"
#include "rtl/unicode.h"
#include "se/se.h"

#define CMP_MAX_SAVED (256u << 20)

/* How .reg text names a key of the hives ("HKEY_LOCAL_MACHINE\\x"); NULL above them. Caller frees. */
static char *CmpRegName(const CMP_KEY *key)
{
    static const struct {
        const char *Mount, *Root;
    } roots[] = {{"MACHINE", "HKEY_LOCAL_MACHINE"}, {"USER", "HKEY_USERS"}};
    USHORT len;
    WCHAR *path = CmpKeyPath(key, CmpRoot, &len);
    size_t n = RtlpUtf16ToUtf8(path, len, NULL, 0);
    char *utf8 = HostAlloc(n + 1), *name = NULL;

    RtlpUtf16ToUtf8(path, len, utf8, n);
    utf8[n] = 0;
    free(path);
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]) && !name; i++) {
        size_t m = strlen(roots[i].Mount);
        if (!strncasecmp(utf8, roots[i].Mount, m) && (utf8[m] == '\\' || !utf8[m]) && utf8[m + (utf8[m] != 0)]) {
            name = HostAlloc(strlen(roots[i].Root) + n - m + 1);
            strcpy(name, roots[i].Root);
            strcat(name, utf8 + m);
        }
    }
    free(utf8);
    return name;
}

NTSTATUS NTAPI NtSaveKeyEx(HANDLE KeyHandle, HANDLE FileHandle, ULONG Format)
{
    CMP_TEXT text = {0};
    CMP_KEY_BODY *body;
    char *name = NULL;
    int fd;
    NTSTATUS status;

    if (!SeSinglePrivilegeCheck(SE_BACKUP_PRIVILEGE))
        return STATUS_PRIVILEGE_NOT_HELD;
    if (Format != REG_STANDARD_FORMAT && Format != REG_LATEST_FORMAT && Format != REG_NO_COMPRESSION)
        return STATUS_INVALID_PARAMETER;
    if ((status = CmpReferenceKey(KeyHandle, 0, &body)))
        return status;
    if ((status = IoDuplicateFileDescriptor(FileHandle, FILE_WRITE_DATA, &fd))) {
        ObDereferenceObject(body);
        return status;
    }
    CmpLock();
    if (body->Key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else if (!(name = CmpRegName(body->Key)))
        status = STATUS_ACCESS_DENIED; /* \REGISTRY and \REGISTRY\USER are no hive's */
    else {
        CmpTextPrint(&text, CMP_REG_HEADER "\n");
        CmpWriteRegText(&text, body->Key, name, CMP_REG_SNAPSHOT);
    }
    CmpUnlock();
    ObDereferenceObject(body);
    if (!status && (pwrite(fd, text.Text, text.Length, 0) != (ssize_t)text.Length || ftruncate(fd, (off_t)text.Length)))
        status = HostErrnoToStatus(errno);
    close(fd);
    free(text.Text);
    free(name);
    return status;
}

NTSTATUS NTAPI NtSaveKey(HANDLE KeyHandle, HANDLE FileHandle)
{
    return NtSaveKeyEx(KeyHandle, FileHandle, REG_STANDARD_FORMAT);
}

/* A saved key's text and the name its first section gives the saved key (what its sections are below). */
static NTSTATUS CmpReadSavedKey(int fd, CMP_TEXT *text, char *base, size_t base_size)
{
    char buffer[65536];
    const char *open, *end;
    ssize_t n;
    off_t offset = 0;

    while ((n = pread(fd, buffer, sizeof(buffer), offset)) > 0 && text->Length < CMP_MAX_SAVED) {
        CmpTextAppend(text, buffer, (size_t)n);
        offset += n;
    }
    if (n < 0)
        return STATUS_REGISTRY_IO_FAILED;
    if (!text->Text || strncmp(text->Text, CMP_REG_HEADER, strlen(CMP_REG_HEADER)))
        return STATUS_NOT_REGISTRY_FILE;
    if (!(open = strstr(text->Text, "\n[")) || !(end = strchr(open, ']')) || (size_t)(end - open - 2) >= base_size)
        return STATUS_REGISTRY_CORRUPT;
    memcpy(base, open + 2, (size_t)(end - open - 2));
    base[end - open - 2] = 0;
    return STATUS_SUCCESS;
}

/* Take everything out of key (its values and subkeys), each a change of its own. */
static NTSTATUS CmpClearKey(CMP_KEY *key)
{
    NTSTATUS status = STATUS_SUCCESS;

    while (!status && (key->SubKeyCount || key->ValueCount) && !(key->Flags & CMP_KEY_DELETED)) {
        CMP_KEY *target = key;
        CMP_CHANGE change = {.Time = KeQuerySystemTime()};
        while (target->SubKeyCount)
            target = target->SubKeys[0];
        if (target != key) {
            change.Kind = CMP_CHANGE_DELETE_KEY;
            change.Key = target;
        } else {
            change.Kind = CMP_CHANGE_DELETE_VALUE;
            change.Key = key;
            change.Name = key->Values[0].Name;
            change.NameLength = key->Values[0].NameLength;
        }
        target->References++; /* bringing the hive up to date may take it away */
        if (!(status = CmpBeginChange(target))) {
            if (target->Flags & CMP_KEY_DELETED || (target != key && target->SubKeyCount) ||
                (target == key && (key->SubKeyCount || !key->ValueCount ||
                                   change.Name != key->Values[0].Name)))
                CmpAbortChange(target); /* changed meanwhile: look again */
            else if (!(status = CmpEndChange(&change)))
                CmpApplyChange(&change);
        }
        CmpReleaseKey(target);
    }
    return status;
}

NTSTATUS NTAPI NtRestoreKey(HANDLE KeyHandle, HANDLE FileHandle, ULONG Flags)
{
    CMP_KEY_BODY *body;
    CMP_KEY *check;
    CMP_TEXT text = {0};
    char base[1024], error[256];
    int fd;
    NTSTATUS status;

    if (!SeSinglePrivilegeCheck(SE_RESTORE_PRIVILEGE))
        return STATUS_PRIVILEGE_NOT_HELD;
    if (Flags & ~(ULONG)(REG_WHOLE_HIVE_VOLATILE | REG_REFRESH_HIVE | REG_NO_LAZY_FLUSH | REG_FORCE_RESTORE))
        return STATUS_INVALID_PARAMETER;
    if (Flags & REG_WHOLE_HIVE_VOLATILE)
        return KeReportNotImplemented("NtRestoreKey with REG_WHOLE_HIVE_VOLATILE");
    if ((status = CmpReferenceKey(KeyHandle, 0, &body)))
        return status;
    if ((status = IoDuplicateFileDescriptor(FileHandle, FILE_READ_DATA, &fd))) {
        ObDereferenceObject(body);
        return status;
    }
    status = CmpReadSavedKey(fd, &text, base, sizeof(base));
    close(fd);
    if (status) {
        ObDereferenceObject(body);
        free(text.Text);
        return status == STATUS_NOT_REGISTRY_FILE ? STATUS_REGISTRY_CORRUPT : status;
    }

    CmpLock();
    /* Read it beside the tree first: a file that does not read leaves the key as it was. */
    check = HostZalloc(sizeof(*check));
    check->Hive = body->Key->Hive;
    check->References = 1;
    {
        CMP_IMPORT_TARGET target = {.Base = check, .BaseName = base};
        status = body->Key->Hive ? CmpImportRegText(text.Text, text.Length, &target, error, sizeof(error))
                                 : STATUS_ACCESS_DENIED;
    }
    CmpDeleteTree(check);
    CmpReleaseKey(check);
    if (status == STATUS_ACCESS_DENIED)
        ;
    else if (status)
        status = STATUS_REGISTRY_CORRUPT;
    else if (body->Key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else if (!(status = CmpClearKey(body->Key))) {
        CMP_IMPORT_TARGET target = {.Base = body->Key, .BaseName = base, .Logged = true};
        status = CmpImportRegText(text.Text, text.Length, &target, error, sizeof(error));
    }
    CmpUnlock();
    ObDereferenceObject(body);
    free(text.Text);
    return status;
}

/* Hives are loaded as keys of their own directly below \REGISTRY\MACHINE or \REGISTRY\USER. */
static bool CmpIsHiveParent(const CMP_KEY *key)
{
    return key->Parent == CmpRoot && (RtlpEqualNames(key->UpName, key->NameLength, u"MACHINE", 7, FALSE) ||
                                      RtlpEqualNames(key->UpName, key->NameLength, u"USER", 4, FALSE));
}

static void CmpForgetHive(CMP_KEY *key)
{
    key->Hive = NULL;
    for (ULONG i = 0; i < key->SubKeyCount; i++)
        CmpForgetHive(key->SubKeys[i]);
}

/* Take a loaded hive out of the tree. Its keys that handles still name live on, deleted and of no hive. */
static void CmpUnmountHive(CMP_HIVE *hive)
{
    CMP_KEY *root = CmpHiveRoot(hive), *parent = root->Parent;

    CmpForgetHive(root);
    CmpFreeFileHive(hive);
    CmpDeleteTree(root);
    CmpReportChange(parent, REG_NOTIFY_CHANGE_NAME);
}

NTSTATUS NTAPI NtLoadKeyEx(POBJECT_ATTRIBUTES TargetKey, POBJECT_ATTRIBUTES SourceFile, ULONG Flags,
                           HANDLE TrustClassKey, HANDLE Event, ACCESS_MASK DesiredAccess, PHANDLE RootHandle,
                           PIO_STATUS_BLOCK IoStatus)
{
    CMP_KEY *existing, *parent;
    CMP_TEXT text = {0};
    WCHAR *name = NULL;
    USHORT name_length;
    char base[1024], error[256], *unix_path = NULL;
    int fd = -1;
    NTSTATUS status;

    (void)DesiredAccess;
    (void)IoStatus;
    if (Flags & ~(ULONG)0xfffc)
        return STATUS_INVALID_PARAMETER;
    if (Flags & ~(ULONG)REG_NO_LAZY_FLUSH)
        return KeReportNotImplemented("NtLoadKey with these flags (application hives, journals, read-only hives)");
    if (TrustClassKey || Event || RootHandle)
        return KeReportNotImplemented("NtLoadKeyEx with a trust class key, an event or a root handle");
    if (!SeSinglePrivilegeCheck(SE_RESTORE_PRIVILEGE))
        return STATUS_PRIVILEGE_NOT_HELD;
    status = CmpLookupKey(TargetKey, &existing, &parent, &name, &name_length);
    if (!status)
        status = STATUS_OBJECT_NAME_COLLISION;
    else if (status == STATUS_OBJECT_NAME_NOT_FOUND && parent)
        status = CmpIsHiveParent(parent) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if (!status && !CmpIsKeyName(name, name_length))
        status = STATUS_OBJECT_NAME_INVALID;
    /* Windows keeps a loaded hive's file open for itself alone; here the open checks only that it could. */
    if (!status)
        status = IoOpenFileByName(SourceFile, FILE_GENERIC_READ | FILE_GENERIC_WRITE, 0, &fd, &unix_path);
    if (!status)
        status = CmpReadSavedKey(fd, &text, base, sizeof(base));
    if (fd >= 0)
        close(fd);

    CmpLock();
    if (!status && (parent->Flags & CMP_KEY_DELETED || CmpFindSubKey(parent, name, name_length, NULL)))
        status = parent->Flags & CMP_KEY_DELETED ? STATUS_KEY_DELETED : STATUS_OBJECT_NAME_COLLISION;
    if (!status) {
        CMP_KEY *root = CmpInsertSubKey(parent, name, name_length, 0, KeQuerySystemTime());
        CMP_HIVE *hive = CmpCreateFileHive(root, unix_path, CmpRegName(root));
        CMP_IMPORT_TARGET target = {.Base = root, .BaseName = base};
        const char *file_name = unix_path; /* the hive's now */
        unix_path = NULL;
        if (CmpImportRegText(text.Text, text.Length, &target, error, sizeof(error))) {
            HostMessage("registry: the hive %s does not read: %s", file_name, error);
            CmpUnmountHive(hive);
            status = STATUS_REGISTRY_CORRUPT;
        } else {
            CmpReportChange(parent, REG_NOTIFY_CHANGE_NAME);
        }
    }
    if (existing)
        CmpReleaseKey(existing);
    if (parent)
        CmpReleaseKey(parent);
    CmpUnlock();
    free(text.Text);
    free(unix_path);
    free(name);
    return status;
}

NTSTATUS NTAPI NtLoadKey2(POBJECT_ATTRIBUTES TargetKey, POBJECT_ATTRIBUTES SourceFile, ULONG Flags)
{
    return NtLoadKeyEx(TargetKey, SourceFile, Flags, NULL, NULL, 0, NULL, NULL);
}

NTSTATUS NTAPI NtLoadKey(POBJECT_ATTRIBUTES TargetKey, POBJECT_ATTRIBUTES SourceFile)
{
    return NtLoadKeyEx(TargetKey, SourceFile, 0, NULL, NULL, 0, NULL, NULL);
}

/* Whether a handle (or a notification) still names a key of the subtree; the root has extra references. */
static bool CmpSubtreeInUse(const CMP_KEY *key, ULONG extra)
{
    if (key->References > 1 + extra || key->Notifications)
        return true;
    for (ULONG i = 0; i < key->SubKeyCount; i++)
        if (CmpSubtreeInUse(key->SubKeys[i], 0))
            return true;
    return false;
}

NTSTATUS NTAPI NtUnloadKey2(POBJECT_ATTRIBUTES TargetKey, ULONG Flags)
{
    CMP_KEY *key, *parent;
    WCHAR *name;
    USHORT name_length;
    NTSTATUS status;

    if (Flags & ~(ULONG)REG_FORCE_UNLOAD)
        return STATUS_INVALID_PARAMETER;
    if (!SeSinglePrivilegeCheck(SE_RESTORE_PRIVILEGE))
        return STATUS_PRIVILEGE_NOT_HELD;
    if ((status = CmpLookupKey(TargetKey, &key, &parent, &name, &name_length))) {
        CmpLock();
        if (parent)
            CmpReleaseKey(parent);
        CmpUnlock();
        free(name);
        /* What is not there is no hive to unload. */
        return status == STATUS_OBJECT_NAME_NOT_FOUND ? STATUS_INVALID_PARAMETER : status;
    }
    CmpLock();
    if (key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else if (!key->Hive || CmpHiveRoot(key->Hive) != key)
        status = STATUS_INVALID_PARAMETER;
    else if (!CmpIsFileHive(key->Hive))
        status = STATUS_ACCESS_DENIED; /* the machine's and the users' own hives stay */
    else if (!(Flags & REG_FORCE_UNLOAD) && CmpSubtreeInUse(key, 1))
        status = STATUS_CANNOT_DELETE;
    else if (!(status = CmpFlushHive(key->Hive)))
        CmpUnmountHive(key->Hive);
    CmpReleaseKey(key);
    CmpUnlock();
    return status;
}

NTSTATUS NTAPI NtUnloadKey(POBJECT_ATTRIBUTES TargetKey)
{
    return NtUnloadKey2(TargetKey, 0);
}

NTSTATUS NTAPI NtUnloadKeyEx(POBJECT_ATTRIBUTES TargetKey, HANDLE Event)
{
    if (Event)
        return KeReportNotImplemented("NtUnloadKeyEx with an event (an unload put off until the last handle goes)");
    return NtUnloadKey2(TargetKey, 0);
}
