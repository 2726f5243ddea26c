/* Access tokens: the process's primary token and copies of it, NtOpenProcessToken(Ex), NtOpenThreadToken(Ex),
 * NtDuplicateToken, NtQueryInformationToken, NtAdjustPrivilegesToken; and locally unique ids. Every token
 * names the same user and groups (those of an elevated administrator of a machine without UAC, which is
 * what a Linux user is to its own programs); what a token changes is which privileges it holds and enables. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "nt/services.h"
#include "ob/ob.h"
#include "ps/ps.h"
#include "rtl/security.h"
#include "se/sep.h"

#define SEP_MAX_PRIVILEGES 36
#define SEP_MAX_CAPTURED 60 /* privileges one request may name */
#define SEP_INFO_MAX 4096 /* what the largest class takes, with room */

typedef struct {
    TOKEN_TYPE Type;
    SECURITY_IMPERSONATION_LEVEL Level;
    LUID TokenId, ModifiedId;
    ULONG PrivilegeCount;
    LUID_AND_ATTRIBUTES Privileges[SEP_MAX_PRIVILEGES];
} SEP_TOKEN;

/* A SID as data: its authority (the last byte of the six) and sub-authorities. */
typedef struct {
    UCHAR Authority;
    UCHAR Count;
    ULONG Sub[5];
    ULONG Attributes;
} SEP_SID;

static const SEP_SID SepUser = {5, 5, {21, 0, 0, 0, 1000}, 0};
static const SEP_SID SepPrimaryGroup = {5, 5, {21, 0, 0, 0, 513}, 0};
static const SEP_SID SepAdministrators = {5, 2, {32, 544}, 0};
static const SEP_SID SepSystem = {5, 1, {18}, 0};
static const SEP_SID SepHighIntegrity = {16, 1, {0x3000}, SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED};

#define SEP_GROUP_ON (SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED)
static const SEP_SID SepGroups[] = {
    {5, 5, {21, 0, 0, 0, 513}, SEP_GROUP_ON},      /* the machine's users ("None") */
    {1, 1, {0}, SEP_GROUP_ON},                     /* Everyone */
    {5, 2, {32, 544}, SEP_GROUP_ON | SE_GROUP_OWNER}, /* BUILTIN\Administrators */
    {5, 2, {32, 545}, SEP_GROUP_ON},               /* BUILTIN\Users */
    {5, 1, {4}, SEP_GROUP_ON},                     /* INTERACTIVE */
    {2, 1, {1}, SEP_GROUP_ON},                     /* CONSOLE LOGON */
    {5, 1, {11}, SEP_GROUP_ON},                    /* Authenticated Users */
    {5, 1, {15}, SEP_GROUP_ON},                    /* This Organization */
    {2, 1, {0}, SEP_GROUP_ON},                     /* LOCAL */
    {5, 3, {5, 0, 0x10000}, SEP_GROUP_ON | SE_GROUP_LOGON_ID}, /* the logon session */
    {16, 1, {0x3000}, SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED}, /* High Mandatory Level */
};
#define SEP_GROUP_COUNT (sizeof(SepGroups) / sizeof(SepGroups[0]))

/* The logon session every Veles process of the user shares (the logon SID above names it too). */
static const LUID SepAuthenticationId = {0x10000, 0};

LUID SeGetAuthenticationId(void)
{
    return SepAuthenticationId;
}

/* An elevated administrator's privileges, with the three Windows enables from the start. */
static const UCHAR SepDefaultPrivileges[] = {
    SE_INCREASE_QUOTA_PRIVILEGE, SE_SECURITY_PRIVILEGE, SE_TAKE_OWNERSHIP_PRIVILEGE, SE_LOAD_DRIVER_PRIVILEGE,
    SE_SYSTEM_PROFILE_PRIVILEGE, SE_SYSTEMTIME_PRIVILEGE, SE_PROF_SINGLE_PROCESS_PRIVILEGE,
    SE_INC_BASE_PRIORITY_PRIVILEGE, SE_CREATE_PAGEFILE_PRIVILEGE, SE_BACKUP_PRIVILEGE, SE_RESTORE_PRIVILEGE,
    SE_SHUTDOWN_PRIVILEGE, SE_DEBUG_PRIVILEGE, SE_SYSTEM_ENVIRONMENT_PRIVILEGE, SE_CHANGE_NOTIFY_PRIVILEGE,
    SE_REMOTE_SHUTDOWN_PRIVILEGE, SE_UNDOCK_PRIVILEGE, SE_MANAGE_VOLUME_PRIVILEGE, SE_IMPERSONATE_PRIVILEGE,
    SE_CREATE_GLOBAL_PRIVILEGE, SE_INC_WORKING_SET_PRIVILEGE, SE_TIME_ZONE_PRIVILEGE,
    SE_CREATE_SYMBOLIC_LINK_PRIVILEGE, SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE,
};

/* Tokens change under this lock (their privileges); what never changes is read without it. */
static pthread_mutex_t SepLock = PTHREAD_MUTEX_INITIALIZER;
static SEP_TOKEN *SepProcessToken;

static const OBJECT_TYPE SepTokenType = {
    .Name = "Token",
    /* Windows' mapping: reading also duplicates and reads the source, writing also sets the session, executing
     * impersonates and assigns as a primary token. */
    .Mapping = {STANDARD_RIGHTS_READ | 0x001a, STANDARD_RIGHTS_WRITE | 0x01e0, STANDARD_RIGHTS_EXECUTE | 0x0005,
                TOKEN_ALL_ACCESS},
    .ValidAccess = TOKEN_ALL_ACCESS | SYNCHRONIZE,
    .Nameless = TRUE,
};

/* Unique on the machine while the process lives: the high part is the Linux process id. */
static LUID SepNewLuid(void)
{
    static volatile LONG next = 0x1000;
    return (LUID){(ULONG)__atomic_add_fetch(&next, 1, __ATOMIC_RELAXED), (LONG)getpid()};
}

NTSTATUS NTAPI NtAllocateLocallyUniqueId(PLUID Luid)
{
    LUID luid = SepNewLuid();
    return KeWriteUser(Luid, luid) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

static SEP_TOKEN *SepCreateToken(void)
{
    SEP_TOKEN *token = ObCreateObject(&SepTokenType, sizeof(*token));

    token->TokenId = token->ModifiedId = SepNewLuid();
    return token;
}

static SEP_TOKEN *SepGetProcessToken(void)
{
    pthread_mutex_lock(&SepLock);
    if (!SepProcessToken) {
        SEP_TOKEN *token = SepCreateToken();
        token->Type = TokenPrimary;
        token->Level = SecurityImpersonation;
        for (ULONG i = 0; i < sizeof(SepDefaultPrivileges); i++) {
            UCHAR p = SepDefaultPrivileges[i];
            token->Privileges[i].Luid.LowPart = p;
            if (p == SE_CHANGE_NOTIFY_PRIVILEGE || p == SE_IMPERSONATE_PRIVILEGE || p == SE_CREATE_GLOBAL_PRIVILEGE)
                token->Privileges[i].Attributes = SE_PRIVILEGE_ENABLED_BY_DEFAULT | SE_PRIVILEGE_ENABLED;
        }
        token->PrivilegeCount = sizeof(SepDefaultPrivileges);
        SepProcessToken = token;
    }
    pthread_mutex_unlock(&SepLock);
    return SepProcessToken;
}

static LUID_AND_ATTRIBUTES *SepFindPrivilege(SEP_TOKEN *token, LUID luid)
{
    for (ULONG i = 0; i < token->PrivilegeCount; i++)
        if (token->Privileges[i].Luid.LowPart == luid.LowPart && token->Privileges[i].Luid.HighPart == luid.HighPart)
            return &token->Privileges[i];
    return NULL;
}

BOOLEAN SeSinglePrivilegeCheck(ULONG privilege)
{
    SEP_TOKEN *token = SepGetProcessToken(); /* no thread impersonates: the process's token is the caller's */
    const LUID_AND_ATTRIBUTES *held;
    BOOLEAN enabled;

    pthread_mutex_lock(&SepLock);
    held = SepFindPrivilege(token, (LUID){privilege, 0});
    enabled = held && held->Attributes & SE_PRIVILEGE_ENABLED;
    pthread_mutex_unlock(&SepLock);
    return enabled;
}

static NTSTATUS SepGiveHandle(SEP_TOKEN *token, ACCESS_MASK access, ULONG attributes, PHANDLE user_handle)
{
    HANDLE handle;
    NTSTATUS status;

    if (attributes & ~(ULONG)OBJ_VALID_ATTRIBUTES)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObInsertHandle(token, access, attributes, &handle)))
        return status;
    if (KeWriteUser(user_handle, handle)) {
        NtClose(handle);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtOpenProcessTokenEx(HANDLE ProcessHandle, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                                    PHANDLE TokenHandle)
{
    HANDLE none = NULL;
    NTSTATUS status;

    if (KeWriteUser(TokenHandle, none))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PsCheckProcessHandle(ProcessHandle))) {
        void *process;
        if (ObReferenceObjectByHandle(ProcessHandle, 0, &PsProcessType, &process))
            return status;
        ObDereferenceObject(process);
        return KeReportNotImplemented("NtOpenProcessToken of another process");
    }
    return SepGiveHandle(SepGetProcessToken(), DesiredAccess, HandleAttributes, TokenHandle);
}

NTSTATUS NTAPI NtOpenProcessToken(HANDLE ProcessHandle, ACCESS_MASK DesiredAccess, PHANDLE TokenHandle)
{
    return NtOpenProcessTokenEx(ProcessHandle, DesiredAccess, 0, TokenHandle);
}

NTSTATUS NTAPI NtOpenThreadTokenEx(HANDLE ThreadHandle, ACCESS_MASK DesiredAccess, BOOLEAN OpenAsSelf,
                                   ULONG HandleAttributes, PHANDLE TokenHandle)
{
    HANDLE none = NULL;
    void *thread;
    NTSTATUS status;

    (void)DesiredAccess;
    (void)OpenAsSelf;
    if (KeWriteUser(TokenHandle, none))
        return STATUS_ACCESS_VIOLATION;
    if (HandleAttributes & ~(ULONG)OBJ_VALID_ATTRIBUTES)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObReferenceObjectByHandle(ThreadHandle, THREAD_QUERY_INFORMATION, &PsThreadType, &thread)))
        return status;
    ObDereferenceObject(thread);
    /* No thread impersonates (NtSetInformationThread does not yet give one a token), so none has one. */
    return STATUS_NO_TOKEN;
}

NTSTATUS NTAPI NtOpenThreadToken(HANDLE ThreadHandle, ACCESS_MASK DesiredAccess, BOOLEAN OpenAsSelf,
                                 PHANDLE TokenHandle)
{
    return NtOpenThreadTokenEx(ThreadHandle, DesiredAccess, OpenAsSelf, 0, TokenHandle);
}

NTSTATUS NTAPI NtDuplicateToken(HANDLE ExistingTokenHandle, ACCESS_MASK DesiredAccess,
                                POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN EffectiveOnly, TOKEN_TYPE TokenType,
                                PHANDLE NewTokenHandle)
{
    OBJECT_ATTRIBUTES oa = {0};
    SECURITY_QUALITY_OF_SERVICE qos = {0};
    SEP_TOKEN *existing, *token;
    HANDLE none = NULL;
    NTSTATUS status;

    if (KeWriteUser(NewTokenHandle, none))
        return STATUS_ACCESS_VIOLATION;
    if (TokenType != TokenPrimary && TokenType != TokenImpersonation)
        return STATUS_INVALID_PARAMETER;
    if (ObjectAttributes && (KeReadUser(&oa, ObjectAttributes) ||
                             (oa.SecurityQualityOfService && KeReadUser(&qos, oa.SecurityQualityOfService))))
        return STATUS_ACCESS_VIOLATION;
    if (qos.ImpersonationLevel > SecurityDelegation)
        return STATUS_BAD_IMPERSONATION_LEVEL;
    if ((status = ObReferenceObjectByHandle(ExistingTokenHandle, TOKEN_DUPLICATE, &SepTokenType, (void **)&existing)))
        return status;
    token = SepCreateToken();
    pthread_mutex_lock(&SepLock);
    token->Type = TokenType;
    token->Level = TokenType == TokenPrimary ? SecurityImpersonation : qos.ImpersonationLevel;
    for (ULONG i = 0; i < existing->PrivilegeCount; i++)
        if (!EffectiveOnly || existing->Privileges[i].Attributes & SE_PRIVILEGE_ENABLED)
            token->Privileges[token->PrivilegeCount++] = existing->Privileges[i];
    pthread_mutex_unlock(&SepLock);
    ObDereferenceObject(existing);
    return ObInsertObjectForCaller(token, DesiredAccess, ObjectAttributes, NewTokenHandle);
}

/* A class's answer laid out for the caller's buffer at base: pointers in it point into that buffer. */
typedef struct {
    UCHAR Data[SEP_INFO_MAX];
    ULONG Length;
    ULONG_PTR Base;
} SEP_ANSWER;

static void *SepReserve(SEP_ANSWER *a, ULONG length)
{
    void *at = a->Data + a->Length;
    a->Length = (a->Length + length + 3) & ~3u;
    return at;
}

static PSID SepPutSid(SEP_ANSWER *a, const SEP_SID *sid)
{
    ULONG length = 8 + 4 * sid->Count;
    SID *out = SepReserve(a, length);

    out->Revision = SID_REVISION;
    out->SubAuthorityCount = sid->Count;
    memset(&out->IdentifierAuthority, 0, sizeof(out->IdentifierAuthority));
    out->IdentifierAuthority.Value[5] = sid->Authority;
    memcpy(out->SubAuthority, sid->Sub, 4 * sid->Count);
    return (PSID)(a->Base + ((UCHAR *)out - a->Data));
}

static void SepPutSidAndAttributes(SEP_ANSWER *a, ULONG at, const SEP_SID *sid)
{
    SID_AND_ATTRIBUTES entry = {SepPutSid(a, sid), sid->Attributes};
    memcpy(a->Data + at, &entry, sizeof(entry));
}

static void SepPutPointer(SEP_ANSWER *a, ULONG at, PVOID pointer)
{
    memcpy(a->Data + at, &pointer, sizeof(pointer));
}

/* Allowed GENERIC_ALL to Administrators and SYSTEM, as an elevated administrator's new objects get. */
static PACL SepPutDefaultDacl(SEP_ANSWER *a)
{
    const SEP_SID *sids[] = {&SepAdministrators, &SepSystem};
    ACL *acl = SepReserve(a, sizeof(ACL));
    UCHAR *start = (UCHAR *)acl;

    acl->AclRevision = ACL_REVISION;
    acl->AceCount = 2;
    for (int i = 0; i < 2; i++) {
        ACCESS_ALLOWED_ACE *ace = SepReserve(a, 8);
        ace->Header.AceType = ACCESS_ALLOWED_ACE_TYPE;
        ace->Header.AceFlags = 0;
        ace->Mask = GENERIC_ALL;
        SepPutSid(a, sids[i]);
        ace->Header.AceSize = (USHORT)(8 + 8 + 4 * sids[i]->Count);
    }
    acl->AclSize = (USHORT)(a->Data + a->Length - start);
    return (PACL)(a->Base + (start - a->Data));
}

SECURITY_DESCRIPTOR_RELATIVE *SepDefaultDescriptor(void)
{
    SEP_ANSWER a = {.Length = 0};
    const SID *owner, *group;
    const ACL *dacl;
    SECURITY_DESCRIPTOR_RELATIVE *sd;
    ULONG size;

    a.Base = (ULONG_PTR)a.Data;
    owner = SepPutSid(&a, &SepAdministrators);
    group = SepPutSid(&a, &SepPrimaryGroup);
    dacl = SepPutDefaultDacl(&a);
    size = RtlpPackRelativeDescriptor(NULL, 0, SE_DACL_PRESENT, NULL, dacl, owner, group);
    sd = HostAlloc(size);
    RtlpPackRelativeDescriptor(sd, size, SE_DACL_PRESENT, NULL, dacl, owner, group);
    return sd;
}

static NTSTATUS SepAnswer(const SEP_TOKEN *token, TOKEN_INFORMATION_CLASS cls, SEP_ANSWER *a)
{
    ULONG value;

    switch (cls) {
    case TokenUser:
        SepReserve(a, sizeof(TOKEN_USER));
        SepPutSidAndAttributes(a, 0, &SepUser);
        return STATUS_SUCCESS;
    case TokenGroups: {
        ULONG count = SEP_GROUP_COUNT;
        memcpy(a->Data, &count, sizeof(count));
        SepReserve(a, 8 + SEP_GROUP_COUNT * sizeof(SID_AND_ATTRIBUTES));
        for (ULONG i = 0; i < SEP_GROUP_COUNT; i++)
            SepPutSidAndAttributes(a, 8 + i * sizeof(SID_AND_ATTRIBUTES), &SepGroups[i]);
        return STATUS_SUCCESS;
    }
    case TokenPrivileges:
        memcpy(a->Data, &token->PrivilegeCount, 4);
        memcpy(a->Data + 4, token->Privileges, token->PrivilegeCount * sizeof(LUID_AND_ATTRIBUTES));
        a->Length = 4 + token->PrivilegeCount * sizeof(LUID_AND_ATTRIBUTES);
        return STATUS_SUCCESS;
    case TokenOwner:
        SepReserve(a, sizeof(TOKEN_OWNER));
        SepPutPointer(a, 0, SepPutSid(a, &SepAdministrators));
        return STATUS_SUCCESS;
    case TokenPrimaryGroup:
        SepReserve(a, sizeof(TOKEN_PRIMARY_GROUP));
        SepPutPointer(a, 0, SepPutSid(a, &SepPrimaryGroup));
        return STATUS_SUCCESS;
    case TokenDefaultDacl:
        SepReserve(a, sizeof(TOKEN_DEFAULT_DACL));
        SepPutPointer(a, 0, SepPutDefaultDacl(a));
        return STATUS_SUCCESS;
    case TokenSource: {
        TOKEN_SOURCE source = {.SourceName = "User32 ", .SourceIdentifier = SepAuthenticationId};
        memcpy(SepReserve(a, sizeof(source)), &source, sizeof(source));
        return STATUS_SUCCESS;
    }
    case TokenType:
        value = token->Type;
        break;
    case TokenImpersonationLevel:
        if (token->Type != TokenImpersonation)
            return STATUS_INVALID_INFO_CLASS;
        value = token->Level;
        break;
    case TokenStatistics: {
        TOKEN_STATISTICS stats = {
            .TokenId = token->TokenId, .AuthenticationId = SepAuthenticationId,
            .ExpirationTime.QuadPart = 0x7fffffffffffffffll, .TokenType = token->Type,
            .ImpersonationLevel = token->Level, .DynamicCharged = 4096, .DynamicAvailable = 4096 - 120,
            .GroupCount = SEP_GROUP_COUNT, .PrivilegeCount = token->PrivilegeCount, .ModifiedId = token->ModifiedId};
        memcpy(SepReserve(a, sizeof(stats)), &stats, sizeof(stats));
        return STATUS_SUCCESS;
    }
    case TokenSessionId:
        value = 1; /* the interactive session, whose objects are under \Sessions\1 */
        break;
    case TokenElevationType:
        value = TokenElevationTypeDefault; /* no split token: nothing to elevate to */
        break;
    case TokenElevation:
        value = 1;
        break;
    case TokenVirtualizationAllowed:
    case TokenVirtualizationEnabled:
    case TokenUIAccess:
    case TokenIsAppContainer:
    case TokenHasRestrictions:
        value = 0;
        break;
    case TokenIntegrityLevel:
        SepReserve(a, sizeof(TOKEN_MANDATORY_LABEL));
        SepPutSidAndAttributes(a, 0, &SepHighIntegrity);
        return STATUS_SUCCESS;
    case TokenMandatoryPolicy:
        value = TOKEN_MANDATORY_POLICY_NO_WRITE_UP | TOKEN_MANDATORY_POLICY_NEW_PROCESS_MIN;
        break;
    case TokenLogonSid:
        memcpy(a->Data, &(ULONG){1}, 4);
        SepReserve(a, 8 + sizeof(SID_AND_ATTRIBUTES));
        SepPutSidAndAttributes(a, 8, &SepGroups[SEP_GROUP_COUNT - 2]);
        return STATUS_SUCCESS;
    default:
        return cls >= TokenUser && cls <= TokenIsAppContainer
                   ? KeReportNotImplemented("NtQueryInformationToken: this information class")
                   : STATUS_INVALID_INFO_CLASS;
    }
    memcpy(SepReserve(a, sizeof(value)), &value, sizeof(value));
    return STATUS_SUCCESS;
}

/* The pseudo-handles of Windows 8 and later, for queries: the process's token, the thread's, and the one in effect
 * (the thread's if it impersonates, else the process's). No thread impersonates yet. */
#define SEP_CURRENT_PROCESS_TOKEN ((HANDLE)(LONG_PTR)-4)
#define SEP_CURRENT_THREAD_TOKEN ((HANDLE)(LONG_PTR)-5)
#define SEP_CURRENT_EFFECTIVE_TOKEN ((HANDLE)(LONG_PTR)-6)

NTSTATUS NTAPI NtQueryInformationToken(HANDLE TokenHandle, TOKEN_INFORMATION_CLASS TokenInformationClass,
                                       PVOID TokenInformation, ULONG TokenInformationLength, PULONG ReturnLength)
{
    SEP_TOKEN *token;
    SEP_ANSWER *answer;
    ACCESS_MASK access = TokenInformationClass == TokenSource ? TOKEN_QUERY_SOURCE : TOKEN_QUERY;
    NTSTATUS status;

    if (TokenHandle == SEP_CURRENT_THREAD_TOKEN)
        return STATUS_NO_TOKEN;
    if (TokenHandle == SEP_CURRENT_PROCESS_TOKEN || TokenHandle == SEP_CURRENT_EFFECTIVE_TOKEN) {
        token = SepGetProcessToken();
        ObReferenceObject(token);
    } else if ((status = ObReferenceObjectByHandle(TokenHandle, access, &SepTokenType, (void **)&token))) {
        return status;
    }
    answer = HostZalloc(sizeof(*answer));
    answer->Base = (ULONG_PTR)TokenInformation;
    pthread_mutex_lock(&SepLock);
    status = SepAnswer(token, TokenInformationClass, answer);
    pthread_mutex_unlock(&SepLock);
    ObDereferenceObject(token);
    if (!status) {
        if (ReturnLength && KeWriteUser(ReturnLength, answer->Length))
            status = STATUS_ACCESS_VIOLATION;
        else if (TokenInformationLength < answer->Length)
            status = STATUS_BUFFER_TOO_SMALL;
        else if (KeCopyToUser(TokenInformation, answer->Data, answer->Length))
            status = STATUS_ACCESS_VIOLATION;
    }
    free(answer);
    return status;
}

NTSTATUS NTAPI NtAdjustPrivilegesToken(HANDLE TokenHandle, BOOLEAN DisableAllPrivileges, PTOKEN_PRIVILEGES NewState,
                                       ULONG BufferLength, PTOKEN_PRIVILEGES PreviousState, PULONG ReturnLength)
{
    ACCESS_MASK access = TOKEN_ADJUST_PRIVILEGES | (PreviousState ? TOKEN_QUERY : 0);
    LUID_AND_ATTRIBUTES *changes = NULL, previous[SEP_MAX_PRIVILEGES];
    ULONG count = 0, changed = 0, required;
    bool missing = false;
    SEP_TOKEN *token;
    NTSTATUS status;

    if (!DisableAllPrivileges && !NewState)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObReferenceObjectByHandle(TokenHandle, access, &SepTokenType, (void **)&token)))
        return status;
    if (!DisableAllPrivileges) {
        if (KeReadUser(&count, (ULONG *)NewState)) {
            status = STATUS_ACCESS_VIOLATION;
            goto out;
        }
        /* Windows takes at most a privilege set's worth; more would have the host copy whatever was asked. */
        if (count > SEP_MAX_CAPTURED) {
            status = STATUS_INVALID_PARAMETER;
            goto out;
        }
        changes = HostZalloc((count ? count : 1) * sizeof(*changes));
        if (KeCopyFromUser(changes, (UCHAR *)NewState + 4, count * sizeof(*changes))) {
            status = STATUS_ACCESS_VIOLATION;
            goto out;
        }
    }
    pthread_mutex_lock(&SepLock);
    /* First what would change, for PreviousState, which must hold it all before anything changes. */
    for (ULONG i = 0; i < token->PrivilegeCount; i++) {
        LUID_AND_ATTRIBUTES *p = &token->Privileges[i];
        ULONG want = p->Attributes & SE_PRIVILEGE_ENABLED;
        bool remove = false;
        if (DisableAllPrivileges)
            want = 0;
        else
            for (ULONG j = 0; j < count; j++)
                if (changes[j].Luid.LowPart == p->Luid.LowPart && changes[j].Luid.HighPart == p->Luid.HighPart) {
                    want = changes[j].Attributes & SE_PRIVILEGE_ENABLED;
                    remove = changes[j].Attributes & SE_PRIVILEGE_REMOVED;
                }
        if (remove || want != (p->Attributes & SE_PRIVILEGE_ENABLED))
            previous[changed++] = *p;
    }
    for (ULONG j = 0; j < count; j++)
        if (!SepFindPrivilege(token, changes[j].Luid))
            missing = true;
    required = 4 + changed * sizeof(LUID_AND_ATTRIBUTES);
    if (PreviousState && BufferLength < required) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else if (PreviousState && (KeWriteUser((ULONG *)PreviousState, changed) ||
                                 KeCopyToUser((UCHAR *)PreviousState + 4, previous, changed * sizeof(*previous)))) {
        status = STATUS_ACCESS_VIOLATION;
    } else {
        for (ULONG i = 0; i < token->PrivilegeCount; i++)
            if (DisableAllPrivileges)
                token->Privileges[i].Attributes &= ~(ULONG)SE_PRIVILEGE_ENABLED;
        for (ULONG j = 0; j < count; j++) {
            LUID_AND_ATTRIBUTES *p = SepFindPrivilege(token, changes[j].Luid);
            if (!p)
                continue;
            if (changes[j].Attributes & SE_PRIVILEGE_REMOVED) {
                *p = token->Privileges[--token->PrivilegeCount];
                continue;
            }
            p->Attributes = (p->Attributes & ~(ULONG)SE_PRIVILEGE_ENABLED) |
                            (changes[j].Attributes & SE_PRIVILEGE_ENABLED);
        }
        if (changed)
            token->ModifiedId = SepNewLuid();
        status = missing ? STATUS_NOT_ALL_ASSIGNED : STATUS_SUCCESS;
    }
    pthread_mutex_unlock(&SepLock);
    if (ReturnLength && (status == STATUS_BUFFER_TOO_SMALL || PreviousState) && KeWriteUser(ReturnLength, required))
        status = STATUS_ACCESS_VIOLATION;
out:
    free(changes);
    ObDereferenceObject(token);
    return status;
}
