/* regedit's .reg syntax: writing a subtree out and applying a file to the tree. The hives' snapshots use it
 * too (in UTF-8), with Veles' own comment lines for what regedit's syntax has no place for: link keys,
 * classes and last write times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "rtl/unicode.h"

#define CMP_HEX_WIDTH 77                 /* regedit wraps hex data before 80 columns */

void CmpTextAppend(CMP_TEXT *text, const char *s, size_t len)
{
    if (text->Length + len + 1 > text->Capacity) {
        text->Capacity = (text->Length + len + 1) * 2;
        if (!(text->Text = realloc(text->Text, text->Capacity)))
            HostBugCheck("out of memory for registry text");
    }
    memcpy(text->Text + text->Length, s, len);
    text->Length += len;
    text->Text[text->Length] = 0;
}

void CmpTextPrint(CMP_TEXT *text, const char *s)
{
    CmpTextAppend(text, s, strlen(s));
}

/* UTF-16 as UTF-8 between quotes, with backslashes and quotes escaped. False when it has unpaired surrogates,
 * which UTF-8 cannot carry. */
static bool CmpTextAppendQuoted(CMP_TEXT *text, const WCHAR *s, size_t len)
{
    SIZE_T replaced;
    size_t n = RtlpUtf16ToUtf8Counted(s, len, NULL, 0, &replaced, NULL);
    char *utf8 = HostAlloc(n + 1);

    RtlpUtf16ToUtf8Counted(s, len, utf8, n, &replaced, NULL);
    for (size_t i = 0; i < n; i++) {
        if (utf8[i] == '\\' || utf8[i] == '"')
            CmpTextAppend(text, "\\", 1);
        if (utf8[i] == '\n' || utf8[i] == '\r' || !utf8[i])
            CmpTextAppend(text, utf8[i] == '\n' ? "\\n" : utf8[i] ? "\\r" : "\\0", 2); /* a line stays a line */
        else
            CmpTextAppend(text, utf8 + i, 1);
    }
    free(utf8);
    return !replaced;
}

/* A key name in a section's header. Its code units a line cannot hold (controls, NUL among them, and unpaired
 * surrogates, which UTF-8 cannot carry) are written as two backslashes and four hex digits: an empty name between
 * two backslashes is no key's, so no path is read the other way. */
static void CmpTextAppendKeyName(CMP_TEXT *text, const WCHAR *s, size_t len)
{
    size_t start = 0;

    for (size_t i = 0; i <= len; i++) {
        bool high = i < len && s[i] - 0xd800u < 0x400, low = i < len && s[i] - 0xdc00u < 0x400;
        bool escape = i < len && (s[i] < 0x20 || (high && (i + 1 == len || s[i + 1] - 0xdc00u >= 0x400)) ||
                                  (low && (!i || s[i - 1] - 0xd800u >= 0x400)));
        char code[8];
        SIZE_T replaced;
        size_t n;

        if (i < len && !escape)
            continue;
        n = RtlpUtf16ToUtf8Counted(s + start, i - start, NULL, 0, &replaced, NULL);
        if (n) {
            char *utf8 = HostAlloc(n);
            RtlpUtf16ToUtf8Counted(s + start, i - start, utf8, n, &replaced, NULL);
            CmpTextAppend(text, utf8, n);
            free(utf8);
        }
        if (i < len) {
            snprintf(code, sizeof(code), "\\\\%04x", s[i]);
            CmpTextPrint(text, code);
        }
        start = i + 1;
    }
}

/* The next key name of a section's path, from *pos to a separating backslash (or the end), with the escapes
 * CmpTextAppendKeyName writes taken back; decoded in place, at path + the *pos it was called with. Its length;
 * *pos is left at the separator. */
static size_t CmpTakeKeyName(WCHAR *path, size_t length, size_t *pos)
{
    size_t start = *pos, out = start, i = start;

    while (i < length) {
        ULONG code = 0;
        size_t digits = 0;
        if (path[i] != '\\') {
            path[out++] = path[i++];
            continue;
        }
        if (i + 1 < length && path[i + 1] == '\\')
            for (; digits < 4 && i + 2 + digits < length; digits++) {
                WCHAR c = path[i + 2 + digits];
                ULONG v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 16;
                if (v == 16)
                    break;
                code = code << 4 | v;
            }
        if (digits < 4)
            break;
        path[out++] = (WCHAR)code;
        i += 6;
    }
    *pos = i;
    return out - start;
}

/* Whether data is a string regedit can write between quotes: whole characters, one terminator at the end,
 * nothing below a space, and UTF-8 can carry it. */
static bool CmpIsPlainString(const CMP_VALUE *value, CMP_REG_FORMAT format)
{
    const WCHAR *s = (const WCHAR *)value->Data;
    size_t n = value->DataLength / sizeof(WCHAR);
    SIZE_T replaced;

    if (value->DataLength % sizeof(WCHAR) || !n || s[n - 1])
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] < 0x20 || (format == CMP_REG_REGEDIT4 && s[i] >= 0x80))
            return false;
    RtlpUtf16ToUtf8Counted(s, n - 1, NULL, 0, &replaced, NULL);
    return !replaced;
}

static void CmpWriteHex(CMP_TEXT *text, const UCHAR *data, ULONG length, size_t column)
{
    char byte[8];

    for (ULONG i = 0; i < length; i++) {
        snprintf(byte, sizeof(byte), "%02x%s", data[i], i + 1 < length ? "," : "");
        column += strlen(byte);
        CmpTextPrint(text, byte);
        if (column >= CMP_HEX_WIDTH && i + 1 < length) {
            CmpTextPrint(text, "\\\n  ");
            column = 2;
        }
    }
}

/* REGEDIT4 keeps expandable and multiple strings in 8 bits: their UTF-8, when it carries them exactly. */
static bool CmpWriteNarrowString(CMP_TEXT *text, const CMP_VALUE *value, size_t column)
{
    SIZE_T replaced;
    size_t n;
    char *utf8;

    if (value->DataLength % sizeof(WCHAR))
        return false;
    n = RtlpUtf16ToUtf8Counted((const WCHAR *)value->Data, value->DataLength / sizeof(WCHAR), NULL, 0, &replaced, NULL);
    if (replaced)
        return false;
    utf8 = HostAlloc(n + 1);
    RtlpUtf16ToUtf8Counted((const WCHAR *)value->Data, value->DataLength / sizeof(WCHAR), utf8, n, &replaced, NULL);
    CmpWriteHex(text, (const UCHAR *)utf8, (ULONG)n, column);
    free(utf8);
    return true;
}

void CmpWriteValue(CMP_TEXT *text, const CMP_VALUE *value, CMP_REG_FORMAT format)
{
    size_t start = text->Length;
    char head[32];

    if (!value->NameLength) {
        CmpTextPrint(text, "@=");
    } else {
        CmpTextPrint(text, "\"");
        CmpTextAppendQuoted(text, value->Name, value->NameLength);
        CmpTextPrint(text, "\"=");
    }
    if (value->Type == REG_SZ && CmpIsPlainString(value, format)) {
        CmpTextPrint(text, "\"");
        CmpTextAppendQuoted(text, (const WCHAR *)value->Data, value->DataLength / sizeof(WCHAR) - 1);
        CmpTextPrint(text, "\"\n");
        return;
    }
    if (value->Type == REG_DWORD && value->DataLength == sizeof(ULONG)) {
        ULONG dword;
        memcpy(&dword, value->Data, sizeof(dword));
        snprintf(head, sizeof(head), "dword:%08x\n", dword);
        CmpTextPrint(text, head);
        return;
    }
    if (value->Type == REG_BINARY)
        snprintf(head, sizeof(head), "hex:");
    else
        snprintf(head, sizeof(head), "hex(%x):", value->Type);
    CmpTextPrint(text, head);
    if (format != CMP_REG_REGEDIT4 || (value->Type != REG_EXPAND_SZ && value->Type != REG_MULTI_SZ) ||
        !CmpWriteNarrowString(text, value, text->Length - start))
        CmpWriteHex(text, value->Data, value->DataLength, text->Length - start);
    CmpTextPrint(text, "\n");
}

static void CmpWriteKey(CMP_TEXT *text, const CMP_KEY *key, CMP_TEXT *path, CMP_REG_FORMAT format)
{
    size_t path_length = path->Length;
    char line[64];

    if (format == CMP_REG_SNAPSHOT && key->Flags & CMP_KEY_VOLATILE)
        return;
    CmpTextPrint(text, "\n[");
    CmpTextAppend(text, path->Text, path->Length);
    CmpTextPrint(text, "]\n");
    if (format == CMP_REG_SNAPSHOT) {
        if (key->Flags & CMP_KEY_LINK)
            CmpTextPrint(text, ";veles:link\n");
        if (key->ClassLength) {
            CmpTextPrint(text, ";veles:class=");
            CmpWriteHex(text, (const UCHAR *)key->Class, key->ClassLength, 0);
            CmpTextPrint(text, "\n");
        }
        snprintf(line, sizeof(line), ";veles:time=%lld\n", (long long)key->LastWriteTime);
        CmpTextPrint(text, line);
    }
    for (ULONG i = 0; i < key->ValueCount; i++)
        CmpWriteValue(text, &key->Values[i], format);
    for (ULONG i = 0; i < key->SubKeyCount; i++) {
        const CMP_KEY *sub = key->SubKeys[i];
        if (format == CMP_REG_SNAPSHOT && sub->Hive != key->Hive)
            continue; /* a hive loaded below is stored in its own file */
        CmpTextAppend(path, "\\", 1);
        CmpTextAppendKeyName(path, sub->Name, sub->NameLength);
        CmpWriteKey(text, sub, path, format);
        path->Length = path_length;
        path->Text[path_length] = 0;
    }
}

void CmpWriteRegText(CMP_TEXT *text, CMP_KEY *key, const char *root_name, CMP_REG_FORMAT format)
{
    CMP_TEXT path = {0};

    CmpTextPrint(&path, root_name);
    CmpWriteKey(text, key, &path, format);
    free(path.Text);
}

/* Reading. */

typedef struct {
    const CMP_IMPORT_TARGET *Target;
    bool Logged;
    bool Regedit4;
    CMP_KEY *Key;                    /* the section's key, referenced; NULL: its values are skipped */
    unsigned Line;
    NTSTATUS Failure;                /* the first, for an import that goes on past bad lines (a snapshot) */
    char *Error;
    size_t ErrorSize;
} CMP_IMPORT;

/* A bad line stops a logged import; reading a snapshot it is reported and left out, so that one bad line
 * loses no more than itself. */
static NTSTATUS CmpImportError(CMP_IMPORT *import, NTSTATUS status, const char *what)
{
    if (import->Failure)
        return import->Logged ? status : STATUS_SUCCESS;
    snprintf(import->Error, import->ErrorSize, "line %u: %s", import->Line, what);
    import->Failure = status;
    return import->Logged ? status : STATUS_SUCCESS;
}

/* Make a change, through the hive's log when the import is logged. */
static NTSTATUS CmpImportChange(CMP_IMPORT *import, CMP_CHANGE *change, CMP_KEY **created)
{
    NTSTATUS status;

    if (import->Logged) {
        if ((status = CmpBeginKeyChange(change->Key)))
            return status;
        if (change->Kind == CMP_CHANGE_CREATE_KEY &&
            (*created = CmpFindSubKey(change->Key, change->Name, change->NameLength, NULL))) {
            CmpAbortChange(change->Key); /* made by another process meanwhile */
            return STATUS_SUCCESS;
        }
        if ((status = CmpEndChange(change)))
            return status;
    }
    if (import->Logged) {
        if (change->Kind == CMP_CHANGE_CREATE_KEY)
            *created = CmpApplyChange(change);
        else
            CmpApplyChange(change);
    } else {
        /* Reading a snapshot: the times are its own, given by its comments. */
        CMP_KEY *dated = change->Kind == CMP_CHANGE_DELETE_KEY ? change->Key->Parent : change->Key;
        LONGLONG time = dated->LastWriteTime;
        CMP_KEY *key = CmpApplyChange(change);
        dated->LastWriteTime = time;
        if (change->Kind == CMP_CHANGE_CREATE_KEY)
            *created = key;
    }
    return STATUS_SUCCESS;
}

const char *CmpRegRootPath(const char *name, size_t len, const char **long_name)
{
    static const struct {
        const char *Long, *Short, *Path;
    } roots[] = {
        {"HKEY_LOCAL_MACHINE", "HKLM", "MACHINE"},
        {"HKEY_USERS", "HKU", "USER"},
        {"HKEY_CURRENT_USER", "HKCU", "USER\\" SE_USER_SID_STRING},
        {"HKEY_CLASSES_ROOT", "HKCR", "MACHINE\\SOFTWARE\\Classes"},
        {"HKEY_CURRENT_CONFIG", "HKCC", "MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current"},
    };

    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
        if ((strlen(roots[i].Long) == len && !strncasecmp(name, roots[i].Long, len)) ||
            (strlen(roots[i].Short) == len && !strncasecmp(name, roots[i].Short, len))) {
            if (long_name)
                *long_name = roots[i].Long;
            return roots[i].Path;
        }
    return NULL;
}

/* The key a section header names, created as needed (or NULL with a status); for a deletion, removed. */
static NTSTATUS CmpImportSection(CMP_IMPORT *import, const char *name, size_t len, bool delete)
{
    const CMP_IMPORT_TARGET *target = import->Target;
    CMP_HIVE *only = target->Only;
    const char *root;
    char *path;
    WCHAR *wide;
    size_t root_len, path_len, wide_len, pos = 0;
    CMP_KEY *key = target->Base ? target->Base : CmpRoot;
    NTSTATUS status = STATUS_SUCCESS;

    if (import->Key) {
        CmpReleaseKey(import->Key);
        import->Key = NULL;
    }
    if (target->Base) {
        root_len = strlen(target->BaseName);
        if (len < root_len || strncasecmp(name, target->BaseName, root_len) || (len > root_len && name[root_len] != '\\'))
            return CmpImportError(import, STATUS_OBJECT_PATH_SYNTAX_BAD, "a key is not below the one being read");
        root = "";
    } else {
        const char *slash = memchr(name, '\\', len);
        root_len = slash ? (size_t)(slash - name) : len;
        if (!(root = CmpRegRootPath(name, root_len, NULL)))
            return CmpImportError(import, STATUS_OBJECT_PATH_SYNTAX_BAD,
                                  "a key must start with HKEY_LOCAL_MACHINE, HKEY_USERS, HKEY_CURRENT_USER, "
                                  "HKEY_CLASSES_ROOT or HKEY_CURRENT_CONFIG");
    }
    path_len = strlen(root) + (len - root_len);
    path = HostAlloc(path_len + 1);
    memcpy(path, root, strlen(root));
    memcpy(path + strlen(root), name + root_len, len - root_len);
    wide_len = RtlpUtf8ToUtf16(path, path_len, NULL, 0);
    wide = HostAlloc((wide_len + 1) * sizeof(WCHAR));
    RtlpUtf8ToUtf16(path, path_len, wide, wide_len);
    free(path);
    if (target->Base && wide_len && wide[0] == '\\')
        pos = 1;
    key->References++;
    while (pos < wide_len && !status) {
        WCHAR *name = wide + pos;
        size_t name_len = CmpTakeKeyName(wide, wide_len, &pos);
        CMP_KEY *sub;
        if (!name_len || name_len > CMP_MAX_KEY_NAME || !CmpIsKeyName(name, (USHORT)name_len)) {
            status = CmpImportError(import, STATUS_OBJECT_NAME_INVALID, "a key name is empty, too long or holds a backslash");
            break;
        }
        if (!(sub = CmpFindSubKey(key, name, (USHORT)name_len, NULL)) && !delete) {
            CMP_CHANGE change = {.Kind = CMP_CHANGE_CREATE_KEY, .Key = key, .Name = name,
                                 .NameLength = (USHORT)name_len, .Time = KeQuerySystemTime()};
            if (only && key->Hive != only)
                break; /* another hive's: skipped */
            if (!key->Hive)
                status = CmpImportError(import, STATUS_ACCESS_DENIED, "keys can only be made inside a hive");
            else
                status = CmpImportChange(import, &change, &sub);
        }
        CmpReleaseKey(key);
        key = sub;
        if (!key)
            break;
        key->References++;
        pos++;
    }
    free(wide);
    if (status || !key) {
        if (key)
            CmpReleaseKey(key);
        return status;
    }
    if (only && key->Hive != only) {
        CmpReleaseKey(key);
        return STATUS_SUCCESS;
    }
    if (delete) {
        /* Children first, each a change of its own. */
        while (!status && key->SubKeyCount && !(key->Flags & CMP_KEY_DELETED)) {
            CMP_KEY *child = key->SubKeys[0];
            while (child->SubKeyCount)
                child = child->SubKeys[0];
            CMP_CHANGE change = {.Kind = CMP_CHANGE_DELETE_KEY, .Key = child, .Time = KeQuerySystemTime()};
            status = CmpImportChange(import, &change, NULL);
        }
        if (!status && key->Parent && key->Parent->Hive) {
            CMP_CHANGE change = {.Kind = CMP_CHANGE_DELETE_KEY, .Key = key, .Time = KeQuerySystemTime()};
            status = CmpImportChange(import, &change, NULL);
        }
        CmpReleaseKey(key);
        return status;
    }
    import->Key = key;
    return STATUS_SUCCESS;
}

static int CmpHexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "xx,xx,..." into bytes (allocated; *length). */
static bool CmpParseHex(const char *s, UCHAR **data, ULONG *length)
{
    size_t cap = strlen(s) / 2 + 1;
    ULONG n = 0;

    *data = HostAlloc(cap);
    while (*s == ' ' || *s == '\t')
        s++;
    while (*s) {
        int hi = CmpHexDigit(s[0]), lo = hi < 0 ? -1 : CmpHexDigit(s[1]);
        if (lo < 0)
            break;
        (*data)[n++] = (UCHAR)(hi << 4 | lo);
        s += 2;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != ',')
            break;
        s++;
        while (*s == ' ' || *s == '\t')
            s++;
    }
    *length = n;
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    return !*s;
}

/* A quoted string starting after its opening quote: its unescaped UTF-8 (allocated, *length bytes), and
 * where it ended. */
static char *CmpParseQuoted(const char *s, const char **end, size_t *length)
{
    char *out = HostAlloc(strlen(s) + 1), *o = out;

    for (; *s && *s != '"'; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s == '0' ? '\0' : *s;
        } else {
            *o++ = *s;
        }
    }
    *o = 0;
    *length = (size_t)(o - out);
    *end = *s == '"' ? s + 1 : NULL;
    return out;
}

/* The UTF-16 of len bytes of UTF-8 text, terminated, in *size bytes. */
static WCHAR *CmpWiden(const char *s, size_t len, ULONG *size)
{
    size_t n = RtlpUtf8ToUtf16(s, len, NULL, 0);
    WCHAR *wide = HostZalloc((n + 1) * sizeof(WCHAR));

    RtlpUtf8ToUtf16(s, len, wide, n);
    *size = (ULONG)((n + 1) * sizeof(WCHAR));
    return wide;
}

static NTSTATUS CmpImportValue(CMP_IMPORT *import, char *line)
{
    CMP_CHANGE change = {.Time = KeQuerySystemTime()};
    char *name = NULL, *text = NULL;
    const char *rest;
    size_t name_len;
    WCHAR *wide_name;
    ULONG name_size, size = 0;
    UCHAR *data = NULL;
    NTSTATUS status;

    if (line[0] == '@') {
        name = HostStrdup("");
        name_len = 0;
        rest = line + 1;
    } else {
        name = CmpParseQuoted(line + 1, &rest, &name_len);
        if (!rest) {
            free(name);
            return CmpImportError(import, STATUS_INVALID_PARAMETER, "a value name lacks its closing quote");
        }
    }
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (*rest != '=') {
        free(name);
        return CmpImportError(import, STATUS_INVALID_PARAMETER, "a value name is not followed by '='");
    }
    rest++;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    status = STATUS_SUCCESS;
    if (rest[0] == '-') {
        change.Kind = CMP_CHANGE_DELETE_VALUE;
    } else if (rest[0] == '"') {
        const char *end;
        size_t text_len;
        text = CmpParseQuoted(rest + 1, &end, &text_len);
        if (!end)
            status = CmpImportError(import, STATUS_INVALID_PARAMETER, "a string lacks its closing quote");
        change.Kind = CMP_CHANGE_SET_VALUE;
        change.Type = REG_SZ;
        data = (UCHAR *)CmpWiden(text, text_len, &size);
    } else if (!strncasecmp(rest, "dword:", 6)) {
        char *end;
        unsigned long long v = strtoull(rest + 6, &end, 16);
        while (*end == ' ' || *end == '\t' || *end == '\r')
            end++;
        if (end == rest + 6 || *end || v > 0xffffffffull)
            status = CmpImportError(import, STATUS_INVALID_PARAMETER, "a dword is not eight hex digits");
        change.Kind = CMP_CHANGE_SET_VALUE;
        change.Type = REG_DWORD;
        data = HostAlloc(sizeof(ULONG));
        *(ULONG *)data = (ULONG)v;
        size = sizeof(ULONG);
    } else if (!strncasecmp(rest, "hex", 3)) {
        const char *p = rest + 3;
        ULONG type = REG_BINARY;
        if (*p == '(') {
            char *end;
            type = (ULONG)strtoul(p + 1, &end, 16);
            p = *end == ')' ? end + 1 : NULL;
        }
        if (!p || *p != ':' || !CmpParseHex(p + 1, &data, &size))
            status = CmpImportError(import, STATUS_INVALID_PARAMETER, "hex data is malformed");
        if (!status && import->Regedit4 && (type == REG_EXPAND_SZ || type == REG_MULTI_SZ)) {
            /* REGEDIT4 keeps these strings in 8 bits. */
            UCHAR *narrow = data;
            data = (UCHAR *)CmpWiden((const char *)narrow, size, &size);
            size -= sizeof(WCHAR);
            free(narrow);
        }
        change.Kind = CMP_CHANGE_SET_VALUE;
        change.Type = type;
    } else {
        status = CmpImportError(import, STATUS_INVALID_PARAMETER, "a value is not a string, dword:, hex: or -");
    }
    wide_name = CmpWiden(name, name_len, &name_size);
    if (!status && name_size / sizeof(WCHAR) - 1 > CMP_MAX_VALUE_NAME)
        status = CmpImportError(import, STATUS_INVALID_PARAMETER, "a value name is too long");
    if (!status && import->Key && !(import->Key->Flags & CMP_KEY_DELETED)) {
        change.Key = import->Key;
        change.Name = wide_name;
        change.NameLength = (USHORT)(name_size / sizeof(WCHAR) - 1);
        change.Data = data;
        change.DataLength = size;
        if (change.Kind != CMP_CHANGE_DELETE_VALUE || CmpFindValue(import->Key, wide_name, change.NameLength))
            status = CmpImportChange(import, &change, NULL);
    }
    free(wide_name);
    free(name);
    free(text);
    free(data);
    return status;
}

/* Veles' own comments in snapshots: they describe the section's key. */
static void CmpImportExtension(CMP_IMPORT *import, const char *line)
{
    CMP_KEY *key = import->Key;

    if (!key || import->Logged)
        return;
    if (!strcmp(line, "link"))
        key->Flags |= CMP_KEY_LINK;
    else if (!strncmp(line, "time=", 5))
        key->LastWriteTime = strtoll(line + 5, NULL, 10);
    else if (!strncmp(line, "class=", 6)) {
        UCHAR *data;
        ULONG size;
        if (CmpParseHex(line + 6, &data, &size))
            CmpSetClass(key, (const WCHAR *)data, (USHORT)(size & ~1u));
        free(data);
    }
}

NTSTATUS CmpImportRegText(const char *text, size_t length, const CMP_IMPORT_TARGET *target, char *error,
                          size_t error_size)
{
    CMP_IMPORT import = {.Target = target, .Logged = target->Logged, .Error = error, .ErrorSize = error_size};
    CMP_TEXT line = {0};
    size_t pos = 0;
    bool header = false;
    NTSTATUS status = STATUS_SUCCESS;

    if (length >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        pos = 3;
    while (pos < length && (!status || !import.Logged)) {
        size_t start = pos, end;
        char *l;
        /* One logical line: physical ones ending in a backslash continue (hex data). */
        line.Length = 0;
        CmpTextAppend(&line, "", 0);
        for (;;) {
            while (pos < length && text[pos] != '\n')
                pos++;
            end = pos++;
            import.Line++;
            if (end > start && text[end - 1] == '\r')
                end--;
            while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
                end--;
            if (pos < length && end > start && text[end - 1] == '\\') {
                CmpTextAppend(&line, text + start, end - start - 1);
                for (start = pos; start < length && (text[start] == ' ' || text[start] == '\t'); start++)
                    ;
                pos = start;
                continue;
            }
            CmpTextAppend(&line, text + start, end - start);
            break;
        }
        l = line.Text;
        while (*l == ' ' || *l == '\t')
            l++;
        if (!*l)
            continue;
        if (!header) {
            header = true;
            if (!strcmp(l, CMP_REGEDIT4_HEADER))
                import.Regedit4 = true;
            else if (strcmp(l, CMP_REG_HEADER)) {
                CmpImportError(&import, STATUS_INVALID_PARAMETER,
                               "not a .reg file: the first line must be \"Windows Registry Editor Version 5.00\" "
                               "or \"REGEDIT4\"");
                break;
            }
            continue;
        }
        if (*l == ';') {
            if (!strncmp(l, ";veles:", 7))
                CmpImportExtension(&import, l + 7);
            continue;
        }
        if (*l == '[') {
            char *close = strrchr(l, ']');
            bool delete = l[1] == '-';
            if (!close)
                status = CmpImportError(&import, STATUS_INVALID_PARAMETER, "a key lacks its closing ']'");
            else
                status = CmpImportSection(&import, l + 1 + delete, (size_t)(close - l - 1 - delete), delete);
            continue;
        }
        if (*l == '"' || *l == '@') {
            status = CmpImportValue(&import, l);
            continue;
        }
        status = CmpImportError(&import, STATUS_INVALID_PARAMETER, "neither a key, a value nor a comment");
    }
    if (import.Key)
        CmpReleaseKey(import.Key);
    free(line.Text);
    return import.Failure ? import.Failure : status;
}
