/* The object namespace: directories and symbolic links, name lookup, named creation and opening, and the
 * tree Windows programs expect (\??, \Device, \BaseNamedObjects, \Sessions...). One lock guards it all.
 * The namespace belongs to this process for now; shared across processes it will move to shared memory. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ob/obp.h"
#include "rtl/unicode.h"
#include "se/se.h"

#define OBP_MAX_NAME (0xfffe / sizeof(WCHAR))
#define OBP_MAX_LINK_DEPTH 32

typedef struct {
    OBJECT_HEADER *First; /* newest first, so that a case-blind lookup finds the latest of equal names */
    BOOLEAN Shared;       /* a BaseNamedObjects: its objects of sharing types are the prefix's */
} OBP_DIRECTORY;

typedef struct {
    WCHAR *Target;
    USHORT TargetLength; /* characters */
} OBP_SYMBOLIC_LINK;

static void ObpDeleteSymbolicLink(void *body)
{
    free(((OBP_SYMBOLIC_LINK *)body)->Target);
}

const OBJECT_TYPE ObDirectoryType = {
    .Name = "Directory",
    .Mapping = {STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
                STANDARD_RIGHTS_EXECUTE | DIRECTORY_QUERY | DIRECTORY_TRAVERSE, DIRECTORY_ALL_ACCESS},
    .ValidAccess = DIRECTORY_ALL_ACCESS,
};

const OBJECT_TYPE ObSymbolicLinkType = {
    .Name = "SymbolicLink",
    .Mapping = {STANDARD_RIGHTS_READ | SYMBOLIC_LINK_QUERY, STANDARD_RIGHTS_WRITE,
                STANDARD_RIGHTS_EXECUTE | SYMBOLIC_LINK_QUERY, SYMBOLIC_LINK_ALL_ACCESS},
    .ValidAccess = SYMBOLIC_LINK_ALL_ACCESS,
    .Delete = ObpDeleteSymbolicLink,
};

static pthread_mutex_t ObpNamespaceLock = PTHREAD_MUTEX_INITIALIZER;
static OBP_DIRECTORY *ObpRoot;

static OBJECT_HEADER *ObpFindEntry(const OBP_DIRECTORY *dir, const WCHAR *name, USHORT len, BOOLEAN case_insensitive)
{
    for (OBJECT_HEADER *h = dir->First; h; h = h->Next)
        if (RtlpEqualNames(h->Name, h->NameLength, name, len, case_insensitive))
            return h;
    return NULL;
}

/* Link a named object into a directory (under the namespace lock). */
static void ObpLinkEntry(OBP_DIRECTORY *dir, void *body, const WCHAR *name, USHORT len)
{
    OBJECT_HEADER *h = ObpHeader(body);

    h->Name = HostAlloc((len + 1) * sizeof(WCHAR));
    memcpy(h->Name, name, len * sizeof(WCHAR));
    h->Name[len] = 0;
    h->NameLength = len;
    h->Directory = dir;
    h->Next = dir->First;
    dir->First = h;
    ObReferenceObject(dir); /* a named object keeps its directory */
}

static void ObpUnlinkEntry(OBJECT_HEADER *h)
{
    OBP_DIRECTORY *dir = h->Directory;

    for (OBJECT_HEADER **p = &dir->First; *p; p = &(*p)->Next) {
        if (*p == h) {
            *p = h->Next;
            break;
        }
    }
    h->Directory = NULL;
    h->Next = NULL;
    ObDereferenceObject(dir);
}

void ObpHandlesGone(void *body)
{
    OBJECT_HEADER *h = ObpHeader(body);

    if (!h->Name)
        return;
    pthread_mutex_lock(&ObpNamespaceLock);
    if (h->Directory && !h->Permanent && !__atomic_load_n(&h->HandleCount, __ATOMIC_ACQUIRE))
        ObpUnlinkEntry(h);
    pthread_mutex_unlock(&ObpNamespaceLock);
}

/* The result of looking a name up: the object, or where it would go and what it would be called. */
typedef struct {
    void *Object;          /* referenced, when found */
    OBP_DIRECTORY *Parent; /* referenced, when only the last component is missing */
    WCHAR *Last;           /* that component (points into Path) */
    USHORT LastLength;
    WCHAR *Path;           /* the (possibly rewritten) path, owned */
    WCHAR *Remaining;      /* when Object is a device: the rest of the name, from its backslash (into Path) */
    USHORT RemainingLength;
} OBP_LOOKUP;

static void ObpReleaseLookup(OBP_LOOKUP *lookup)
{
    if (lookup->Object)
        ObDereferenceObject(lookup->Object);
    if (lookup->Parent)
        ObDereferenceObject(lookup->Parent);
    free(lookup->Path);
    memset(lookup, 0, sizeof(*lookup));
}

/* Walk the namespace from root (a directory body, referenced by the caller, or NULL for "\"). Symbolic
 * links are followed, but a link that is the last component is opened itself under OBJ_OPENLINK. A device
 * (a type that parses names) ends the walk: the rest of the name is its own. */
static NTSTATUS ObpLookup(OBP_DIRECTORY *root, const WCHAR *name, USHORT len, ULONG attributes, OBP_LOOKUP *out)
{
    BOOLEAN ci = !!(attributes & OBJ_CASE_INSENSITIVE);
    USHORT pos = 0;
    void *current;
    int links = 0;

    memset(out, 0, sizeof(*out));
    out->Path = HostAlloc((len + 1) * sizeof(WCHAR));
    memcpy(out->Path, name, len * sizeof(WCHAR));
    if (!root) {
        if (!len || name[0] != '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        root = ObpRoot;
        pos = 1;
        if (len == 1) {
            ObReferenceObject(root);
            out->Object = root;
            return STATUS_SUCCESS;
        }
    } else if (len && name[0] == '\\') {
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    }

    pthread_mutex_lock(&ObpNamespaceLock);
    current = root;
    ObReferenceObject(current);
    for (;;) {
        USHORT start = pos, clen;
        BOOLEAN last;
        OBJECT_HEADER *entry;

        while (pos < len && out->Path[pos] != '\\')
            pos++;
        clen = (USHORT)(pos - start);
        last = pos >= len;
        if (ObGetObjectType(current) != &ObDirectoryType) {
            ObDereferenceObject(current);
            pthread_mutex_unlock(&ObpNamespaceLock);
            return STATUS_OBJECT_TYPE_MISMATCH;
        }
        if (!clen) {
            ObDereferenceObject(current);
            pthread_mutex_unlock(&ObpNamespaceLock);
            return STATUS_OBJECT_NAME_INVALID;
        }
        entry = ObpFindEntry(current, out->Path + start, clen, ci);
        if (!entry) {
            if (!last) {
                ObDereferenceObject(current);
                pthread_mutex_unlock(&ObpNamespaceLock);
                return STATUS_OBJECT_PATH_NOT_FOUND;
            }
            out->Parent = current;
            out->Last = out->Path + start;
            out->LastLength = clen;
            pthread_mutex_unlock(&ObpNamespaceLock);
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        if (entry->Type == &ObSymbolicLinkType && !(last && attributes & OBJ_OPENLINK)) {
            /* Splice the target in for what was walked so far, and start again from the root. */
            OBP_SYMBOLIC_LINK *link = (OBP_SYMBOLIC_LINK *)(entry + 1);
            USHORT rest = (USHORT)(len - pos);
            size_t total = (size_t)link->TargetLength + rest;
            WCHAR *path;
            /* The spliced path must start at the root (GLOBALROOT's target is empty: "\\??\\GLOBALROOT\\x" is
             * "\\x"). */
            if (++links > OBP_MAX_LINK_DEPTH || total > OBP_MAX_NAME || !total ||
                (link->TargetLength ? link->Target[0] : out->Path[pos]) != '\\') {
                ObDereferenceObject(current);
                pthread_mutex_unlock(&ObpNamespaceLock);
                return STATUS_OBJECT_PATH_NOT_FOUND;
            }
            path = HostAlloc((total + 1) * sizeof(WCHAR));
            memcpy(path, link->Target, link->TargetLength * sizeof(WCHAR));
            memcpy(path + link->TargetLength, out->Path + pos, rest * sizeof(WCHAR));
            free(out->Path);
            out->Path = path;
            len = (USHORT)total;
            ObDereferenceObject(current);
            current = ObpRoot;
            ObReferenceObject(current);
            pos = 1;
            if (len == 1) {
                out->Object = current;
                pthread_mutex_unlock(&ObpNamespaceLock);
                return STATUS_SUCCESS;
            }
            continue;
        }
        ObDereferenceObject(current);
        current = entry + 1;
        ObReferenceObject(current);
        if (!last && entry->Type->ParsesNames) {
            out->Remaining = out->Path + pos;
            out->RemainingLength = (USHORT)(len - pos);
            last = TRUE;
        }
        if (last) {
            out->Object = current;
            pthread_mutex_unlock(&ObpNamespaceLock);
            return STATUS_SUCCESS;
        }
        pos++;
    }
}

/* Look up what captured attributes name: relative to their root directory, or from "\". */
static NTSTATUS ObpLookupAttributes(const OB_OBJECT_ATTRIBUTES *oa, OBP_LOOKUP *out)
{
    OBP_DIRECTORY *root = NULL;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    if (oa->RootDirectory) {
        if ((status = ObReferenceObjectByHandle(oa->RootDirectory, 0, NULL, (void **)&root)))
            return status;
        /* A directory, or (named by nothing more) a symbolic link, which is then the object itself. */
        if (!oa->Name && ObGetObjectType(root) == &ObSymbolicLinkType) {
            out->Object = root;
            return STATUS_SUCCESS;
        }
        if (ObGetObjectType(root) != &ObDirectoryType) {
            ObDereferenceObject(root);
            return STATUS_OBJECT_TYPE_MISMATCH;
        }
        if (!oa->Name) {
            out->Object = root;
            return STATUS_SUCCESS;
        }
    } else if (!oa->Name) {
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    status = ObpLookup(root, oa->Name, oa->NameLength, oa->Attributes, out);
    if (root)
        ObDereferenceObject(root);
    return status;
}

/* The same for services that name objects of the namespace itself: what lies inside a device is not theirs. */
static NTSTATUS ObpLookupNamespace(const OB_OBJECT_ATTRIBUTES *oa, OBP_LOOKUP *out)
{
    NTSTATUS status = ObpLookupAttributes(oa, out);

    if (!status && out->Remaining) {
        ObpReleaseLookup(out);
        status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    return status;
}

NTSTATUS ObReferenceObjectByName(const OB_OBJECT_ATTRIBUTES *oa, void **body, WCHAR **remaining,
                                 USHORT *remaining_length)
{
    OBP_LOOKUP lookup;
    NTSTATUS status = ObpLookupAttributes(oa, &lookup);

    *body = NULL;
    *remaining = NULL;
    *remaining_length = 0;
    if (!status) {
        *body = lookup.Object;
        lookup.Object = NULL;
        if (lookup.Remaining) {
            *remaining_length = lookup.RemainingLength;
            *remaining = HostAlloc((lookup.RemainingLength + 1) * sizeof(WCHAR));
            memcpy(*remaining, lookup.Remaining, lookup.RemainingLength * sizeof(WCHAR));
            (*remaining)[lookup.RemainingLength] = 0;
        }
    }
    ObpReleaseLookup(&lookup);
    return status;
}

NTSTATUS ObCaptureObjectAttributes(const OBJECT_ATTRIBUTES *user_attributes, OB_OBJECT_ATTRIBUTES *attributes)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    memset(attributes, 0, sizeof(*attributes));
    if (!user_attributes)
        return STATUS_SUCCESS;
    if (KeReadUser(&oa, user_attributes))
        return STATUS_ACCESS_VIOLATION;
    if (oa.Length != sizeof(oa) || oa.Attributes & ~(ULONG)OBJ_VALID_ATTRIBUTES)
        return STATUS_INVALID_PARAMETER;
    attributes->Attributes = oa.Attributes;
    attributes->RootDirectory = oa.RootDirectory;
    attributes->SecurityDescriptor = oa.SecurityDescriptor;
    /* A directory with no name at all names nothing in it. */
    if (!oa.ObjectName)
        return oa.RootDirectory ? STATUS_OBJECT_NAME_INVALID : STATUS_SUCCESS;
    if (KeReadUser(&name, oa.ObjectName))
        return STATUS_ACCESS_VIOLATION;
    /* As Windows captures it: MaximumLength is not looked at, the buffer's alignment is before the length's. */
    if (!name.Length)
        return STATUS_SUCCESS;
    if ((ULONG_PTR)name.Buffer & 1)
        return STATUS_DATATYPE_MISALIGNMENT;
    /* A name leaves room for its terminator, as Windows copies it with one. */
    if (name.Length & 1 || name.Length > 0xffff - sizeof(WCHAR))
        return STATUS_OBJECT_NAME_INVALID;
    attributes->Name = HostAlloc(name.Length);
    attributes->NameLength = name.Length / sizeof(WCHAR);
    if (KeCopyFromUser(attributes->Name, name.Buffer, name.Length)) {
        ObReleaseObjectAttributes(attributes);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

void ObReleaseObjectAttributes(OB_OBJECT_ATTRIBUTES *attributes)
{
    free(attributes->Name);
    attributes->Name = NULL;
}

/* The full name an object of a shared directory has: the directory's, then its own. */
static WCHAR *ObpSharedName(const OBP_LOOKUP *lookup, USHORT *length)
{
    USHORT dir_length;
    WCHAR *dir = ObQueryObjectName(lookup->Parent, &dir_length), *name;

    *length = (USHORT)(dir_length + 1 + lookup->LastLength);
    name = HostAlloc((*length + 1) * sizeof(WCHAR));
    memcpy(name, dir, dir_length * sizeof(WCHAR));
    name[dir_length] = '\\';
    memcpy(name + dir_length + 1, lookup->Last, lookup->LastLength * sizeof(WCHAR));
    name[*length] = 0;
    free(dir);
    return name;
}

static NTSTATUS ObpShare(void *body, const OBP_LOOKUP *lookup, BOOLEAN *existed)
{
    USHORT length;
    WCHAR *name = ObpSharedName(lookup, &length);
    NTSTATUS status = ObGetObjectType(body)->Share(body, name, length, existed);

    free(name);
    return status;
}

/* Another process's object by the name the lookup missed, linked into this namespace (or this process's own, made
 * meanwhile by another thread); the lookup then holds it. */
static NTSTATUS ObpOpenShared(const OBJECT_TYPE *type, OBP_LOOKUP *lookup)
{
    USHORT length;
    WCHAR *name = ObpSharedName(lookup, &length);
    OBJECT_HEADER *there;
    void *body;
    NTSTATUS status = type->OpenShared(name, length, &body);

    free(name);
    if (status)
        return status;
    pthread_mutex_lock(&ObpNamespaceLock);
    if ((there = ObpFindEntry(lookup->Parent, lookup->Last, lookup->LastLength, FALSE))) {
        ObDereferenceObject(body);
        body = there + 1;
        ObReferenceObject(body);
    } else {
        ObpLinkEntry(lookup->Parent, body, lookup->Last, lookup->LastLength);
    }
    pthread_mutex_unlock(&ObpNamespaceLock);
    lookup->Object = body;
    return STATUS_SUCCESS;
}

/* The handle goes to *out: the caller's memory when user is set (a bad pointer closes it again), else the host's. */
static NTSTATUS ObpGiveHandle(void *body, ACCESS_MASK access, ULONG attributes, HANDLE *out, BOOLEAN user,
                              NTSTATUS success)
{
    HANDLE handle;
    NTSTATUS status = ObInsertHandle(body, access, attributes, &handle);

    ObDereferenceObject(body);
    if (status)
        return status;
    if (!user)
        *out = handle;
    else if (KeWriteUser(out, handle)) {
        NtClose(handle);
        return STATUS_ACCESS_VIOLATION;
    }
    return success;
}

static NTSTATUS ObpInsertObject(void *body, ACCESS_MASK access, const OB_OBJECT_ATTRIBUTES *attributes,
                                HANDLE *out, BOOLEAN user)
{
    OBP_LOOKUP lookup;
    NTSTATUS status;

    if (attributes->Attributes & OBJ_PERMANENT) {
        ObDereferenceObject(body);
        return STATUS_PRIVILEGE_NOT_HELD; /* SeCreatePermanentPrivilege, which no Veles token holds */
    }
    if (!attributes->Name || ObGetObjectType(body)->Nameless)
        return ObpGiveHandle(body, access, attributes->Attributes, out, user, STATUS_SUCCESS);

    /* A name inside a device (\??\PIPE\x) is no path a new object can take. */
    if (!(status = ObpLookupAttributes(attributes, &lookup)) && lookup.Remaining) {
        ObpReleaseLookup(&lookup);
        status = STATUS_OBJECT_PATH_NOT_FOUND;
    }
    if (status == STATUS_SUCCESS) {
        /* The name is taken: by an object of this type it may be opened, by another never. */
        const OBJECT_TYPE *type = ObGetObjectType(body);
        void *existing = lookup.Object;
        ObDereferenceObject(body);
        if (ObGetObjectType(existing) != type)
            status = STATUS_OBJECT_TYPE_MISMATCH;
        else if (!(attributes->Attributes & OBJ_OPENIF))
            status = STATUS_OBJECT_NAME_COLLISION;
        else {
            lookup.Object = NULL;
            ObpReleaseLookup(&lookup);
            return ObpGiveHandle(existing, access, attributes->Attributes, out, user, STATUS_OBJECT_NAME_EXISTS);
        }
        ObpReleaseLookup(&lookup);
        return status;
    }
    if (status != STATUS_OBJECT_NAME_NOT_FOUND) {
        ObDereferenceObject(body);
        ObpReleaseLookup(&lookup);
        return status;
    }
    /* Another process may have an object of this name: this one then is it. */
    NTSTATUS named = STATUS_SUCCESS;
    if (lookup.Parent->Shared && ObGetObjectType(body)->Share) {
        BOOLEAN existed = FALSE;
        if ((status = ObpShare(body, &lookup, &existed)))
            existed = FALSE;
        if (status == STATUS_OBJECT_TYPE_MISMATCH || (existed && !(attributes->Attributes & OBJ_OPENIF))) {
            ObDereferenceObject(body);
            ObpReleaseLookup(&lookup);
            return existed ? STATUS_OBJECT_NAME_COLLISION : status;
        }
        named = existed ? STATUS_OBJECT_NAME_EXISTS : STATUS_SUCCESS;
    }
    pthread_mutex_lock(&ObpNamespaceLock);
    if (ObpFindEntry(lookup.Parent, lookup.Last, lookup.LastLength, !!(attributes->Attributes & OBJ_CASE_INSENSITIVE))) {
        status = STATUS_OBJECT_NAME_COLLISION; /* created by another thread meanwhile */
    } else {
        ObpLinkEntry(lookup.Parent, body, lookup.Last, lookup.LastLength);
        status = STATUS_SUCCESS;
    }
    pthread_mutex_unlock(&ObpNamespaceLock);
    ObpReleaseLookup(&lookup);
    if (status) {
        ObDereferenceObject(body);
        return status;
    }
    /* Named now: the handle keeps it in its directory, and the last handle takes it out. */
    ObReferenceObject(body);
    status = ObpGiveHandle(body, access, attributes->Attributes, out, user, named);
    if (!ObpHeader(body)->HandleCount)
        ObpHandlesGone(body);
    ObDereferenceObject(body);
    return status;
}

/* An object whose attributes are captured: its security descriptor, then its name and handle. */
static NTSTATUS ObpInsertCaptured(void *body, ACCESS_MASK access, const OB_OBJECT_ATTRIBUTES *attributes, HANDLE *out,
                                  BOOLEAN user)
{
    NTSTATUS status;

    if (attributes->SecurityDescriptor && (status = SeAssignSecurity(body, attributes->SecurityDescriptor))) {
        ObDereferenceObject(body);
        return status;
    }
    return ObpInsertObject(body, access, attributes, out, user);
}

NTSTATUS ObInsertObject(void *body, ACCESS_MASK access, const OB_OBJECT_ATTRIBUTES *attributes, HANDLE *handle)
{
    return ObpInsertCaptured(body, access, attributes, handle, FALSE);
}

NTSTATUS ObInsertObjectForCaller(void *body, ACCESS_MASK access, const OBJECT_ATTRIBUTES *user_attributes,
                                 HANDLE *user_handle)
{
    OB_OBJECT_ATTRIBUTES oa;
    NTSTATUS status = ObCaptureObjectAttributes(user_attributes, &oa);

    if (status) {
        ObDereferenceObject(body);
        return status;
    }
    status = ObpInsertCaptured(body, access, &oa, user_handle, TRUE);
    ObReleaseObjectAttributes(&oa);
    return status;
}

static NTSTATUS ObpOpenByName(const OB_OBJECT_ATTRIBUTES *oa, const OBJECT_TYPE *type, ACCESS_MASK access,
                              HANDLE *out, BOOLEAN user)
{
    OBP_LOOKUP lookup;
    void *object;
    NTSTATUS status = ObpLookupNamespace(oa, &lookup);

    /* Not here, but maybe another process's: it joins this namespace as it is there. */
    if (status == STATUS_OBJECT_NAME_NOT_FOUND && lookup.Parent && lookup.Parent->Shared && type &&
        type->OpenShared && !ObpOpenShared(type, &lookup))
        status = STATUS_SUCCESS;

    if (status == STATUS_SUCCESS) {
        object = lookup.Object;
        lookup.Object = NULL;
        if (type && ObGetObjectType(object) != type) {
            ObDereferenceObject(object);
            status = STATUS_OBJECT_TYPE_MISMATCH;
        } else {
            status = ObpGiveHandle(object, access, oa->Attributes, out, user, STATUS_SUCCESS);
        }
    }
    ObpReleaseLookup(&lookup);
    return status;
}

/* extra: attributes the service adds to the caller's (OBJ_OPENLINK). */
static NTSTATUS ObpOpenForCaller(const OBJECT_ATTRIBUTES *user_attributes, const OBJECT_TYPE *type,
                                 ACCESS_MASK access, ULONG extra, HANDLE *user_handle)
{
    OB_OBJECT_ATTRIBUTES oa;
    HANDLE none = NULL;
    NTSTATUS status;

    /* The handle is cleared first: a failed open leaves it NULL, and a bad pointer is the first thing told. */
    if (KeWriteUser(user_handle, none))
        return STATUS_ACCESS_VIOLATION;
    if (!user_attributes)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObCaptureObjectAttributes(user_attributes, &oa)))
        return status;
    oa.Attributes |= extra;
    status = ObpOpenByName(&oa, type, access, user_handle, TRUE);
    ObReleaseObjectAttributes(&oa);
    return status;
}

NTSTATUS ObOpenObjectByName(const OB_OBJECT_ATTRIBUTES *attributes, const OBJECT_TYPE *type, ACCESS_MASK access,
                            HANDLE *handle)
{
    return ObpOpenByName(attributes, type, access, handle, FALSE);
}

NTSTATUS ObOpenObjectByNameForCaller(const OBJECT_ATTRIBUTES *user_attributes, const OBJECT_TYPE *type,
                                     ACCESS_MASK access, HANDLE *user_handle)
{
    return ObpOpenForCaller(user_attributes, type, access, 0, user_handle);
}

WCHAR *ObQueryObjectName(void *body, USHORT *length)
{
    OBJECT_HEADER *chain[64];
    int depth = 0;
    size_t total = 0;
    WCHAR *name, *p;

    pthread_mutex_lock(&ObpNamespaceLock);
    for (OBJECT_HEADER *h = ObpHeader(body); h->Directory && depth < 64; h = ObpHeader(h->Directory)) {
        chain[depth++] = h;
        total += 1 + h->NameLength;
    }
    if (!depth && body == ObpRoot)
        total = 1;
    name = p = HostAlloc((total + 1) * sizeof(WCHAR));
    if (!depth && body == ObpRoot)
        *p++ = '\\';
    while (depth--) {
        *p++ = '\\';
        memcpy(p, chain[depth]->Name, chain[depth]->NameLength * sizeof(WCHAR));
        p += chain[depth]->NameLength;
    }
    *p = 0;
    pthread_mutex_unlock(&ObpNamespaceLock);
    *length = (USHORT)total;
    return name;
}

static void *ObpCreateDirectory(void)
{
    return ObCreateObject(&ObDirectoryType, sizeof(OBP_DIRECTORY));
}

static NTSTATUS ObpCreateLink(OBP_SYMBOLIC_LINK **out, const WCHAR *target, USHORT len)
{
    OBP_SYMBOLIC_LINK *link = ObCreateObject(&ObSymbolicLinkType, sizeof(*link));
    link->Target = HostAlloc((len + 1) * sizeof(WCHAR));
    memcpy(link->Target, target, len * sizeof(WCHAR));
    link->Target[len] = 0;
    link->TargetLength = len;
    *out = link;
    return STATUS_SUCCESS;
}

void ObInsertPermanentObject(const char *path, void *body)
{
    WCHAR wide[128];
    SIZE_T n = RtlpUtf8ToUtf16(path, strlen(path), wide, 127);
    OB_OBJECT_ATTRIBUTES oa = {.Name = wide, .NameLength = (USHORT)n};
    OBP_LOOKUP lookup;

    if (ObpLookupNamespace(&oa, &lookup) != STATUS_OBJECT_NAME_NOT_FOUND)
        HostBugCheck("namespace: cannot create %s", path);
    pthread_mutex_lock(&ObpNamespaceLock);
    ObpLinkEntry(lookup.Parent, body, lookup.Last, lookup.LastLength);
    ObpHeader(body)->Permanent = TRUE; /* the reference we were given stays with the name */
    pthread_mutex_unlock(&ObpNamespaceLock);
    ObpReleaseLookup(&lookup);
}

void ObInsertPermanentLink(const char *path, const char *target)
{
    WCHAR wide[128];
    SIZE_T n = RtlpUtf8ToUtf16(target, strlen(target), wide, 127);
    OBP_SYMBOLIC_LINK *link;

    ObpCreateLink(&link, wide, (USHORT)n);
    ObInsertPermanentObject(path, link);
}

void ObInitializeNamespace(void)
{
    static const char *const directories[] = {
        "\\??", "\\Device", "\\Driver", "\\KnownDlls", "\\ObjectTypes", "\\RPC Control", "\\Windows",
        "\\BaseNamedObjects", "\\Sessions", "\\Sessions\\1", "\\Sessions\\1\\BaseNamedObjects",
        "\\Sessions\\1\\BaseNamedObjects\\AppContainerNamedObjects", "\\Sessions\\1\\Windows",
        "\\Sessions\\1\\Windows\\WindowStations", "\\Sessions\\BNOLINKS",
    };
    static const char *const links[][2] = {
        {"\\DosDevices", "\\??"},
        {"\\GLOBAL??", "\\??"},
        {"\\??\\GLOBALROOT", ""},
        {"\\??\\Global", "\\??"},
        {"\\BaseNamedObjects\\Global", "\\BaseNamedObjects"},
        {"\\BaseNamedObjects\\Local", "\\BaseNamedObjects"},
        {"\\BaseNamedObjects\\Session", "\\Sessions\\BNOLINKS"},
        {"\\Sessions\\1\\BaseNamedObjects\\Global", "\\BaseNamedObjects"},
        {"\\Sessions\\1\\BaseNamedObjects\\Local", "\\Sessions\\1\\BaseNamedObjects"},
        {"\\Sessions\\1\\BaseNamedObjects\\Session", "\\Sessions\\BNOLINKS"},
        {"\\Sessions\\BNOLINKS\\1", "\\Sessions\\1\\BaseNamedObjects"},
    };

    ObpRoot = ObpCreateDirectory();
    ObpHeader(ObpRoot)->Permanent = TRUE;
    for (size_t i = 0; i < sizeof(directories) / sizeof(directories[0]); i++) {
        OBP_DIRECTORY *dir = ObpCreateDirectory();
        dir->Shared = !strcmp(directories[i], "\\BaseNamedObjects") ||
                      !strcmp(directories[i], "\\Sessions\\1\\BaseNamedObjects");
        ObInsertPermanentObject(directories[i], dir);
    }
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
        ObInsertPermanentLink(links[i][0], links[i][1]);
}

NTSTATUS NTAPI NtCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObInsertObjectForCaller(ObpCreateDirectory(), DesiredAccess, ObjectAttributes, DirectoryHandle);
}

NTSTATUS NTAPI NtOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &ObDirectoryType, DesiredAccess, DirectoryHandle);
}

NTSTATUS NTAPI NtCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes, PUNICODE_STRING LinkTarget)
{
    UNICODE_STRING target;
    OBP_SYMBOLIC_LINK *link;
    WCHAR *buffer;

    if (KeReadUser(&target, LinkTarget))
        return STATUS_ACCESS_VIOLATION;
    /* A target with no room at all is none. */
    if (target.Length & 1 || target.Length > target.MaximumLength || !target.MaximumLength)
        return STATUS_INVALID_PARAMETER;
    buffer = HostAlloc(target.Length + sizeof(WCHAR));
    if (KeCopyFromUser(buffer, target.Buffer, target.Length)) {
        free(buffer);
        return STATUS_ACCESS_VIOLATION;
    }
    ObpCreateLink(&link, buffer, target.Length / sizeof(WCHAR));
    free(buffer);
    return ObInsertObjectForCaller(link, DesiredAccess, ObjectAttributes, LinkHandle);
}

NTSTATUS NTAPI NtOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes)
{
    /* the link itself, never where it leads */
    return ObpOpenForCaller(ObjectAttributes, &ObSymbolicLinkType, DesiredAccess, OBJ_OPENLINK, LinkHandle);
}

/* The target into the caller's string, with a terminating NUL it must have room for: else
 * STATUS_BUFFER_TOO_SMALL, and the size needed. */
NTSTATUS NTAPI NtQuerySymbolicLinkObject(HANDLE LinkHandle, PUNICODE_STRING LinkTarget, PULONG ReturnedLength)
{
    OBP_SYMBOLIC_LINK *link;
    UNICODE_STRING target;
    ULONG bytes, full;
    NTSTATUS status;

    if ((status = ObReferenceObjectByHandle(LinkHandle, SYMBOLIC_LINK_QUERY, &ObSymbolicLinkType, (void **)&link)))
        return status;
    bytes = link->TargetLength * sizeof(WCHAR);
    full = bytes + sizeof(WCHAR);
    if (KeReadUser(&target, LinkTarget))
        status = STATUS_ACCESS_VIOLATION;
    else if (target.MaximumLength < full)
        status = STATUS_BUFFER_TOO_SMALL;
    else if (KeCopyToUser(target.Buffer, link->Target, full))
        status = STATUS_ACCESS_VIOLATION;
    else {
        target.Length = (USHORT)bytes;
        if (KeWriteUser(&LinkTarget->Length, target.Length))
            status = STATUS_ACCESS_VIOLATION;
    }
    ObDereferenceObject(link);
    if ((!status || status == STATUS_BUFFER_TOO_SMALL) && ReturnedLength && KeWriteUser(ReturnedLength, full))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

typedef struct {
    UNICODE_STRING Name;
    UNICODE_STRING TypeName;
} OBP_DIRECTORY_ENTRY;

/* The bytes an entry's two strings take, terminators included. */
static ULONG ObpEntryStrings(const OBJECT_HEADER *h)
{
    return (ULONG)((h->NameLength + 1 + strlen(h->Type->Name) + 1) * sizeof(WCHAR));
}

/* Lay count entries from h out as the caller will see them at user_buffer: the entries, an empty one, then
 * the strings. */
static void ObpFillDirectoryEntries(char *out, const OBJECT_HEADER *h, ULONG count, PVOID user_buffer)
{
    OBP_DIRECTORY_ENTRY *entries = (OBP_DIRECTORY_ENTRY *)out;
    WCHAR *text = (WCHAR *)(entries + count + 1);

    for (ULONG i = 0; i < count; i++, h = h->Next) {
        size_t tlen = strlen(h->Type->Name);
        entries[i].Name.Length = (USHORT)(h->NameLength * sizeof(WCHAR));
        entries[i].Name.MaximumLength = (USHORT)(entries[i].Name.Length + sizeof(WCHAR));
        entries[i].Name.Buffer = (PWSTR)((char *)user_buffer + ((char *)text - out));
        memcpy(text, h->Name, h->NameLength * sizeof(WCHAR));
        text += h->NameLength + 1;
        entries[i].TypeName.Length = (USHORT)(tlen * sizeof(WCHAR));
        entries[i].TypeName.MaximumLength = (USHORT)((tlen + 1) * sizeof(WCHAR));
        entries[i].TypeName.Buffer = (PWSTR)((char *)user_buffer + ((char *)text - out));
        for (size_t k = 0; k < tlen; k++)
            text[k] = (WCHAR)h->Type->Name[k];
        text += tlen + 1;
    }
}

/* One entry a call, or as many as fit. The context counts the entries returned so far and changes only
 * when entries are returned. */
NTSTATUS NTAPI NtQueryDirectoryObject(HANDLE DirectoryHandle, PVOID Buffer, ULONG Length, BOOLEAN ReturnSingleEntry,
                                      BOOLEAN RestartScan, PULONG Context, PULONG ReturnLength)
{
    OBP_DIRECTORY *dir;
    const OBJECT_HEADER *h;
    ULONG index, count = 0, strings = 0, size;
    char *out = NULL;
    NTSTATUS status;

    if ((status = ObReferenceObjectByHandle(DirectoryHandle, DIRECTORY_QUERY, &ObDirectoryType, (void **)&dir)))
        return status;
    if (KeReadUser(&index, Context) || KeWriteUser(Context, index)) {
        ObDereferenceObject(dir);
        return STATUS_ACCESS_VIOLATION;
    }
    if (RestartScan)
        index = 0;

    pthread_mutex_lock(&ObpNamespaceLock);
    h = dir->First;
    for (ULONG i = 0; h && i < index; i++)
        h = h->Next;
    for (const OBJECT_HEADER *e = h; e; e = e->Next) {
        ULONG need = (count + 2) * (ULONG)sizeof(OBP_DIRECTORY_ENTRY) + strings + ObpEntryStrings(e);
        if (need > Length) {
            if (!count)
                size = need;
            break;
        }
        strings += ObpEntryStrings(e);
        count++;
        if (ReturnSingleEntry)
            break;
    }
    if (!h) {
        status = STATUS_NO_MORE_ENTRIES;
        size = sizeof(OBP_DIRECTORY_ENTRY);
    } else if (!count) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        size = (count + 1) * (ULONG)sizeof(OBP_DIRECTORY_ENTRY) + strings;
        out = HostZalloc(size);
        ObpFillDirectoryEntries(out, h, count, Buffer);
        for (ULONG i = 0; i < count; i++)
            h = h->Next;
        status = h && !ReturnSingleEntry ? STATUS_MORE_ENTRIES : STATUS_SUCCESS;
    }
    pthread_mutex_unlock(&ObpNamespaceLock);
    ObDereferenceObject(dir);

    if (status == STATUS_NO_MORE_ENTRIES && Length >= size) {
        out = HostZalloc(size); /* the empty entry that ends every answer */
    }
    if (out) {
        ULONG next = index + count;
        if (KeCopyToUser(Buffer, out, size) || (count && KeWriteUser(Context, next)))
            status = STATUS_ACCESS_VIOLATION;
        free(out);
    }
    if (ReturnLength && KeWriteUser(ReturnLength, size))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

NTSTATUS NTAPI NtMakeTemporaryObject(HANDLE Handle)
{
    void *body;
    NTSTATUS status = ObReferenceObjectByHandle(Handle, DELETE, NULL, &body);
    BOOLEAN was_permanent;

    if (status)
        return status;
    pthread_mutex_lock(&ObpNamespaceLock);
    was_permanent = ObpHeader(body)->Permanent;
    ObpHeader(body)->Permanent = FALSE;
    pthread_mutex_unlock(&ObpNamespaceLock);
    if (was_permanent)
        ObDereferenceObject(body); /* the name's reference */
    ObpHandlesGone(body);
    ObDereferenceObject(body);
    return STATUS_SUCCESS;
}

/* Needs SeCreatePermanentPrivilege, which no Veles token holds. */
NTSTATUS NTAPI NtMakePermanentObject(HANDLE Handle)
{
    void *body;
    NTSTATUS status = ObReferenceObjectByHandle(Handle, 0, NULL, &body);

    if (status)
        return status;
    ObDereferenceObject(body);
    return STATUS_PRIVILEGE_NOT_HELD;
}
