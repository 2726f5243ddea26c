/* The key tree in memory: subkeys kept in case-blind order, values in the order they were set. */
#include <stdlib.h>
#include <string.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "rtl/unicode.h"

CMP_KEY *CmpRoot;
const WCHAR CmpLinkValueName[] = u"SymbolicLinkValue";

USHORT CmpStringLength(const WCHAR *s)
{
    USHORT n = 0;

    while (s[n])
        n++;
    return n;
}

/* Windows orders keys by their upper-case names, code unit by code unit: the name is put in upper case
 * once and compared with the subkeys' upper-case names. */
CMP_KEY *CmpFindSubKey(const CMP_KEY *key, const WCHAR *name, USHORT len, ULONG *index)
{
    WCHAR up[CMP_MAX_KEY_NAME];
    ULONG lo = 0, hi = key->SubKeyCount;

    if (len > CMP_MAX_KEY_NAME) {
        if (index)
            *index = 0;
        return NULL; /* no key has such a name */
    }
    for (USHORT i = 0; i < len; i++)
        up[i] = RtlpUpcase(name[i]);
    while (lo < hi) {
        ULONG mid = lo + (hi - lo) / 2;
        const CMP_KEY *sub = key->SubKeys[mid];
        USHORT n = sub->NameLength < len ? sub->NameLength : len, i = 0;
        int c;
        while (i < n && sub->UpName[i] == up[i])
            i++;
        if (i < n)
            c = sub->UpName[i] < up[i] ? -1 : 1;
        else
            c = sub->NameLength == len ? 0 : sub->NameLength < len ? -1 : 1;
        if (!c) {
            if (index)
                *index = mid;
            return key->SubKeys[mid];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (index)
        *index = lo;
    return NULL;
}

static WCHAR *CmppCopyName(const WCHAR *name, USHORT len)
{
    WCHAR *copy = HostAlloc(((size_t)len + 1) * sizeof(WCHAR));

    memcpy(copy, name, (size_t)len * sizeof(WCHAR));
    copy[len] = 0;
    return copy;
}

static void CmppSetName(CMP_KEY *key, const WCHAR *name, USHORT len)
{
    free(key->Name);
    free(key->UpName);
    key->Name = CmppCopyName(name, len);
    key->UpName = CmppCopyName(name, len);
    for (USHORT i = 0; i < len; i++)
        key->UpName[i] = RtlpUpcase(name[i]);
    key->NameLength = len;
}

static void CmppLinkSubKey(CMP_KEY *parent, CMP_KEY *key)
{
    ULONG index;

    CmpFindSubKey(parent, key->Name, key->NameLength, &index);
    if (parent->SubKeyCount == parent->SubKeyCapacity) {
        parent->SubKeyCapacity = parent->SubKeyCapacity ? parent->SubKeyCapacity * 2 : 4;
        parent->SubKeys = HostRealloc(parent->SubKeys, parent->SubKeyCapacity * sizeof(*parent->SubKeys));
    }
    memmove(parent->SubKeys + index + 1, parent->SubKeys + index,
            (parent->SubKeyCount - index) * sizeof(*parent->SubKeys));
    parent->SubKeys[index] = key;
    parent->SubKeyCount++;
    key->Parent = parent;
}

static void CmppUnlinkSubKey(CMP_KEY *key)
{
    CMP_KEY *parent = key->Parent;
    ULONG index;

    if (CmpFindSubKey(parent, key->Name, key->NameLength, &index) != key)
        HostBugCheck("registry key %p is not in its parent's list", (void *)key);
    memmove(parent->SubKeys + index, parent->SubKeys + index + 1,
            (parent->SubKeyCount - index - 1) * sizeof(*parent->SubKeys));
    parent->SubKeyCount--;
    key->Parent = NULL;
}

CMP_KEY *CmpInsertSubKey(CMP_KEY *parent, const WCHAR *name, USHORT len, ULONG flags, LONGLONG time)
{
    CMP_KEY *key = HostZalloc(sizeof(*key));

    CmppSetName(key, name, len);
    key->Flags = flags | (parent->Flags & CMP_KEY_VOLATILE);
    key->Hive = parent->Hive;
    key->LastWriteTime = time;
    key->References = 1;
    CmppLinkSubKey(parent, key);
    parent->LastWriteTime = time;
    return key;
}

static void CmppFreeValue(CMP_VALUE *value)
{
    free(value->Name);
    free(value->Data);
}

void CmpReleaseKey(CMP_KEY *key)
{
    if (--key->References)
        return;
    for (ULONG i = 0; i < key->ValueCount; i++)
        CmppFreeValue(&key->Values[i]);
    free(key->Values);
    free(key->SubKeys);
    free(key->Name);
    free(key->UpName);
    free(key->Class);
    free(key);
}

void CmpRemoveKey(CMP_KEY *key)
{
    CmpRundownNotifications(key);
    CmppUnlinkSubKey(key);
    key->Flags |= CMP_KEY_DELETED;
    for (ULONG i = 0; i < key->ValueCount; i++)
        CmppFreeValue(&key->Values[i]);
    key->ValueCount = 0;
    CmpReleaseKey(key);
}

void CmpDeleteTree(CMP_KEY *key)
{
    while (key->SubKeyCount)
        CmpDeleteTree(key->SubKeys[key->SubKeyCount - 1]);
    if (key->Parent)
        CmpRemoveKey(key);
}

void CmpRenameKey(CMP_KEY *key, const WCHAR *name, USHORT len)
{
    CMP_KEY *parent = key->Parent;

    CmppUnlinkSubKey(key);
    CmppSetName(key, name, len);
    CmppLinkSubKey(parent, key);
}

void CmpSetClass(CMP_KEY *key, const WCHAR *class_name, USHORT length)
{
    free(key->Class);
    key->Class = NULL;
    key->ClassLength = length;
    if (length) {
        key->Class = HostAlloc(length);
        memcpy(key->Class, class_name, length);
    }
}

CMP_VALUE *CmpFindValue(const CMP_KEY *key, const WCHAR *name, USHORT len)
{
    for (ULONG i = 0; i < key->ValueCount; i++)
        if (RtlpEqualNames(key->Values[i].Name, key->Values[i].NameLength, name, len, TRUE))
            return &key->Values[i];
    return NULL;
}

void CmpSetValue(CMP_KEY *key, const WCHAR *name, USHORT len, ULONG type, const void *data, ULONG size)
{
    CMP_VALUE *value = CmpFindValue(key, name, len);
    UCHAR *copy = NULL;

    if (size) {
        copy = HostAlloc(size);
        memcpy(copy, data, size);
    }
    if (!value) {
        if (key->ValueCount == key->ValueCapacity) {
            key->ValueCapacity = key->ValueCapacity ? key->ValueCapacity * 2 : 4;
            key->Values = HostRealloc(key->Values, key->ValueCapacity * sizeof(*key->Values));
        }
        value = &key->Values[key->ValueCount++];
        value->Name = CmppCopyName(name, len);
        value->NameLength = len;
    } else {
        free(value->Data);
    }
    value->Type = type;
    value->Data = copy;
    value->DataLength = size;
}

bool CmpDeleteValue(CMP_KEY *key, const WCHAR *name, USHORT len)
{
    CMP_VALUE *value = CmpFindValue(key, name, len);
    ULONG index;

    if (!value)
        return false;
    index = (ULONG)(value - key->Values);
    CmppFreeValue(value);
    memmove(value, value + 1, (key->ValueCount - index - 1) * sizeof(*value));
    key->ValueCount--;
    return true;
}

WCHAR *CmpKeyPath(const CMP_KEY *key, const CMP_KEY *base, USHORT *length)
{
    size_t total = 0;
    WCHAR *path, *p;

    for (const CMP_KEY *k = key; k && k != base; k = k->Parent)
        total += 1 + k->NameLength;
    if (base && total)
        total--; /* no leading separator below a base */
    if (total > 0xfffe / sizeof(WCHAR))
        total = 0; /* cannot happen within Windows' limits on depth and names */
    path = HostAlloc((total + 1) * sizeof(WCHAR));
    p = path + total;
    *p = 0;
    for (const CMP_KEY *k = key; k && k != base && p > path; k = k->Parent) {
        p -= k->NameLength;
        memcpy(p, k->Name, k->NameLength * sizeof(WCHAR));
        if (p > path)
            *--p = '\\';
    }
    *length = (USHORT)total;
    return path;
}

CMP_KEY *CmpWalk(CMP_KEY *key, const WCHAR *path, USHORT len, bool create, LONGLONG time)
{
    USHORT pos = 0;

    while (key && pos < len) {
        USHORT start = pos;
        CMP_KEY *sub;
        while (pos < len && path[pos] != '\\')
            pos++;
        if (pos > start) {
            sub = CmpFindSubKey(key, path + start, (USHORT)(pos - start), NULL);
            if (!sub && create && pos - start <= CMP_MAX_KEY_NAME)
                sub = CmpInsertSubKey(key, path + start, (USHORT)(pos - start), 0, time);
            key = sub;
        }
        pos++;
    }
    return key;
}

bool CmpIsKeyName(const WCHAR *name, USHORT len)
{
    if (!len)
        return false;
    for (USHORT i = 0; i < len; i++)
        if (name[i] == '\\')
            return false;
    return true;
}

CMP_KEY *CmpApplyChange(const CMP_CHANGE *change)
{
    CMP_KEY *key = change->Key, *parent = key->Parent, *created = NULL;

    switch (change->Kind) {
    case CMP_CHANGE_CREATE_KEY:
        created = CmpInsertSubKey(key, change->Name, change->NameLength, change->Type, change->Time);
        CmpSetClass(created, change->Data, (USHORT)change->DataLength);
        CmpReportChange(key, REG_NOTIFY_CHANGE_NAME);
        break;
    case CMP_CHANGE_DELETE_KEY:
        CmpRemoveKey(key);
        parent->LastWriteTime = change->Time;
        CmpReportChange(parent, REG_NOTIFY_CHANGE_NAME);
        break;
    case CMP_CHANGE_SET_VALUE:
        CmpSetValue(key, change->Name, change->NameLength, change->Type, change->Data, change->DataLength);
        key->LastWriteTime = change->Time;
        CmpReportChange(key, REG_NOTIFY_CHANGE_LAST_SET);
        break;
    case CMP_CHANGE_DELETE_VALUE:
        CmpDeleteValue(key, change->Name, change->NameLength);
        key->LastWriteTime = change->Time;
        CmpReportChange(key, REG_NOTIFY_CHANGE_LAST_SET);
        break;
    case CMP_CHANGE_RENAME_KEY:
        CmpRenameKey(key, change->Name, change->NameLength);
        key->LastWriteTime = change->Time;
        CmpReportChange(parent, REG_NOTIFY_CHANGE_NAME);
        break;
    case CMP_CHANGE_SET_TIME:
        key->LastWriteTime = change->Time;
        break;
    }
    return created;
}

static bool CmpSameValues(const CMP_KEY *a, const CMP_KEY *b)
{
    if (a->ValueCount != b->ValueCount)
        return false;
    for (ULONG i = 0; i < a->ValueCount; i++) {
        const CMP_VALUE *x = &a->Values[i], *y = &b->Values[i];
        if (x->NameLength != y->NameLength || memcmp(x->Name, y->Name, x->NameLength * sizeof(WCHAR)) ||
            x->Type != y->Type || x->DataLength != y->DataLength ||
            (x->DataLength && memcmp(x->Data, y->Data, x->DataLength)))
            return false;
    }
    return true;
}

void CmpMergeTree(CMP_KEY *key, CMP_KEY *fresh)
{
    bool names_changed = false;

    if (!CmpSameValues(key, fresh)) {
        CMP_VALUE *values = key->Values;
        ULONG count = key->ValueCount, capacity = key->ValueCapacity;
        key->Values = fresh->Values;
        key->ValueCount = fresh->ValueCount;
        key->ValueCapacity = fresh->ValueCapacity;
        fresh->Values = values;
        fresh->ValueCount = count;
        fresh->ValueCapacity = capacity;
        CmpReportChange(key, REG_NOTIFY_CHANGE_LAST_SET);
    }
    key->LastWriteTime = fresh->LastWriteTime;
    key->Flags = (key->Flags & ~(ULONG)CMP_KEY_LINK) | (fresh->Flags & CMP_KEY_LINK);
    if (fresh->ClassLength != key->ClassLength ||
        (key->ClassLength && memcmp(fresh->Class, key->Class, key->ClassLength)))
        CmpSetClass(key, fresh->Class, fresh->ClassLength);
    for (ULONG i = key->SubKeyCount; i-- > 0;) {
        CMP_KEY *sub = key->SubKeys[i];
        /* Volatile keys are in no snapshot, and a hive loaded below this one is in its own. */
        if (!(sub->Flags & CMP_KEY_VOLATILE) && sub->Hive == key->Hive &&
            !CmpFindSubKey(fresh, sub->Name, sub->NameLength, NULL)) {
            CmpDeleteTree(sub);
            names_changed = true;
        }
    }
    while (fresh->SubKeyCount) {
        CMP_KEY *sub = fresh->SubKeys[0], *existing = CmpFindSubKey(key, sub->Name, sub->NameLength, NULL);
        if (existing && existing->Hive != key->Hive) {
            CmpDeleteTree(sub); /* a hive loaded there hides what this one has of that name */
        } else if (existing) {
            if (memcmp(existing->Name, sub->Name, sub->NameLength * sizeof(WCHAR))) {
                CmpRenameKey(existing, sub->Name, sub->NameLength);
                names_changed = true;
            }
            CmpMergeTree(existing, sub);
            CmpDeleteTree(sub);
        } else {
            CmppUnlinkSubKey(sub);
            CmppLinkSubKey(key, sub);
            names_changed = true;
        }
    }
    if (names_changed)
        CmpReportChange(key, REG_NOTIFY_CHANGE_NAME);
}

/* The memory a subtree's keys and values take, which is what the registry's quota would count. */
static SIZE_T CmppTreeSize(const CMP_KEY *key)
{
    SIZE_T size = sizeof(*key) + 2u * key->NameLength * sizeof(WCHAR) + key->ClassLength +
                  key->SubKeyCapacity * sizeof(key->SubKeys[0]) + key->ValueCapacity * sizeof(key->Values[0]);

    for (ULONG i = 0; i < key->ValueCount; i++)
        size += key->Values[i].NameLength * sizeof(WCHAR) + key->Values[i].DataLength;
    for (ULONG i = 0; i < key->SubKeyCount; i++)
        size += CmppTreeSize(key->SubKeys[i]);
    return size;
}

SIZE_T CmQueryRegistryUsage(void)
{
    SIZE_T size;

    CmpLock();
    size = CmppTreeSize(CmpRoot);
    CmpUnlock();
    return size;
}
