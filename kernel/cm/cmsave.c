/* Saving a key's subtree to a file and restoring one over a key: NtSaveKey, NtRestoreKey. The file is the
 * text the hives' snapshots use (regedit's syntax with Veles' comments), not Windows' binary hive format. */
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

NTSTATUS NTAPI NtSaveKey(HANDLE KeyHandle, HANDLE FileHandle)
{
    CMP_TEXT text = {0};
    CMP_KEY_BODY *body;
    char *name = NULL;
    int fd;
    NTSTATUS status;

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
    char buffer[65536], base[1024], error[256];
    const char *open, *end;
    ssize_t n;
    off_t offset = 0;
    int fd;
    NTSTATUS status;

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
    while ((n = pread(fd, buffer, sizeof(buffer), offset)) > 0 && text.Length < CMP_MAX_SAVED) {
        CmpTextAppend(&text, buffer, (size_t)n);
        offset += n;
    }
    close(fd);
    if (n < 0 || !text.Text || !(open = strstr(text.Text, "\n[")) || !(end = strchr(open, ']')) ||
        (size_t)(end - open - 2) >= sizeof(base)) {
        ObDereferenceObject(body);
        free(text.Text);
        return n < 0 ? STATUS_REGISTRY_IO_FAILED : STATUS_REGISTRY_CORRUPT;
    }
    memcpy(base, open + 2, (size_t)(end - open - 2));
    base[end - open - 2] = 0;

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
