/* Calls into a child's kernel: what the creator's services ask of a child (its memory, for one), carried over the
 * child's channel and served in the child by a thread of its own, which also lets the first thread run when the
 * creator resumes it. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ps/psp.h"

NTSTATUS PsReferenceTargetProcess(HANDLE handle, ACCESS_MASK desired, void **child)
{
    EPROCESS *process;
    NTSTATUS status = PspReferenceProcess(handle, desired, &process);

    *child = NULL;
    if (status)
        return status;
    if (!process->Pid) {
        ObDereferenceObject(process);
        return STATUS_SUCCESS;
    }
    if (KeReadState(&process->Header)) {
        ObDereferenceObject(process);
        return STATUS_PROCESS_IS_TERMINATING;
    }
    /* A child stopped whole (NtSuspendProcess) has no thread to serve the call until it goes on. */
    if (__atomic_load_n(&process->SuspendCount, __ATOMIC_ACQUIRE)) {
        ObDereferenceObject(process);
        return KeReportNotImplemented("a service on the memory of a suspended process");
    }
    *child = process;
    return STATUS_SUCCESS;
}

/* Messages a child's channel carries from its creator, told apart by their length: one byte lets the first thread
 * run, a request asks the child's kernel for a service (a descriptor may come with it). */
NTSTATUS PsCallChild(void *child, const PS_CHILD_REQUEST *request, int fd, PS_CHILD_REPLY *reply)
{
    EPROCESS *process = child;
    union {
        PS_CHILD_REPLY reply;
        unsigned int exit_code;
    } answer;
    char control[CMSG_SPACE(sizeof(int))] = {0};
    struct iovec iov = {(void *)request, sizeof(*request)};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1};
    NTSTATUS status = STATUS_PROCESS_IS_TERMINATING;
    ssize_t n;

    if (fd >= 0) {
        struct cmsghdr *cmsg;
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        cmsg = CMSG_FIRSTHDR(&message);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    }
    pthread_mutex_lock(&process->CallLock);
    /* A child that told its exit code is ending: an answer it may still send answers no later call. */
    n = -1;
    if (!process->ExitCodeTold)
        while ((n = sendmsg(process->Channel, &message, MSG_NOSIGNAL)) < 0 && errno == EINTR)
            ;
    while (n > 0) {
        while ((n = recv(process->Channel, &answer, sizeof(answer), 0)) < 0 && errno == EINTR)
            ;
        if (n == (ssize_t)sizeof(answer.reply)) {
            *reply = answer.reply;
            status = reply->Status;
            break;
        }
        /* The child ended meanwhile: its exit code is kept for the watcher, which reads it once the child is gone. */
        if (n == (ssize_t)sizeof(answer.exit_code)) {
            process->ToldExitCode = answer.exit_code;
            process->ExitCodeTold = TRUE;
            break;
        }
    }
    pthread_mutex_unlock(&process->CallLock);
    return status;
}

_Static_assert(sizeof(PSP_THREAD_FACTS) <= sizeof(((PS_CHILD_REPLY *)0)->Results), "a reply holds a thread's facts");

/* The child's side. The first thread waits on PspResumed: 1 once its creator resumes it, 2 if the creator is gone
 * first. */
static volatile int PspResumed;

static void PspSetResumed(int value)
{
    if (!PspResumed) {
        __atomic_store_n(&PspResumed, value, __ATOMIC_RELEASE);
        KeFutexWake(&PspResumed);
    }
}

/* ps's own calls, served in the child. */
static void PspServeRequest(const PS_CHILD_REQUEST *request, PS_CHILD_REPLY *reply)
{
    VM_COUNTERS_EX vm;
    IO_COUNTERS io;

    switch (request->Function) {
    case PSP_CHILD_COUNTERS:
        PspReadCounters(&vm, &io);
        if (request->Arguments[0] == ProcessVmCounters)
            memcpy(reply->Results, &vm, sizeof(vm));
        else
            memcpy(reply->Results, &io, sizeof(io));
        break;
    case PSP_CHILD_HANDLE_COUNT:
        reply->Results[0] = ObHandleCount();
        break;
    case PSP_CHILD_THREAD: {
        ETHREAD *thread = NULL, *next;
        PSP_THREAD_FACTS facts;
        BOOLEAN found = FALSE;
        for (ULONG64 i = 0; !found && (next = PspNextThread(thread, FALSE)); i++) {
            if (thread)
                ObDereferenceObject(thread);
            thread = next;
            found = i == request->Arguments[0];
        }
        if (found)
            PspGetThreadFacts(thread, &facts);
        if (thread)
            ObDereferenceObject(thread);
        if (found)
            memcpy(reply->Results, &facts, sizeof(facts));
        else
            reply->Status = STATUS_NO_MORE_ENTRIES;
        break;
    }
    default:
        reply->Status = STATUS_INVALID_PARAMETER;
    }
}

static void *PspServeCreatorThread(void *argument)
{
    int channel = (int)(intptr_t)argument;

    for (;;) {
        PS_CHILD_REQUEST request;
        PS_CHILD_REPLY reply;
        char control[CMSG_SPACE(sizeof(int))];
        struct iovec iov = {&request, sizeof(request)};
        struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                                 .msg_controllen = sizeof(control)};
        struct cmsghdr *cmsg;
        int fd = -1;
        ssize_t n = recvmsg(channel, &message, MSG_CMSG_CLOEXEC);

        if (n < 0 && errno == EINTR)
            continue;
        for (cmsg = n > 0 ? CMSG_FIRSTHDR(&message) : NULL; cmsg; cmsg = CMSG_NXTHDR(&message, cmsg))
            if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
                memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
        if (n <= 0) {
            PspSetResumed(2);
            return NULL;
        }
        if (n == 1)
            PspSetResumed(1);
        else if (n == (ssize_t)sizeof(request)) {
            memset(&reply, 0, sizeof(reply));
            if (request.Function >= PS_CHILD_FUNCTIONS)
                PspServeRequest(&request, &reply);
            else
                MmServeChildRequest(&request, fd, &reply);
            while (send(channel, &reply, sizeof(reply), MSG_NOSIGNAL) < 0 && errno == EINTR)
                ;
        }
        if (fd >= 0)
            close(fd);
    }
}

BOOLEAN PspServeCreator(int channel)
{
    pthread_t server;

    if (pthread_create(&server, NULL, PspServeCreatorThread, (void *)(intptr_t)channel))
        HostBugCheck("cannot start the thread that serves the creator");
    pthread_detach(server);
    while (!__atomic_load_n(&PspResumed, __ATOMIC_ACQUIRE))
        KeFutexWait(&PspResumed, 0);
    return PspResumed == 1;
}
