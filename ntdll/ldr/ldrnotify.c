/* What the loader tells others: the DLL notification callbacks (LdrRegisterDllNotification) and the walk of the
 * loaded modules (LdrEnumerateLoadedModules). */
#include "ldr/ldrp.h"

typedef struct {
    LIST_ENTRY Link;
    PLDR_DLL_NOTIFICATION_FUNCTION Callback;
    PVOID Context;
} LDRP_NOTIFICATION;

static LIST_ENTRY LdrpNotifications = {&LdrpNotifications, &LdrpNotifications};

NTSTATUS NTAPI LdrRegisterDllNotification(ULONG Flags, PLDR_DLL_NOTIFICATION_FUNCTION Callback, PVOID Context,
                                           PVOID *Cookie)
{
    LDRP_NOTIFICATION *entry;

    if (Flags || !Callback || !Cookie)
        return STATUS_INVALID_PARAMETER;
    if (!(entry = RtlAllocateHeap(RtlpHeap(), 0, sizeof(*entry))))
        return STATUS_NO_MEMORY;
    entry->Callback = Callback;
    entry->Context = Context;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    InsertTailList(&LdrpNotifications, &entry->Link);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    *Cookie = entry;
    return STATUS_SUCCESS;
}

/* A cookie no registration gave is STATUS_DLL_NOT_FOUND, as on Windows. */
NTSTATUS NTAPI LdrUnregisterDllNotification(PVOID Cookie)
{
    NTSTATUS status = STATUS_DLL_NOT_FOUND;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    for (LIST_ENTRY *l = LdrpNotifications.Flink; l != &LdrpNotifications; l = l->Flink) {
        if (l == Cookie) {
            RemoveEntryList(l);
            RtlFreeHeap(RtlpHeap(), 0, l);
            status = STATUS_SUCCESS;
            break;
        }
    }
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

/* Under the loader lock, in the order of registration; a callback may unregister itself. */
void LdrpNotifyDll(LDRP_MODULE *module, ULONG reason)
{
    LDR_DLL_NOTIFICATION_DATA data = {.Loaded = {.Flags = 0,
                                                 .FullDllName = &module->Entry.FullDllName,
                                                 .BaseDllName = &module->Entry.BaseDllName,
                                                 .DllBase = module->Entry.DllBase,
                                                 .SizeOfImage = module->Entry.SizeOfImage}};

    for (LIST_ENTRY *l = LdrpNotifications.Flink, *next; l != &LdrpNotifications; l = next) {
        LDRP_NOTIFICATION *entry = CONTAINING_RECORD(l, LDRP_NOTIFICATION, Link);
        next = l->Flink;
        entry->Callback(reason, &data, entry->Context);
    }
}

NTSTATUS NTAPI LdrEnumerateLoadedModules(PVOID Reserved, PLDR_ENUM_CALLBACK Callback, PVOID Context)
{
    BOOLEAN stop = FALSE;

    if (Reserved || !Callback)
        return STATUS_INVALID_PARAMETER;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    for (LIST_ENTRY *l = LdrpData.InLoadOrderModuleList.Flink; l != &LdrpData.InLoadOrderModuleList && !stop;
         l = l->Flink)
        Callback(CONTAINING_RECORD(l, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks), Context, &stop);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return STATUS_SUCCESS;
}
