/* The object manager's interface: typed, reference-counted objects and the process's handle table. */
#ifndef OB_OB_H
#define OB_OB_H

#include "nt/types.h"

typedef struct OBJECT_TYPE {
    const char *Name;              /* as NtQueryObject names it: "File", "Process", ... */
    GENERIC_MAPPING Mapping;
    ACCESS_MASK ValidAccess;
    void (*Delete)(void *body);    /* when the last reference goes */
    BOOLEAN Waitable;              /* the body starts with a DISPATCHER_HEADER */
    BOOLEAN Nameless;              /* never in the namespace (threads, processes): a name given is ignored */
    BOOLEAN ParsesNames;           /* a device: what follows its name in a path is its own (a file's path) */
    /* The full name of an object whose type keeps names itself (a key); NULL: the namespace's. */
    NTSTATUS (*QueryName)(void *body, WCHAR **name, USHORT *length);
    /* A name query with room for the string but not the whole name gets what fits and STATUS_BUFFER_OVERFLOW
     * (files, whose names the I/O manager gives), not STATUS_INFO_LENGTH_MISMATCH. */
    BOOLEAN PartialName;
    /* Where an object's security descriptor is kept when not with the object itself (a pipe's instances share
     * one): *slot, or NULL when the type keeps none yet; or why there is none to ask for. */
    NTSTATUS (*Security)(void *body, void ***slot);
    /* A type whose named objects the prefix's other processes share, in the BaseNamedObjects directories: a new
     * object is made or found there by its full name (*existed: another process has it, whose state the object
     * now has), and an open this process's namespace misses looks there (STATUS_OBJECT_NAME_NOT_FOUND: nowhere).
     * Any other failure leaves the object this process's alone. */
    NTSTATUS (*Share)(void *body, const WCHAR *name, USHORT length, BOOLEAN *existed);
    NTSTATUS (*OpenShared)(const WCHAR *name, USHORT length, void **body);
    /* Whether a handle to the object may be closed now: a type whose handles the system itself uses (the
     * process's window station) says no, and NtClose answers STATUS_INVALID_HANDLE, as on Windows. Called with
     * the handle table locked: it may not use handles. */
    BOOLEAN (*OkayToClose)(void *body, HANDLE handle);
} OBJECT_TYPE;

/* A new object of type with a zeroed body of size bytes and one reference, owned by the caller. */
void *ObCreateObject(const OBJECT_TYPE *type, size_t size);
void ObReferenceObject(void *body);
/* A reference to an object found in a list of its own component, which may be going away: false once it is. */
BOOLEAN ObReferenceObjectSafe(void *body);
void ObDereferenceObject(void *body);
const OBJECT_TYPE *ObGetObjectType(const void *body);
/* Where the object's security descriptor is kept (see OBJECT_TYPE.Security): its own place by default. */
NTSTATUS ObGetSecuritySlot(void *body, void ***slot);

/* access with its generic rights replaced by the type's specific ones (MAXIMUM_ALLOWED: all of them). */
ACCESS_MASK ObMapGenericAccess(const OBJECT_TYPE *type, ACCESS_MASK access);

/* Give the process a handle to object (which gains a reference) with access mapped through its type. */
NTSTATUS ObInsertHandle(void *body, ACCESS_MASK access, ULONG attributes, HANDLE *handle);
/* The object a handle names, referenced, if the handle grants desired (0 = any) and the type matches
 * (NULL = any). STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH or STATUS_ACCESS_DENIED otherwise. */
NTSTATUS ObReferenceObjectByHandle(HANDLE handle, ACCESS_MASK desired, const OBJECT_TYPE *type, void **body);
/* The same without an access check, for services that need one of several rights: what the handle grants. */
NTSTATUS ObReferenceObjectByHandleWithAccess(HANDLE handle, const OBJECT_TYPE *type, void **body,
                                             ACCESS_MASK *granted);
/* The object a handle names (referenced), with the access and attributes of the handle itself. The
 * pseudo-handles grant everything and have no attributes. */
NTSTATUS ObReferenceHandle(HANDLE handle, void **body, ACCESS_MASK *access, ULONG *attributes);
/* Change a handle's attributes (OBJ_INHERIT, OBJ_PROTECT_CLOSE). */
NTSTATUS ObSetHandleAttributes(HANDLE handle, ULONG attributes);
ULONG ObHandleCount(void);
/* SystemHandleInformation (extended: SystemExtendedHandleInformation) of the process's handles: all of them or
 * STATUS_INFO_LENGTH_MISMATCH, the size needed told either way. */
NTSTATUS ObQueryHandleInformation(BOOLEAN extended, PVOID out, ULONG length, PULONG return_length);

/* The process's handles, as many as max allows, each object referenced (the caller lets go); how many there are. */
typedef struct {
    HANDLE Value;
    void *Object;
    ACCESS_MASK Access;
    ULONG Attributes;
} OB_HANDLE_SNAPSHOT;
ULONG ObSnapshotHandles(OB_HANDLE_SNAPSHOT *out, ULONG max);
/* A handle at the value given, for what a new process inherits before it makes handles of its own;
 * STATUS_INVALID_HANDLE for a value that is not a multiple of 4 or is taken. */
NTSTATUS ObInsertHandleAt(void *body, ACCESS_MASK access, ULONG attributes, HANDLE value);

/* The object NtCurrentProcess() names (the current thread's is its KTHREAD, which ob finds itself). */
void ObSetCurrentProcessObject(void *process);

/* The OBJECT_ATTRIBUTES a caller passed, copied into the host. */
typedef struct {
    ULONG Attributes;
    HANDLE RootDirectory;
    WCHAR *Name;            /* NULL when no name was given (or an empty one) */
    USHORT NameLength;      /* characters */
    PVOID SecurityDescriptor; /* the caller's, not yet captured */
} OB_OBJECT_ATTRIBUTES;

/* Copy and check a caller's OBJECT_ATTRIBUTES (NULL is allowed: no name, no attributes). */
NTSTATUS ObCaptureObjectAttributes(const OBJECT_ATTRIBUTES *user_attributes, OB_OBJECT_ATTRIBUTES *attributes);
void ObReleaseObjectAttributes(OB_OBJECT_ATTRIBUTES *attributes);
/* Give the caller a handle to a new object, named and flagged as its OBJECT_ATTRIBUTES say (NULL: neither),
 * and write it to user_handle. The creator's reference goes to the handle. With OBJ_OPENIF an object of
 * that name and type is opened instead (STATUS_OBJECT_NAME_EXISTS) and the new one dropped. On failure the
 * new object is gone and nothing is written. */
NTSTATUS ObInsertObjectForCaller(void *body, ACCESS_MASK access, const OBJECT_ATTRIBUTES *user_attributes,
                                 HANDLE *user_handle);
/* The same with attributes already captured and the handle for the host (a service that returns it). */
NTSTATUS ObInsertObject(void *body, ACCESS_MASK access, const OB_OBJECT_ATTRIBUTES *attributes, HANDLE *handle);
/* Open the object a caller's OBJECT_ATTRIBUTES name, of type (NULL: any), with access. */
NTSTATUS ObOpenObjectByNameForCaller(const OBJECT_ATTRIBUTES *user_attributes, const OBJECT_TYPE *type,
                                     ACCESS_MASK access, HANDLE *user_handle);
NTSTATUS ObOpenObjectByName(const OB_OBJECT_ATTRIBUTES *attributes, const OBJECT_TYPE *type, ACCESS_MASK access,
                            HANDLE *handle);
/* The object a name leads to, referenced. When the walk reaches a device, that is the object and the rest
 * of the name ("\\dir\\file", allocated, caller frees) is *remaining; otherwise *remaining is NULL. */
NTSTATUS ObReferenceObjectByName(const OB_OBJECT_ATTRIBUTES *oa, void **body, WCHAR **remaining,
                                 USHORT *remaining_length);
/* The full name of an object of the namespace ("\Device\Null"), or an empty string; the caller frees it. */
WCHAR *ObQueryObjectName(void *body, USHORT *length);
/* Name a system object permanently at an absolute path whose parents exist (start-up), or a link. */
void ObInsertPermanentObject(const char *path, void *body);
void ObInsertPermanentLink(const char *path, const char *target);
/* Build the namespace: \, \??, \Device, \BaseNamedObjects, \Sessions, \KnownDlls... */
void ObInitializeNamespace(void);

#endif
