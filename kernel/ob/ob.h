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
} OBJECT_TYPE;

/* A new object of type with a zeroed body of size bytes and one reference, owned by the caller. */
void *ObCreateObject(const OBJECT_TYPE *type, size_t size);
void ObReferenceObject(void *body);
void ObDereferenceObject(void *body);
const OBJECT_TYPE *ObGetObjectType(const void *body);

/* Give the process a handle to object (which gains a reference) with access mapped through its type. */
NTSTATUS ObInsertHandle(void *body, ACCESS_MASK access, ULONG attributes, HANDLE *handle);
/* The object a handle names, referenced, if the handle grants desired (0 = any) and the type matches
 * (NULL = any). STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH or STATUS_ACCESS_DENIED otherwise. */
NTSTATUS ObReferenceObjectByHandle(HANDLE handle, ACCESS_MASK desired, const OBJECT_TYPE *type, void **body);
ULONG ObHandleCount(void);

/* The object NtCurrentProcess() names (the current thread's is its KTHREAD, which ob finds itself). */
void ObSetCurrentProcessObject(void *process);

/* Check the OBJECT_ATTRIBUTES a caller passed (NULL is allowed) and return its attributes. Names arrive with
 * the object namespace: until then a named object is STATUS_NOT_IMPLEMENTED, said in the trace. */
NTSTATUS ObCaptureObjectAttributes(const OBJECT_ATTRIBUTES *user_attributes, ULONG *attributes);
/* Give the caller a handle to a new object and write it to user_handle; the creator's reference is kept by
 * the handle. On failure the object is gone and nothing is written. */
NTSTATUS ObInsertObjectForCaller(void *body, ACCESS_MASK access, ULONG attributes, HANDLE *user_handle);

#endif
