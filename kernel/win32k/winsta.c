/* Window stations and desktops (win32k): the objects, the process's window station and each thread's desktop. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/services.h"
#include "nt/winerror.h"
#include "ob/ob.h"
#include "ps/ps.h"
#include "rtl/unicode.h"
#include "se/se.h"

#define WINSTA_ENUMDESKTOPS 0x0001
#define WINSTA_READATTRIBUTES 0x0002
#define WINSTA_ACCESSCLIPBOARD 0x0004
#define WINSTA_CREATEDESKTOP 0x0008
#define WINSTA_WRITEATTRIBUTES 0x0010
#define WINSTA_ACCESSGLOBALATOMS 0x0020
#define WINSTA_EXITWINDOWS 0x0040
#define WINSTA_ENUMERATE 0x0100
#define WINSTA_READSCREEN 0x0200
#define WINSTA_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x37f)

#define DESKTOP_READOBJECTS 0x0001
#define DESKTOP_CREATEWINDOW 0x0002
#define DESKTOP_CREATEMENU 0x0004
#define DESKTOP_HOOKCONTROL 0x0008
#define DESKTOP_JOURNALRECORD 0x0010
#define DESKTOP_JOURNALPLAYBACK 0x0020
#define DESKTOP_ENUMERATE 0x0040
#define DESKTOP_WRITEOBJECTS 0x0080
#define DESKTOP_SWITCHDESKTOP 0x0100
#define DESKTOP_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x1ff)

/* GetUserObjectInformation's classes, and the window station flag of the one the user sees. */
#define UOI_FLAGS 1
#define UOI_NAME 2
#define UOI_TYPE 3
#define UOI_USER_SID 4
#define WSF_VISIBLE 1

typedef struct {
    LONG Inherit; /* BOOLs */
    LONG Reserved;
    ULONG Flags;
} W32P_USEROBJECTFLAGS;

/* Veles has one session, 1 (the PEB's SessionId), whose window stations live here. */
#define W32P_WINDOW_STATIONS "\\Sessions\\1\\Windows\\WindowStations"
#define W32P_MAX_NAME 259 /* characters: MAX_PATH with its terminator */

typedef struct W32P_DESKTOP W32P_DESKTOP;

typedef struct {
    volatile ULONG Flags;          /* UOI_FLAGS: WSF_VISIBLE */
    W32P_DESKTOP *Desktops;        /* its desktops, which take themselves out as they go; guarded by W32pLock */
} W32P_WINDOW_STATION;

/* A desktop is named in its window station only: its name is its own, and its window station keeps it. */
struct W32P_DESKTOP {
    W32P_WINDOW_STATION *WindowStation; /* referenced */
    WCHAR *Name;
    USHORT NameLength;                  /* characters */
    volatile ULONG Flags;               /* UOI_FLAGS: DF_ALLOWOTHERACCOUNTHOOK */
    W32P_DESKTOP *Next;
};

static pthread_mutex_t W32pLock = PTHREAD_MUTEX_INITIALIZER;

/* The process's connection, made at the first service that needs it: its window station and the desktop its
 * threads start on, handles of its own that cannot be closed while they are these. */
static HANDLE W32pProcessWindowStation, W32pStartDesktop;
static BOOLEAN W32pConnected;
static pthread_mutex_t W32pConnectLock = PTHREAD_MUTEX_INITIALIZER;

static BOOLEAN W32pOkayToClose(void *body, HANDLE handle);
static NTSTATUS W32pQueryDesktopName(void *body, WCHAR **name, USHORT *length);
static void W32pDeleteDesktop(void *body);

const OBJECT_TYPE W32kWindowStationType = {
    .Name = "WindowStation",
    .Mapping = {STANDARD_RIGHTS_READ | WINSTA_READSCREEN | WINSTA_ENUMERATE | WINSTA_READATTRIBUTES |
                    WINSTA_ENUMDESKTOPS,
                STANDARD_RIGHTS_WRITE | WINSTA_WRITEATTRIBUTES | WINSTA_CREATEDESKTOP | WINSTA_ACCESSCLIPBOARD,
                STANDARD_RIGHTS_EXECUTE | WINSTA_EXITWINDOWS | WINSTA_ACCESSGLOBALATOMS, WINSTA_ALL_ACCESS},
    .ValidAccess = WINSTA_ALL_ACCESS,
    .OkayToClose = W32pOkayToClose,
};

const OBJECT_TYPE W32kDesktopType = {
    .Name = "Desktop",
    .Mapping = {STANDARD_RIGHTS_READ | DESKTOP_ENUMERATE | DESKTOP_READOBJECTS,
                STANDARD_RIGHTS_WRITE | DESKTOP_WRITEOBJECTS | DESKTOP_JOURNALPLAYBACK | DESKTOP_JOURNALRECORD |
                    DESKTOP_HOOKCONTROL | DESKTOP_CREATEMENU | DESKTOP_CREATEWINDOW,
                STANDARD_RIGHTS_EXECUTE | DESKTOP_SWITCHDESKTOP, DESKTOP_ALL_ACCESS},
    .ValidAccess = DESKTOP_ALL_ACCESS,
    .Nameless = TRUE,
    .Delete = W32pDeleteDesktop,
    .QueryName = W32pQueryDesktopName,
    .OkayToClose = W32pOkayToClose,
};

/* win32k's services answer in a value of their own (a handle, a BOOL) and tell what went wrong as Win32 errors
 * in the caller's TEB, as Windows' win32k does. */
static ULONG_PTR W32pFail(NTSTATUS status)
{
    PTEB teb = KeGetCurrentThread()->Teb;
    ULONG error = RtlNtStatusToDosErrorNoTeb(status);

    if (teb) {
        KeWriteUser(&teb->LastStatusValue, status);
        KeWriteUser(&teb->LastErrorValue, error);
    }
    return 0;
}

static ULONG_PTR W32pFailWith(ULONG error)
{
    PTEB teb = KeGetCurrentThread()->Teb;

    if (teb)
        KeWriteUser(&teb->LastErrorValue, error);
    return 0;
}

/* The handles the system uses for the process and its threads are not the program's to close. */
static BOOLEAN W32pOkayToClose(void *body, HANDLE handle)
{
    (void)body;
    return handle != __atomic_load_n(&W32pProcessWindowStation, __ATOMIC_ACQUIRE) &&
           handle != __atomic_load_n(&W32pStartDesktop, __ATOMIC_ACQUIRE) && handle != KeGetCurrentThread()->Desktop;
}

static void W32pDeleteDesktop(void *body)
{
    W32P_DESKTOP *desktop = body;

    pthread_mutex_lock(&W32pLock);
    for (W32P_DESKTOP **p = &desktop->WindowStation->Desktops; *p; p = &(*p)->Next)
        if (*p == desktop) {
            *p = desktop->Next;
            break;
        }
    pthread_mutex_unlock(&W32pLock);
    ObDereferenceObject(desktop->WindowStation);
    free(desktop->Name);
}

/* A desktop's name, after a backslash if asked (caller frees). */
static WCHAR *W32pDesktopName(const W32P_DESKTOP *desktop, BOOLEAN rooted, USHORT *length)
{
    WCHAR *name = HostAlloc((desktop->NameLength + 2) * sizeof(WCHAR));

    name[0] = '\\';
    memcpy(name + rooted, desktop->Name, desktop->NameLength * sizeof(WCHAR));
    *length = (USHORT)(desktop->NameLength + rooted);
    return name;
}

/* A desktop's name as NtQueryObject gives it: under its window station, whose name it does not repeat. */
static NTSTATUS W32pQueryDesktopName(void *body, WCHAR **name, USHORT *length)
{
    *name = W32pDesktopName(body, TRUE, length);
    return STATUS_SUCCESS;
}

/* A desktop of a window station by name, referenced, or NULL. */
static W32P_DESKTOP *W32pFindDesktop(W32P_WINDOW_STATION *station, const WCHAR *name, USHORT length)
{
    W32P_DESKTOP *found = NULL;

    pthread_mutex_lock(&W32pLock);
    for (W32P_DESKTOP *d = station->Desktops; d && !found; d = d->Next)
        if (RtlpEqualNames(d->Name, d->NameLength, name, length, TRUE) && ObReferenceObjectSafe(d))
            found = d;
    pthread_mutex_unlock(&W32pLock);
    return found;
}

/* The desktop of that name in the window station, made if there is none (*created says which). */
static NTSTATUS W32pCreateDesktop(W32P_WINDOW_STATION *station, const WCHAR *name, USHORT length,
                                  W32P_DESKTOP **out, BOOLEAN *created)
{
    W32P_DESKTOP *desktop = ObCreateObject(&W32kDesktopType, sizeof(*desktop));

    desktop->Name = HostAlloc(length * sizeof(WCHAR));
    memcpy(desktop->Name, name, length * sizeof(WCHAR));
    desktop->NameLength = length;
    desktop->WindowStation = station;
    ObReferenceObject(station);
    /* Looked for again under the lock that adds it: two threads making one name make one desktop. */
    *created = TRUE;
    pthread_mutex_lock(&W32pLock);
    for (W32P_DESKTOP *d = station->Desktops; d && *created; d = d->Next)
        if (RtlpEqualNames(d->Name, d->NameLength, name, length, TRUE) && ObReferenceObjectSafe(d)) {
            *out = d;
            *created = FALSE;
        }
    if (*created) {
        desktop->Next = station->Desktops;
        station->Desktops = desktop;
        *out = desktop;
    }
    pthread_mutex_unlock(&W32pLock);
    if (!*created)
        ObDereferenceObject(desktop);
    return STATUS_SUCCESS;
}

/* Connect the process to WinSta0 (the program's own, if it made one of that name first) and its desktop Default,
 * as Windows does for a process the user starts. */
static NTSTATUS W32pMakeConnection(void)
{
    static const WCHAR winsta0[] = u"" W32P_WINDOW_STATIONS "\\WinSta0", defaults[] = u"Default";
    OB_OBJECT_ATTRIBUTES oa = {.Attributes = OBJ_CASE_INSENSITIVE | OBJ_OPENIF, .Name = (WCHAR *)winsta0,
                               .NameLength = sizeof(winsta0) / sizeof(WCHAR) - 1};
    W32P_WINDOW_STATION *station = ObCreateObject(&W32kWindowStationType, sizeof(*station));
    W32P_DESKTOP *desktop;
    HANDLE winsta, desk;
    BOOLEAN created;
    NTSTATUS status;

    if (!NT_SUCCESS(status = ObInsertObject(station, WINSTA_ALL_ACCESS, &oa, &winsta)))
        return status;
    if ((status = ObReferenceObjectByHandle(winsta, 0, &W32kWindowStationType, (void **)&station))) {
        NtClose(winsta);
        return status;
    }
    __atomic_or_fetch(&station->Flags, WSF_VISIBLE, __ATOMIC_RELAXED);
    W32pCreateDesktop(station, defaults, sizeof(defaults) / sizeof(WCHAR) - 1, &desktop, &created);
    ObDereferenceObject(station);
    status = ObInsertHandle(desktop, DESKTOP_ALL_ACCESS, 0, &desk);
    ObDereferenceObject(desktop);
    if (status) {
        NtClose(winsta);
        return status;
    }
    __atomic_store_n(&W32pProcessWindowStation, winsta, __ATOMIC_RELEASE);
    __atomic_store_n(&W32pStartDesktop, desk, __ATOMIC_RELEASE);
    return STATUS_SUCCESS;
}

static NTSTATUS W32pConnect(void)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (__atomic_load_n(&W32pConnected, __ATOMIC_ACQUIRE))
        return STATUS_SUCCESS;
    pthread_mutex_lock(&W32pConnectLock);
    if (!W32pConnected && !(status = W32pMakeConnection()))
        __atomic_store_n(&W32pConnected, TRUE, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&W32pConnectLock);
    return status;
}

/* A caller's OBJECT_ATTRIBUTES for a window station or a desktop, whose names Windows limits to MAX_PATH: FALSE,
 * with the caller's last error set, when they cannot be used. */
static BOOLEAN W32pCaptureAttributes(const OBJECT_ATTRIBUTES *user_attributes, OB_OBJECT_ATTRIBUTES *oa)
{
    NTSTATUS status;

    if (!user_attributes)
        return W32pFail(STATUS_INVALID_PARAMETER);
    if ((status = ObCaptureObjectAttributes(user_attributes, oa)))
        return W32pFail(status);
    if (oa->NameLength >= W32P_MAX_NAME + 1) {
        ObReleaseObjectAttributes(oa);
        return W32pFailWith(ERROR_FILENAME_EXCED_RANGE);
    }
    return TRUE;
}

/* A new handle to an object the caller has a reference to, which goes to the handle: the service's answer. */
static ULONG_PTR W32pGiveHandle(void *body, ACCESS_MASK access, ULONG attributes)
{
    HANDLE handle;
    NTSTATUS status = ObInsertHandle(body, access, attributes & OBJ_INHERIT, &handle);

    ObDereferenceObject(body);
    return status ? W32pFail(status) : (ULONG_PTR)handle;
}

/* A window station given no name is named after the caller's logon session, "Service-0x0-10000$", as Windows names
 * it: in the directory the attributes give, else in the session's. */
static void W32pNameAfterLogonSession(OB_OBJECT_ATTRIBUTES *oa)
{
    LUID session = SeGetAuthenticationId();
    char text[128];
    int n = snprintf(text, sizeof(text), "%sService-0x%x-%x$", oa->RootDirectory ? "" : W32P_WINDOW_STATIONS "\\",
                     (unsigned)session.HighPart, (unsigned)session.LowPart);

    oa->Name = HostAlloc((size_t)n * sizeof(WCHAR));
    oa->NameLength = (USHORT)RtlpUtf8ToUtf16(text, (SIZE_T)n, oa->Name, (SIZE_T)n);
}

ULONG_PTR NTAPI NtUserCreateWindowStation(POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK DesiredAccess,
                                          HANDLE KeyboardLayoutFile, ULONG KeyboardLayoutOffset,
                                          PVOID KeyboardTables, ULONG KeyboardLayoutNlsTables, ULONG KeyboardLocale)
{
    W32P_WINDOW_STATION *station;
    OB_OBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status;

    if (!W32pCaptureAttributes(ObjectAttributes, &oa))
        return 0;
    if (!oa.Name)
        W32pNameAfterLogonSession(&oa);
    station = ObCreateObject(&W32kWindowStationType, sizeof(*station));
    status = ObInsertObject(station, DesiredAccess, &oa, &handle);
    ObReleaseObjectAttributes(&oa);
    if (!NT_SUCCESS(status))
        return W32pFail(status);
    return (ULONG_PTR)handle;
}

ULONG_PTR NTAPI NtUserOpenWindowStation(POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK DesiredAccess)
{
    OB_OBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status;

    if (!W32pCaptureAttributes(ObjectAttributes, &oa))
        return 0;
    /* WinSta0 is there for whoever opens it, connected or not. */
    W32pConnect();
    if (!oa.Name)
        W32pNameAfterLogonSession(&oa);
    status = ObOpenObjectByName(&oa, &W32kWindowStationType, DesiredAccess, &handle);
    ObReleaseObjectAttributes(&oa);
    return status ? W32pFail(status) : (ULONG_PTR)handle;
}

/* CloseWindowStation and CloseDesktop: a handle of the type, which the system is not using. */
static ULONG_PTR W32pCloseHandle(HANDLE handle, const OBJECT_TYPE *type)
{
    void *body;
    NTSTATUS status = ObReferenceObjectByHandle(handle, 0, type, &body);

    if (status)
        return W32pFail(status == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : status);
    ObDereferenceObject(body);
    if (!W32pOkayToClose(body, handle))
        return W32pFail(type == &W32kDesktopType ? STATUS_DEVICE_BUSY : STATUS_ACCESS_DENIED);
    return (status = NtClose(handle)) ? W32pFail(status) : TRUE;
}

ULONG_PTR NTAPI NtUserCloseWindowStation(HANDLE WindowStation)
{
    return W32pCloseHandle(WindowStation, &W32kWindowStationType);
}

ULONG_PTR NTAPI NtUserGetProcessWindowStation(void)
{
    NTSTATUS status = W32pConnect();

    return status ? W32pFail(status) : (ULONG_PTR)__atomic_load_n(&W32pProcessWindowStation, __ATOMIC_ACQUIRE);
}

/* The window station a handle names (*station, referenced; NULL: the process's). */
static NTSTATUS W32pReferenceWindowStation(HANDLE handle, ACCESS_MASK desired, W32P_WINDOW_STATION **station)
{
    NTSTATUS status;

    if (!handle) {
        if ((status = W32pConnect()))
            return status;
        handle = __atomic_load_n(&W32pProcessWindowStation, __ATOMIC_ACQUIRE);
    }
    status = ObReferenceObjectByHandle(handle, desired, &W32kWindowStationType, (void **)station);
    return status == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : status;
}

ULONG_PTR NTAPI NtUserSetProcessWindowStation(HANDLE WindowStation)
{
    W32P_WINDOW_STATION *station;
    NTSTATUS status;

    if ((status = W32pConnect()) || (status = W32pReferenceWindowStation(WindowStation, 0, &station)))
        return W32pFail(status);
    ObDereferenceObject(station);
    __atomic_store_n(&W32pProcessWindowStation, WindowStation, __ATOMIC_RELEASE);
    return TRUE;
}

/* A desktop's OBJECT_ATTRIBUTES: its name, one name in its window station (no path), and that window station, its
 * root when that is one, else the process's (*station, referenced, with the access desired). FALSE, with the
 * caller's last error set and nothing kept, when they cannot be used. */
static BOOLEAN W32pCaptureDesktopAttributes(const OBJECT_ATTRIBUTES *user_attributes, ACCESS_MASK desired,
                                            OB_OBJECT_ATTRIBUTES *oa, W32P_WINDOW_STATION **station)
{
    NTSTATUS status = STATUS_SUCCESS;
    HANDLE parent = NULL;
    void *root;

    if (!W32pCaptureAttributes(user_attributes, oa))
        return FALSE;
    if (!oa->Name)
        status = STATUS_INVALID_HANDLE;
    for (USHORT i = 0; i < oa->NameLength && !status; i++)
        if (oa->Name[i] == '\\')
            status = STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (!status && oa->RootDirectory && !ObReferenceObjectByHandle(oa->RootDirectory, 0, NULL, &root)) {
        if (ObGetObjectType(root) == &W32kWindowStationType)
            parent = oa->RootDirectory;
        ObDereferenceObject(root);
    }
    if (!status && !(status = W32pReferenceWindowStation(parent, desired, station)))
        return TRUE;
    ObReleaseObjectAttributes(oa);
    return W32pFail(status);
}

ULONG_PTR NTAPI NtUserCreateDesktopEx(POBJECT_ATTRIBUTES ObjectAttributes, PUNICODE_STRING Device, PVOID DevMode,
                                      ULONG Flags, ACCESS_MASK DesiredAccess, ULONG HeapSize)
{
    W32P_WINDOW_STATION *station;
    W32P_DESKTOP *desktop;
    OB_OBJECT_ATTRIBUTES oa;
    UNICODE_STRING device = {0};
    BOOLEAN created;

    if (Device && KeReadUser(&device, Device))
        return W32pFail(STATUS_ACCESS_VIOLATION);
    /* Desktops on other display devices, or in another display mode, are not Veles's to make. */
    if (device.Length || DevMode)
        return W32pFail(STATUS_INVALID_PARAMETER);
    if (!W32pCaptureDesktopAttributes(ObjectAttributes, WINSTA_CREATEDESKTOP, &oa, &station))
        return 0;
    W32pCreateDesktop(station, oa.Name, oa.NameLength, &desktop, &created);
    ObDereferenceObject(station);
    ObReleaseObjectAttributes(&oa);
    return W32pGiveHandle(desktop, DesiredAccess, oa.Attributes);
}

ULONG_PTR NTAPI NtUserOpenDesktop(POBJECT_ATTRIBUTES ObjectAttributes, ULONG Flags, ACCESS_MASK DesiredAccess)
{
    W32P_WINDOW_STATION *station;
    W32P_DESKTOP *desktop;
    OB_OBJECT_ATTRIBUTES oa;

    if (!W32pCaptureDesktopAttributes(ObjectAttributes, 0, &oa, &station))
        return 0;
    desktop = W32pFindDesktop(station, oa.Name, oa.NameLength);
    ObDereferenceObject(station);
    ObReleaseObjectAttributes(&oa);
    return desktop ? W32pGiveHandle(desktop, DesiredAccess, oa.Attributes) : W32pFail(STATUS_OBJECT_NAME_NOT_FOUND);
}

/* The desktop the user sees: the start desktop of a process on the visible window station. */
ULONG_PTR NTAPI NtUserOpenInputDesktop(ULONG Flags, BOOLEAN Inherit, ACCESS_MASK DesiredAccess)
{
    W32P_WINDOW_STATION *station;
    void *desktop;
    ULONG flags;
    NTSTATUS status;

    if ((status = W32pReferenceWindowStation(NULL, 0, &station)))
        return W32pFail(status);
    flags = station->Flags;
    ObDereferenceObject(station);
    if (!(flags & WSF_VISIBLE))
        return W32pFail(STATUS_ILLEGAL_FUNCTION);
    if ((status = ObReferenceObjectByHandle(W32pStartDesktop, 0, &W32kDesktopType, &desktop)))
        return W32pFail(status);
    return W32pGiveHandle(desktop, DesiredAccess, Inherit ? OBJ_INHERIT : 0);
}

ULONG_PTR NTAPI NtUserCloseDesktop(HANDLE Desktop)
{
    return W32pCloseHandle(Desktop, &W32kDesktopType);
}

/* A thread's desktop is the one it set, else the one the process started its threads on. */
ULONG_PTR NTAPI NtUserGetThreadDesktop(ULONG ThreadId)
{
    KTHREAD *thread;
    HANDLE desktop;
    NTSTATUS status;

    if (!(thread = PsLookupThread((HANDLE)(ULONG_PTR)ThreadId)))
        return W32pFail(STATUS_INVALID_CID);
    desktop = thread->Desktop;
    ObDereferenceObject(thread);
    if (desktop)
        return (ULONG_PTR)desktop;
    if ((status = W32pConnect()))
        return W32pFail(status);
    return (ULONG_PTR)__atomic_load_n(&W32pStartDesktop, __ATOMIC_ACQUIRE);
}

ULONG_PTR NTAPI NtUserSetThreadDesktop(HANDLE Desktop)
{
    W32P_WINDOW_STATION *station;
    W32P_DESKTOP *desktop;
    NTSTATUS status;

    if ((status = ObReferenceObjectByHandle(Desktop, 0, &W32kDesktopType, (void **)&desktop)))
        return W32pFail(status == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : status);
    /* A thread's desktop is one of its process's window station. */
    if (!(status = W32pReferenceWindowStation(NULL, 0, &station))) {
        if (desktop->WindowStation != station)
            status = STATUS_ACCESS_DENIED;
        ObDereferenceObject(station);
    }
    ObDereferenceObject(desktop);
    if (status)
        return W32pFail(status);
    KeGetCurrentThread()->Desktop = Desktop;
    return TRUE;
}

/* A window station's name is its name in the namespace, after the last backslash. */
static WCHAR *W32pObjectName(void *body, USHORT *length)
{
    WCHAR *name, *last;
    USHORT n;

    if (ObGetObjectType(body) == &W32kDesktopType)
        return W32pDesktopName(body, FALSE, length);
    name = ObQueryObjectName(body, &n);
    last = name + n;
    while (last > name && last[-1] != '\\')
        last--;
    *length = (USHORT)(name + n - last);
    memmove(name, last, *length * sizeof(WCHAR));
    return name;
}

/* What a caller's buffer gets for UOI_NAME and UOI_TYPE: a string and its terminator, *needed its bytes. */
static ULONG_PTR W32pReturnString(const WCHAR *text, USHORT length, PVOID info, ULONG size, PULONG needed)
{
    ULONG bytes = (length + 1) * sizeof(WCHAR);
    WCHAR terminator = 0;

    if (needed && KeWriteUser(needed, bytes))
        return W32pFail(STATUS_ACCESS_VIOLATION);
    if (size < bytes)
        return W32pFailWith(ERROR_INSUFFICIENT_BUFFER);
    if (KeCopyToUser(info, text, length * sizeof(WCHAR)) ||
        KeCopyToUser((WCHAR *)info + length, &terminator, sizeof(terminator)))
        return W32pFail(STATUS_ACCESS_VIOLATION);
    return TRUE;
}

/* A window station or a desktop by handle, with the handle's attributes; STATUS_INVALID_HANDLE for another. */
static NTSTATUS W32pReferenceUserObject(HANDLE handle, void **body, ULONG *attributes)
{
    ACCESS_MASK access;
    NTSTATUS status = ObReferenceHandle(handle, body, &access, attributes);

    if (status)
        return status;
    if (ObGetObjectType(*body) != &W32kWindowStationType && ObGetObjectType(*body) != &W32kDesktopType) {
        ObDereferenceObject(*body);
        return STATUS_INVALID_HANDLE;
    }
    return STATUS_SUCCESS;
}

static volatile ULONG *W32pObjectFlags(void *body)
{
    if (ObGetObjectType(body) == &W32kDesktopType)
        return &((W32P_DESKTOP *)body)->Flags;
    return &((W32P_WINDOW_STATION *)body)->Flags;
}

ULONG_PTR NTAPI NtUserGetObjectInformation(HANDLE Object, LONG Index, PVOID Information, ULONG Length,
                                           PULONG LengthNeeded)
{
    ULONG attributes;
    ULONG_PTR result;
    WCHAR *name;
    USHORT length;
    void *body;
    NTSTATUS status;

    if ((status = W32pReferenceUserObject(Object, &body, &attributes)))
        return W32pFail(status);
    switch (Index) {
    case UOI_FLAGS: {
        W32P_USEROBJECTFLAGS flags = {!!(attributes & OBJ_INHERIT), FALSE, *W32pObjectFlags(body)};
        ULONG bytes = sizeof(flags);
        if (LengthNeeded && KeWriteUser(LengthNeeded, bytes))
            result = W32pFail(STATUS_ACCESS_VIOLATION);
        else if (Length < sizeof(flags))
            result = W32pFailWith(ERROR_INSUFFICIENT_BUFFER);
        else
            result = KeCopyToUser(Information, &flags, sizeof(flags)) ? W32pFail(STATUS_ACCESS_VIOLATION) : TRUE;
        break;
    }
    case UOI_NAME:
        name = W32pObjectName(body, &length);
        result = W32pReturnString(name, length, Information, Length, LengthNeeded);
        free(name);
        break;
    case UOI_TYPE: {
        const char *type = ObGetObjectType(body)->Name;
        WCHAR wide[16];
        for (length = 0; type[length]; length++)
            wide[length] = (WCHAR)type[length];
        result = W32pReturnString(wide, length, Information, Length, LengthNeeded);
        break;
    }
    case UOI_USER_SID:
        result = W32pFail(KeReportNotImplemented("NtUserGetObjectInformation(UOI_USER_SID)"));
        break;
    default:
        result = W32pFail(STATUS_INVALID_PARAMETER);
        break;
    }
    ObDereferenceObject(body);
    return result;
}

/* Only UOI_FLAGS is set: its flags on the object, its inheritance on the handle. */
ULONG_PTR NTAPI NtUserSetObjectInformation(HANDLE Object, LONG Index, PVOID Information, ULONG Length)
{
    W32P_USEROBJECTFLAGS flags;
    ULONG attributes;
    void *body;
    NTSTATUS status;

    if (Index != UOI_FLAGS || !Information || Length < sizeof(flags))
        return W32pFail(STATUS_INVALID_PARAMETER);
    if (KeReadUser(&flags, (W32P_USEROBJECTFLAGS *)Information))
        return W32pFail(STATUS_ACCESS_VIOLATION);
    if ((status = W32pReferenceUserObject(Object, &body, &attributes)))
        return W32pFail(status);
    *W32pObjectFlags(body) = flags.Flags;
    ObDereferenceObject(body);
    if ((status = ObSetHandleAttributes(Object, (attributes & ~(ULONG)OBJ_INHERIT) | (flags.Inherit ? OBJ_INHERIT : 0))))
        return W32pFail(status);
    return TRUE;
}
