/* The console: standard handles that are a terminal, and the files of \Device\ConDrv, answer on the Linux
 * terminal the requests Wine's kernelbase makes of a console (IOCTL_CONDRV_*): modes (carried to the terminal's
 * line discipline), reads and writes in UTF-16 and in the code page (UTF-8, the terminal's), the screen
 * buffer's size, colours and cursor (as escape sequences), the title and the code pages. The process has one
 * console; its state is guarded by one lock, and reads wait with no lock held but their own. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ps/ps.h"
#include "rtl/unicode.h"

#define IOP_CONSOLE_TITLE_MAX 1024 /* characters */
#define IOP_CP_UTF8 65001

static struct {
    pthread_mutex_t Lock, ReadLock;
    ULONG InputMode, OutputMode, InputCodePage, OutputCodePage;
    WCHAR Title[IOP_CONSOLE_TITLE_MAX];
    ULONG TitleLength;  /* characters */
    USHORT Attributes;
    SHORT CursorX, CursorY; /* where Veles last put the cursor: the terminal is not asked */
    bool TermiosSaved;
    int TermiosFd;
    struct termios Original;
    /* What was read from the terminal and not yet taken (line ends already CR LF), guarded by ReadLock. */
    char Input[8192];
    ULONG InputLength;
} IopConsole = {
    .Lock = PTHREAD_MUTEX_INITIALIZER,
    .ReadLock = PTHREAD_MUTEX_INITIALIZER,
    /* Windows 10's: processed, line, echo, mouse, insert, quick edit, extended flags, auto position. */
    .InputMode = 0x1f7,
    .OutputMode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT,
    .InputCodePage = IOP_CP_UTF8,
    .OutputCodePage = IOP_CP_UTF8,
    .Attributes = 0x07, /* grey on black */
    .TermiosFd = -1,
};

/* Windows' default colour table, as COLORREFs (0x00bbggrr). */
static const ULONG IopConsoleColors[16] = {
    0x000000, 0x800000, 0x008000, 0x808000, 0x000080, 0x800080, 0x008080, 0xc0c0c0,
    0x808080, 0xff0000, 0x00ff00, 0xffff00, 0x0000ff, 0xff00ff, 0x00ffff, 0xffffff,
};

/* Control events: the terminal's interrupt and quit signals become Ctrl-C and Ctrl-Break, which a thread of
 * their own hands to ntdll's dispatcher in a new Windows thread, as Windows' console starts one. */
#define IOP_CTRL_C_EVENT 0
#define IOP_CTRL_BREAK_EVENT 1
static PVOID IopCtrlDispatcher;
static int IopCtrlPipe[2] = {-1, -1};

void IoSetConsoleCtrlDispatcher(PVOID routine)
{
    IopCtrlDispatcher = routine;
}

static NTSTATUS IopRaiseCtrlEvent(ULONG event)
{
    if (!IopCtrlDispatcher)
        return KeReportNotImplemented("a console control event without ntdll's KiUserConsoleCtrlDispatcher");
    return PsStartUserThread((PUSER_THREAD_START_ROUTINE)IopCtrlDispatcher, (PVOID)(ULONG_PTR)event);
}

static void IopCtrlSignal(int sig)
{
    char event = sig == SIGQUIT ? IOP_CTRL_BREAK_EVENT : IOP_CTRL_C_EVENT;
    int saved = errno;

    if (write(IopCtrlPipe[1], &event, 1) < 0)
        (void)0; /* a burst of signals past the pipe's room loses only repeats */
    errno = saved;
}

static void *IopCtrlThread(void *arg)
{
    char event;

    (void)arg;
    for (;;) {
        ssize_t n = read(IopCtrlPipe[0], &event, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return NULL;
        if (IopRaiseCtrlEvent((ULONG)event))
            HostMessage("a console control event could not be delivered");
    }
}

static void IopStartCtrlEvents(void)
{
    struct sigaction action = {.sa_handler = IopCtrlSignal, .sa_flags = SA_RESTART | SA_ONSTACK};
    pthread_t thread;

    if (IopCtrlPipe[0] >= 0 || pipe2(IopCtrlPipe, O_CLOEXEC))
        return;
    if (pthread_create(&thread, NULL, IopCtrlThread, NULL)) {
        HostMessage("no thread for console control events: Ctrl-C ends the process at once");
        return;
    }
    pthread_detach(thread);
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
}

static void IopRestoreTerminal(void)
{
    if (IopConsole.TermiosSaved)
        tcsetattr(IopConsole.TermiosFd, TCSANOW, &IopConsole.Original);
}

/* The input mode's line, echo and control-C processing are the terminal's canonical mode, echo and signals. */
static NTSTATUS IopApplyInputMode(int fd, ULONG mode)
{
    struct termios t;

    if (tcgetattr(fd, &t))
        return HostErrnoToStatus(errno);
    if (!IopConsole.TermiosSaved) {
        IopConsole.Original = t;
        IopConsole.TermiosFd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        IopConsole.TermiosSaved = IopConsole.TermiosFd >= 0;
        HostAtExit(IopRestoreTerminal);
    }
    t.c_lflag = (t.c_lflag & ~(tcflag_t)(ICANON | ECHO | ISIG)) | (mode & ENABLE_LINE_INPUT ? ICANON : 0) |
                (mode & ENABLE_ECHO_INPUT ? ECHO : 0) | (mode & ENABLE_PROCESSED_INPUT ? ISIG : 0);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    return tcsetattr(fd, TCSADRAIN, &t) ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
}

static NTSTATUS IopWriteAll(int fd, const char *data, size_t length)
{
    int error = HostWriteAll(fd, data, length);
    return error ? HostErrnoToStatus(error) : STATUS_SUCCESS;
}

/* Wait for a line (or in raw mode, some bytes) and keep it after what is kept; *got is 0 at the end of the
 * input. ReadLock is held. In line mode a line ends CR LF, as a console gives it. IopFillInput reads only when
 * nothing is kept. */
static NTSTATUS IopReadMoreInput(IOP_REQUEST *request, ssize_t *got)
{
    char raw[sizeof(IopConsole.Input) / 2];
    /* Room for every byte read doubled (LF to CR LF) after what is kept. */
    size_t room = (sizeof(IopConsole.Input) - IopConsole.InputLength) / 2;
    int fd = request->File->Fd;
    NTSTATUS status;

    if ((status = IopWaitReadable(request, fd)))
        return status;
    do
        *got = read(fd, raw, room);
    while (*got < 0 && errno == EINTR);
    if (*got < 0)
        return HostErrnoToStatus(errno);
    bool lines = IopConsole.InputMode & ENABLE_LINE_INPUT;
    for (ssize_t i = 0; i < *got; i++) {
        if (lines && raw[i] == '\n')
            IopConsole.Input[IopConsole.InputLength++] = '\r';
        IopConsole.Input[IopConsole.InputLength++] = raw[i];
    }
    return STATUS_SUCCESS;
}

static NTSTATUS IopFillInput(IOP_REQUEST *request)
{
    ssize_t got;
    return IopConsole.InputLength ? STATUS_SUCCESS : IopReadMoreInput(request, &got);
}

static void IopTakeInput(ULONG bytes)
{
    memmove(IopConsole.Input, IopConsole.Input + bytes, IopConsole.InputLength - bytes);
    IopConsole.InputLength -= bytes;
}

/* Bytes of the input, in the input code page (UTF-8): what ReadFile and ReadConsoleA give. */
static NTSTATUS IopReadConsoleBytes(IOP_REQUEST *request, PVOID buffer, ULONG length, ULONG *done)
{
    NTSTATUS status;

    pthread_mutex_lock(&IopConsole.ReadLock);
    *done = 0;
    if (length && !(status = IopFillInput(request))) {
        *done = IopConsole.InputLength < length ? IopConsole.InputLength : length;
        if (KeCopyToUser(buffer, IopConsole.Input, *done))
            status = STATUS_ACCESS_VIOLATION, *done = 0;
        else
            IopTakeInput(*done);
    } else if (!length) {
        status = STATUS_SUCCESS;
    }
    pthread_mutex_unlock(&IopConsole.ReadLock);
    return status;
}

/* How long the UTF-8 sequence a byte starts is (a stray byte counts alone). */
static ULONG IopSequenceLength(unsigned char lead)
{
    return lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/* Characters of the input as UTF-16, whole ones only: what ReadConsoleW gives. */
static NTSTATUS IopReadConsoleWide(IOP_REQUEST *request, PVOID buffer, ULONG length, ULONG *done)
{
    ULONG room = length / sizeof(WCHAR), units = 0, used = 0;
    WCHAR *wide = HostZalloc((room + 2) * sizeof(WCHAR));
    NTSTATUS status = STATUS_SUCCESS;
    ssize_t got;

    pthread_mutex_lock(&IopConsole.ReadLock);
    /* Until a whole first character is kept: one a read cut waits for its rest, unless the input ends. */
    while (room && IopConsole.InputLength < IopSequenceLength((unsigned char)IopConsole.Input[0]))
        if ((status = IopReadMoreInput(request, &got)) || !got)
            break;
    while (room && used < IopConsole.InputLength) {
        ULONG seq = IopSequenceLength((unsigned char)IopConsole.Input[used]);
        WCHAR pair[2];
        if (used + seq > IopConsole.InputLength)
            break; /* the rest of this character is still to come */
        SIZE_T n = RtlpUtf8ToUtf16(IopConsole.Input + used, seq, pair, 2);
        if (units + n > room)
            break;
        memcpy(wide + units, pair, n * sizeof(WCHAR));
        units += (ULONG)n;
        used += seq;
    }
    if (!status && units && KeCopyToUser(buffer, wide, units * sizeof(WCHAR)))
        status = STATUS_ACCESS_VIOLATION, units = 0, used = 0;
    if (!status)
        IopTakeInput(used);
    pthread_mutex_unlock(&IopConsole.ReadLock);
    free(wide);
    *done = units * sizeof(WCHAR);
    return status;
}

NTSTATUS IopReadConsole(IOP_REQUEST *request, PVOID buffer, ULONG length)
{
    ULONG done;
    NTSTATUS status = IopReadConsoleBytes(request, buffer, length, &done);

    if (status)
        return IopFailRequest(request, status);
    return IopCompleteRequest(request, STATUS_SUCCESS, done);
}

/* UTF-16 text (copied in) to the terminal as UTF-8. */
static NTSTATUS IopWriteConsoleWide(int fd, const BYTE *text, ULONG length)
{
    ULONG units = length / sizeof(WCHAR);
    char *utf8 = HostZalloc(units * 3 + 1);
    NTSTATUS status = IopWriteAll(fd, utf8, RtlpUtf16ToUtf8((const WCHAR *)text, units, utf8, units * 3));

    free(utf8);
    return status;
}

/* A colour attribute as the terminal's SGR sequence: Windows' bits are blue, green, red, bright; ANSI's red,
 * green, blue. */
static int IopAnsiColor(USHORT bits)
{
    return (bits & 4 ? 1 : 0) | (bits & 2 ? 2 : 0) | (bits & 1 ? 4 : 0);
}

static NTSTATUS IopSetAttributes(int fd, USHORT attributes)
{
    char sequence[32];
    int foreground = attributes & 0xf, background = (attributes >> 4) & 0xf;

    if (attributes == 0x07)
        snprintf(sequence, sizeof(sequence), "\033[0m");
    else
        snprintf(sequence, sizeof(sequence), "\033[0;%d;%dm",
                 (foreground & 8 ? 90 : 30) + IopAnsiColor(foreground),
                 (background & 8 ? 100 : 40) + IopAnsiColor(background));
    IopConsole.Attributes = attributes;
    return IopWriteAll(fd, sequence, strlen(sequence));
}

static void IopOutputInfo(int fd, CONDRV_OUTPUT_INFO *info)
{
    struct winsize size = {0};

    if (ioctl(fd, TIOCGWINSZ, &size) || !size.ws_col || !size.ws_row)
        size.ws_col = 80, size.ws_row = 25; /* not told: Windows' default window */
    memset(info, 0, sizeof(*info));
    info->CursorSize = 25;
    info->CursorVisible = 1;
    info->CursorX = IopConsole.CursorX;
    info->CursorY = IopConsole.CursorY;
    info->Width = info->MaxWidth = (SHORT)size.ws_col;
    info->Height = info->MaxHeight = (SHORT)size.ws_row;
    info->Attributes = (SHORT)IopConsole.Attributes;
    info->PopupAttributes = 0xf5;
    info->WindowRight = (SHORT)(size.ws_col - 1);
    info->WindowBottom = (SHORT)(size.ws_row - 1);
    info->FontWidth = 8;
    info->FontHeight = 16;
    info->FontWeight = 400;
    memcpy(info->ColorMap, IopConsoleColors, sizeof(IopConsoleColors));
}

static NTSTATUS IopSetOutputInfo(int fd, const CONDRV_OUTPUT_INFO_PARAMS *params)
{
    const CONDRV_OUTPUT_INFO *info = &params->Info;
    NTSTATUS status = STATUS_SUCCESS;
    char sequence[32];

    if (params->Mask & (CONDRV_SET_OUTPUT_SIZE | CONDRV_SET_OUTPUT_DISPLAY_WINDOW | CONDRV_SET_OUTPUT_MAX_SIZE |
                        CONDRV_SET_OUTPUT_POPUP_ATTRIBUTES | CONDRV_SET_OUTPUT_FONT))
        return KeReportNotImplemented("a console's buffer size, window, font or pop-up colours");
    if (params->Mask & CONDRV_SET_OUTPUT_ATTRIBUTES)
        status = IopSetAttributes(fd, (USHORT)info->Attributes);
    if (!status && params->Mask & CONDRV_SET_OUTPUT_CURSOR_POSITION) {
        if (info->CursorX < 0 || info->CursorY < 0)
            return STATUS_INVALID_PARAMETER;
        snprintf(sequence, sizeof(sequence), "\033[%d;%dH", info->CursorY + 1, info->CursorX + 1);
        IopConsole.CursorX = info->CursorX;
        IopConsole.CursorY = info->CursorY;
        status = IopWriteAll(fd, sequence, strlen(sequence));
    }
    if (!status && params->Mask & CONDRV_SET_OUTPUT_CURSOR_GEOMETRY)
        status = IopWriteAll(fd, info->CursorVisible ? "\033[?25h" : "\033[?25l", 6);
    return status;
}

/* One request, with the input copied in and the output to copy out (both kernel buffers); *written is the
 * output's length. */
static NTSTATUS IopConsoleRequest(IOP_FILE *file, ULONG code, const BYTE *in, ULONG in_length, BYTE *out,
                                  ULONG out_length, ULONG *written)
{
    ULONG kind = file->ConsoleKind;
    int fd = file->Fd;

    *written = 0;
    switch (code) {
    case IOCTL_CONDRV_GET_MODE:
        if (kind == IOP_CONSOLE_CONNECTION)
            return STATUS_INVALID_HANDLE;
        if (out_length < sizeof(ULONG))
            return STATUS_INVALID_PARAMETER;
        *(ULONG *)out = kind == IOP_CONSOLE_INPUT ? IopConsole.InputMode : IopConsole.OutputMode;
        *written = sizeof(ULONG);
        return STATUS_SUCCESS;
    case IOCTL_CONDRV_SET_MODE: {
        ULONG mode;
        if (kind == IOP_CONSOLE_CONNECTION)
            return STATUS_INVALID_HANDLE;
        if (in_length != sizeof(ULONG))
            return STATUS_INVALID_PARAMETER;
        mode = *(const ULONG *)in;
        if (kind == IOP_CONSOLE_OUTPUT) {
            if (mode & ~(ULONG)ENABLE_OUTPUT_MODES_VALID)
                return STATUS_INVALID_PARAMETER;
            IopConsole.OutputMode = mode;
            return STATUS_SUCCESS;
        }
        /* Echo needs line input, as on Windows. */
        if (mode & ~(ULONG)ENABLE_INPUT_MODES_VALID || (mode & ENABLE_ECHO_INPUT && !(mode & ENABLE_LINE_INPUT)))
            return STATUS_INVALID_PARAMETER;
        NTSTATUS status = IopApplyInputMode(fd, mode);
        if (!status)
            IopConsole.InputMode = mode;
        return status;
    }
    case IOCTL_CONDRV_GET_INPUT_INFO: {
        CONDRV_INPUT_INFO info = {IopConsole.InputCodePage, IopConsole.OutputCodePage, 0};
        int pending = 0;
        if (out_length < sizeof(info))
            return STATUS_INVALID_PARAMETER;
        if (kind == IOP_CONSOLE_INPUT && !ioctl(fd, FIONREAD, &pending) && pending > 0)
            info.InputCount = (ULONG)pending;
        info.InputCount += kind == IOP_CONSOLE_INPUT ? IopConsole.InputLength : 0;
        memcpy(out, &info, sizeof(info));
        *written = sizeof(info);
        return STATUS_SUCCESS;
    }
    case IOCTL_CONDRV_SET_INPUT_INFO: {
        CONDRV_INPUT_INFO_PARAMS params;
        if (in_length != sizeof(params))
            return STATUS_INVALID_PARAMETER;
        memcpy(&params, in, sizeof(params));
        if ((params.Mask & CONDRV_SET_INPUT_CODEPAGE && params.Info.InputCodePage != IOP_CP_UTF8) ||
            (params.Mask & CONDRV_SET_OUTPUT_CODEPAGE && params.Info.OutputCodePage != IOP_CP_UTF8))
            return KeReportNotImplemented("console code pages other than UTF-8 (65001), the terminal's");
        return STATUS_SUCCESS;
    }
    case IOCTL_CONDRV_GET_TITLE: {
        ULONG bytes = IopConsole.TitleLength * sizeof(WCHAR);
        *written = bytes < out_length ? bytes : out_length & ~1u;
        memcpy(out, IopConsole.Title, *written);
        return STATUS_SUCCESS;
    }
    case IOCTL_CONDRV_SET_TITLE:
        if (in_length % sizeof(WCHAR) || in_length > sizeof(IopConsole.Title))
            return STATUS_INVALID_PARAMETER;
        memcpy(IopConsole.Title, in, in_length);
        IopConsole.TitleLength = in_length / sizeof(WCHAR);
        return STATUS_SUCCESS;
    case IOCTL_CONDRV_CTRL_EVENT: {
        CONDRV_CTRL_EVENT params;
        if (in_length != sizeof(params))
            return STATUS_INVALID_PARAMETER;
        memcpy(&params, in, sizeof(params));
        if (params.Event != IOP_CTRL_C_EVENT && params.Event != IOP_CTRL_BREAK_EVENT)
            return STATUS_INVALID_PARAMETER;
        /* The console's group (0) and this process's own are the only ones here. */
        if (params.GroupId && params.GroupId != (ULONG)(ULONG_PTR)PsGetCurrentProcessId())
            return STATUS_INVALID_PARAMETER;
        return IopRaiseCtrlEvent(params.Event);
    }
    case IOCTL_CONDRV_BEEP:
        return IopWriteAll(fd, "\a", 1);
    case IOCTL_CONDRV_FLUSH:
        if (kind != IOP_CONSOLE_INPUT)
            return STATUS_INVALID_HANDLE;
        IopConsole.InputLength = 0;
        return tcflush(fd, TCIFLUSH) ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
    case IOCTL_CONDRV_GET_WINDOW:
        /* A terminal is no window: GetConsoleWindow gives NULL. */
        if (out_length < sizeof(ULONG))
            return STATUS_INVALID_PARAMETER;
        *(ULONG *)out = 0;
        *written = sizeof(ULONG);
        return STATUS_SUCCESS;
    case IOCTL_CONDRV_GET_PROCESS_LIST:
        if (out_length < sizeof(ULONG))
            return STATUS_BUFFER_TOO_SMALL;
        *(ULONG *)out = (ULONG)(ULONG_PTR)PsGetCurrentProcessId();
        *written = sizeof(ULONG);
        return STATUS_SUCCESS;
    case IOCTL_CONDRV_WRITE_CONSOLE:
        return kind == IOP_CONSOLE_OUTPUT ? IopWriteConsoleWide(fd, in, in_length) : STATUS_INVALID_HANDLE;
    case IOCTL_CONDRV_WRITE_FILE:
        return kind == IOP_CONSOLE_OUTPUT ? IopWriteAll(fd, (const char *)in, in_length) : STATUS_INVALID_HANDLE;
    case IOCTL_CONDRV_GET_OUTPUT_INFO:
        if (kind != IOP_CONSOLE_OUTPUT)
            return STATUS_INVALID_HANDLE;
        if (out_length < sizeof(CONDRV_OUTPUT_INFO))
            return STATUS_INVALID_PARAMETER;
        IopOutputInfo(fd, (CONDRV_OUTPUT_INFO *)out);
        *written = sizeof(CONDRV_OUTPUT_INFO);
        return STATUS_SUCCESS;
    case IOCTL_CONDRV_SET_OUTPUT_INFO:
        if (kind != IOP_CONSOLE_OUTPUT)
            return STATUS_INVALID_HANDLE;
        if (in_length != sizeof(CONDRV_OUTPUT_INFO_PARAMS))
            return STATUS_INVALID_PARAMETER;
        return IopSetOutputInfo(fd, (const CONDRV_OUTPUT_INFO_PARAMS *)in);
    }
    return KeReportNotImplemented("this console request (IOCTL_CONDRV_*)");
}

NTSTATUS IopConsoleControl(IOP_REQUEST *request, ULONG code, PVOID input, ULONG input_length, PVOID output,
                           ULONG output_length)
{
    IOP_FILE *file = request->File;
    ULONG written = 0;
    BYTE *in = NULL, *out = NULL;
    NTSTATUS status;

    /* Reads wait with the console unlocked, and write straight to the caller. */
    if (code == IOCTL_CONDRV_READ_CONSOLE || code == IOCTL_CONDRV_READ_FILE) {
        if (file->ConsoleKind != IOP_CONSOLE_INPUT)
            return IopFailRequest(request, STATUS_INVALID_HANDLE);
        if (output_length && !MmIsUserRange(output, output_length))
            return IopFailRequest(request, STATUS_ACCESS_VIOLATION);
        status = code == IOCTL_CONDRV_READ_CONSOLE
                     ? IopReadConsoleWide(request, output, output_length, &written)
                     : IopReadConsoleBytes(request, output, output_length, &written);
        return status ? IopFailRequest(request, status) : IopCompleteRequest(request, STATUS_SUCCESS, written);
    }
    if (input_length > 16 << 20 || output_length > 16 << 20)
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    in = HostZalloc(input_length + 1);
    out = HostZalloc(output_length + 1);
    if ((input_length && KeCopyFromUser(in, input, input_length)) ||
        (output_length && !MmIsUserRange(output, output_length))) {
        status = STATUS_ACCESS_VIOLATION;
    } else {
        pthread_mutex_lock(&IopConsole.Lock);
        status = IopConsoleRequest(file, code, in, input_length, out, output_length, &written);
        pthread_mutex_unlock(&IopConsole.Lock);
        if (!status && written && KeCopyToUser(output, out, written))
            status = STATUS_ACCESS_VIOLATION;
    }
    free(in);
    free(out);
    return status ? IopFailRequest(request, status) : IopCompleteRequest(request, STATUS_SUCCESS, written);
}

/* A console file over its own descriptor of the terminal: the controlling one, or the one given. */
static NTSTATUS IopCreateConsoleFile(int tty_fd, ULONG kind, ACCESS_MASK access, ULONG options, IOP_FILE **out)
{
    struct stat st;
    int fd = tty_fd >= 0 ? fcntl(tty_fd, F_DUPFD_CLOEXEC, 3) : open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

    if (fd < 0)
        return STATUS_INVALID_HANDLE; /* no terminal: no console to attach to */
    if (fstat(fd, &st)) {
        close(fd);
        return HostErrnoToStatus(errno);
    }
    *out = IopCreateFileObject(fd, &st, access, options);
    (*out)->ConsoleKind = kind;
    return STATUS_SUCCESS;
}

NTSTATUS IopOpenConsoleDevice(const IOP_FILE *root, const WCHAR *name, USHORT length, ACCESS_MASK access,
                              ULONG options, IOP_FILE **out)
{
    static const struct {
        const char *Name;
        ULONG Kind;
    } names[] = {{"Input", IOP_CONSOLE_INPUT}, {"CurrentIn", IOP_CONSOLE_INPUT}, {"Output", IOP_CONSOLE_OUTPUT},
                 {"CurrentOut", IOP_CONSOLE_OUTPUT}, {"Connection", IOP_CONSOLE_CONNECTION},
                 {"Reference", IOP_CONSOLE_CONNECTION}, {"Console", IOP_CONSOLE_CONNECTION}};

    if (length && name[0] == '\\')
        name++, length--;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        WCHAR wide[16];
        SIZE_T n = RtlpUtf8ToUtf16(names[i].Name, strlen(names[i].Name), wide, 16);
        if (RtlpEqualNames(wide, n, name, length, TRUE))
            return IopCreateConsoleFile(root ? root->Fd : -1, names[i].Kind, access, options, out);
    }
    static const WCHAR server[] = {'S', 'e', 'r', 'v', 'e', 'r'};
    if (RtlpEqualNames(server, 6, name, length, TRUE))
        return KeReportNotImplemented("a console server (conhost) on \\Device\\ConDrv\\Server");
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS IoCreateConsoleReference(HANDLE *handle)
{
    IOP_FILE *file;
    int tty = isatty(0) ? 0 : isatty(1) ? 1 : isatty(2) ? 2 : -1;
    NTSTATUS status;

    if (tty < 0)
        return STATUS_INVALID_HANDLE;
    if ((status = IopCreateConsoleFile(tty, IOP_CONSOLE_CONNECTION, FILE_GENERIC_READ | FILE_GENERIC_WRITE,
                                       FILE_SYNCHRONOUS_IO_NONALERT, &file)))
        return status;
    status = ObInsertHandle(file, file->GrantedAccess, 0, handle);
    ObDereferenceObject(file);
    if (!status)
        IopStartCtrlEvents();
    return status;
}
