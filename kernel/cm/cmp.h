/* What the configuration manager's files share: the key tree in memory, the hives it is stored in, the lock. */
#ifndef CM_CMP_H
#define CM_CMP_H

#include <stdbool.h>
#include "cm/cm.h"
#include "se/se.h"

#define CMP_MAX_KEY_NAME 256          /* characters of one component (512 bytes, as Windows allows) */
#define CMP_MAX_VALUE_NAME 16383      /* characters */


#define CMP_KEY_VOLATILE 0x1
#define CMP_KEY_LINK 0x2
#define CMP_KEY_DELETED 0x4

typedef struct CMP_HIVE CMP_HIVE;

/* Text being built (.reg files, snapshots). */
typedef struct {
    char *Text;                       /* UTF-8, terminated */
    size_t Length, Capacity;
} CMP_TEXT;

typedef struct {
    WCHAR *Name;
    USHORT NameLength;                /* characters */
    ULONG Type;
    ULONG DataLength;
    UCHAR *Data;
} CMP_VALUE;

typedef struct CMP_KEY {
    struct CMP_KEY *Parent;           /* NULL for \REGISTRY and for a deleted key */
    CMP_HIVE *Hive;                   /* where it is stored; NULL above the hives */
    WCHAR *Name;
    WCHAR *UpName;                    /* the name in upper case, which lookups compare */
    USHORT NameLength;                /* characters */
    USHORT ClassLength;               /* bytes */
    WCHAR *Class;
    LONGLONG LastWriteTime;
    ULONG Flags;
    ULONG References;                 /* the parent's link and each key object */
    struct CMP_KEY **SubKeys;         /* in case-blind order, as enumeration gives them */
    ULONG SubKeyCount, SubKeyCapacity;
    CMP_VALUE *Values;                /* in the order they were first set */
    ULONG ValueCount, ValueCapacity;
    struct CMP_NOTIFY *Notifications; /* NtNotifyChangeKey requests waiting on this key */
} CMP_KEY;

/* The body of a key object: a handle's view of a key, and its notification block once it asked for one. */
typedef struct {
    CMP_KEY *Key;
    struct CMP_NOTIFY *Notify;
} CMP_KEY_BODY;

/* One lock guards the tree; taking it also brings in what other processes changed in the hives. */
void CmpLock(void);
void CmpUnlock(void);

/* The tree (cmtree.c). Every routine here runs under the lock. */
extern CMP_KEY *CmpRoot;              /* \REGISTRY */
extern const WCHAR CmpLinkValueName[]; /* what a link key's target is in */
#define CMP_LINK_VALUE_LENGTH 17
/* The subkey of that name, without regard to case, or NULL; *index is where it is or would go. */
CMP_KEY *CmpFindSubKey(const CMP_KEY *key, const WCHAR *name, USHORT len, ULONG *index);
/* A new subkey (the parent's reference is its first); the caller checks the name is not taken. */
CMP_KEY *CmpInsertSubKey(CMP_KEY *parent, const WCHAR *name, USHORT len, ULONG flags, LONGLONG time);
/* Take a key (without subkeys) out of the tree; it lives on, marked deleted, while key objects name it. */
void CmpRemoveKey(CMP_KEY *key);
void CmpReleaseKey(CMP_KEY *key);
void CmpRenameKey(CMP_KEY *key, const WCHAR *name, USHORT len);
void CmpSetClass(CMP_KEY *key, const WCHAR *class_name, USHORT length);
CMP_VALUE *CmpFindValue(const CMP_KEY *key, const WCHAR *name, USHORT len);
void CmpSetValue(CMP_KEY *key, const WCHAR *name, USHORT len, ULONG type, const void *data, ULONG size);
bool CmpDeleteValue(CMP_KEY *key, const WCHAR *name, USHORT len);
/* Remove a whole subtree (a hive being reloaded, or restored over). */
void CmpDeleteTree(CMP_KEY *key);
/* Make key's subtree what fresh's is (fresh is consumed), keeping the keys both have, so that their handles
 * stay good, and volatile keys; changes are reported to whoever waits. */
void CmpMergeTree(CMP_KEY *key, CMP_KEY *fresh);
/* The path of a key below base (NULL: the full path from \REGISTRY), components joined by '\'. Caller frees. */
WCHAR *CmpKeyPath(const CMP_KEY *key, const CMP_KEY *base, USHORT *length);
/* Walk down from key along a '\'-separated relative path, creating missing keys when create is set. */
CMP_KEY *CmpWalk(CMP_KEY *key, const WCHAR *path, USHORT len, bool create, LONGLONG time);

/* Changes: each goes to the key's hive log (unless volatile) and to whoever waits on the key. */
typedef enum {
    CMP_CHANGE_CREATE_KEY = 1,
    CMP_CHANGE_DELETE_KEY,
    CMP_CHANGE_SET_VALUE,
    CMP_CHANGE_DELETE_VALUE,
    CMP_CHANGE_RENAME_KEY,
    CMP_CHANGE_SET_TIME,
} CMP_CHANGE_KIND;

typedef struct {
    CMP_CHANGE_KIND Kind;
    CMP_KEY *Key;                     /* the key changed; for a key created, its parent */
    const WCHAR *Name;                /* the value's name, the new key's name or the new name */
    USHORT NameLength;
    ULONG Type;                       /* the value's type; for a key created its CMP_KEY_* flags */
    const void *Data;                 /* the value's data; for a key created its class */
    ULONG DataLength;
    LONGLONG Time;                    /* the key's new last write time */
} CMP_CHANGE;

/* Make a change in memory and tell whoever waits on the key (a key created is returned). Services call it
 * once the change is logged, a hive being brought up to date for each change another process logged. */
CMP_KEY *CmpApplyChange(const CMP_CHANGE *change);
/* A component of a key name: not empty, no backslash (NUL characters, as Windows, are fine). */
bool CmpIsKeyName(const WCHAR *name, USHORT len);
/* Return what a query built (required bytes, of which fixed are its fixed part) by Windows' rules: too
 * small for the fixed part is STATUS_BUFFER_TOO_SMALL, for the rest STATUS_BUFFER_OVERFLOW with what fits. */
NTSTATUS CmpReturnInformation(PVOID buffer, ULONG length, const void *data, ULONG required, ULONG fixed,
                              PULONG result_length);
NTSTATUS CmpReferenceKey(HANDLE handle, ACCESS_MASK access, CMP_KEY_BODY **body);
/* The key a caller's object attributes name, referenced; or when only its last component is missing, the
 * parent that would hold it, referenced, and that component (a copy, the caller's to free). */
NTSTATUS CmpLookupKey(POBJECT_ATTRIBUTES attributes, CMP_KEY **key, CMP_KEY **parent, WCHAR **last,
                      USHORT *last_length);
/* A key object (no handle) for the key a program's object attributes name; the caller dereferences it. */
NTSTATUS CmpOpenKeyObject(POBJECT_ATTRIBUTES attributes, CMP_KEY_BODY **body);

/* Hives (cmhive.c). */
/* Begin a change of key: its hive is locked against other processes and brought up to date, after which
 * the caller checks again what it checked. */
NTSTATUS CmpBeginChange(CMP_KEY *key);
/* Log a change about to be applied (unless its key is volatile) and let the hive go. On failure the change
 * must not be applied. CmpAbortChange lets the hive go without a change. */
NTSTATUS CmpEndChange(const CMP_CHANGE *change);
void CmpAbortChange(CMP_KEY *key);
/* CmpBeginChange for a key a handle names: STATUS_KEY_DELETED (with nothing held) if it is gone. */
NTSTATUS CmpBeginKeyChange(CMP_KEY *key);
/* Write a hive's changes through to the disk. */
NTSTATUS CmpFlushHive(CMP_HIVE *hive);
/* Bring every hive up to date with what other processes wrote (the lock held). */
void CmpSyncHives(void);
/* A notification is pending: from now on a host thread brings the hives up to date as soon as another
 * process writes to them, so that its changes complete requests here too. */
void CmpNotifyWatchHives(void);

/* Notifications (cmnotify.c): complete the requests on key and, watching their subtree, its ancestors that
 * a change of kind filter concerns. */
void CmpReportChange(CMP_KEY *key, ULONG filter);
/* A key goes: its requests complete. A handle goes: its own requests complete and its block goes. */
void CmpRundownNotifications(CMP_KEY *key);
void CmpRundownBodyNotifications(CMP_KEY_BODY *body);

CMP_HIVE *CmpHiveOf(const char *file_name);
/* A hive loaded from a file (NtLoadKey), rooted at root: kept in memory, not logged, written back whole to its
 * file by NtFlushKey and when it is unloaded. It owns unix_path and root_name (its root's name in .reg text). */
CMP_HIVE *CmpCreateFileHive(CMP_KEY *root, char *unix_path, char *root_name);
bool CmpIsFileHive(const CMP_HIVE *hive);
CMP_KEY *CmpHiveRoot(const CMP_HIVE *hive);
void CmpFreeFileHive(CMP_HIVE *hive);
/* Create the hives' roots below \REGISTRY and load them (with the default contents the first time). */
NTSTATUS CmpMountHives(char *error, size_t error_size);
/* The contents of a new prefix's registry, in regedit's syntax (cmdefault.c). */
void CmpWriteDefaults(CMP_TEXT *text);
USHORT CmpStringLength(const WCHAR *s);

/* .reg text (cmregfile.c). */
#define CMP_REG_HEADER "Windows Registry Editor Version 5.00"
#define CMP_REGEDIT4_HEADER "REGEDIT4"
void CmpTextAppend(CMP_TEXT *text, const char *s, size_t len);
void CmpTextPrint(CMP_TEXT *text, const char *s);
/* How a subtree is written: a snapshot (UTF-8, non-volatile keys, with Veles' comments for link keys,
 * classes and times), or for regedit, version 5 or REGEDIT4 (whose strings are 8-bit). */
typedef enum { CMP_REG_SNAPSHOT, CMP_REG_VERSION5, CMP_REG_REGEDIT4 } CMP_REG_FORMAT;
/* Write key and its subtree, named root_name ("HKEY_LOCAL_MACHINE\\..."), without the header line. */
void CmpWriteRegText(CMP_TEXT *text, CMP_KEY *key, const char *root_name, CMP_REG_FORMAT format);
/* One value's line ("name"=data), as regedit writes it. */
void CmpWriteValue(CMP_TEXT *text, const CMP_VALUE *value, CMP_REG_FORMAT format);
/* The path below \REGISTRY that a root name of .reg text stands for ("HKEY_LOCAL_MACHINE" or "HKLM": "MACHINE"),
 * and its long spelling; NULL for another name. */
const char *CmpRegRootPath(const char *name, size_t len, const char **long_name);
/* Where .reg text goes: by its root names from \REGISTRY, or, when Base is set, each section below BaseName
 * ("HKEY_LOCAL_MACHINE\\x") below Base (a snapshot read beside the tree, a key restored); with Only, what
 * falls in other hives is left out; Logged changes go through the hive logs. */
typedef struct {
    CMP_KEY *Base;
    const char *BaseName;
    CMP_HIVE *Only;
    bool Logged;
} CMP_IMPORT_TARGET;
/* Apply .reg text (UTF-8) to the tree (the lock held). Errors name the line. */
NTSTATUS CmpImportRegText(const char *text, size_t length, const CMP_IMPORT_TARGET *target, char *error,
                          size_t error_size);

#endif
