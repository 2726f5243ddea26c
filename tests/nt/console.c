/* The console: with a terminal (tests/run gives one through script(1), with two lines typed), the standard
 * handles and \Device\ConDrv's files answer kernelbase's console requests: modes, UTF-16 and UTF-8 reads and
 * writes, colours, the screen buffer, the title and code pages, and their refusals. Without a terminal there
 * is no console, and its requests are refused. The runner checks what reached the terminal. */
#include "lib/nttest.h"

static NTSTATUS Ioctl(HANDLE h, ULONG code, const void *in, ULONG in_size, void *out, ULONG out_size, ULONG *got)
{
    IO_STATUS_BLOCK iosb = {.Information = 0};
    NTSTATUS status = NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, code, (PVOID)in, in_size, out, out_size);
    if (got)
        *got = (ULONG)iosb.Information;
    return status;
}

static NTSTATUS Open(HANDLE *h, HANDLE root, const WCHAR *path)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = root, .ObjectName = &name,
                            .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtCreateFile(h, FILE_GENERIC_READ | FILE_GENERIC_WRITE, &oa, &iosb, NULL, 0,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
}

static void TestWithoutTerminal(HANDLE in, HANDLE out)
{
    HANDLE h;
    ULONG mode;

    ok_status(Open(&h, NULL, L"\\??\\CONOUT$"), STATUS_INVALID_HANDLE);
    /* Asking the mode needs read access, which a redirected output's handle lacks. */
    if (out)
        ok_status(Ioctl(out, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL), STATUS_ACCESS_DENIED);
    if (in)
        ok_status(Ioctl(in, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL),
                  STATUS_INVALID_DEVICE_REQUEST);
}

static void TestModes(HANDLE in, HANDLE out)
{
    ULONG mode = 0, set;
    FILE_FS_DEVICE_INFORMATION device;
    IO_STATUS_BLOCK iosb;

    ok_status(NtQueryVolumeInformationFile(out, &iosb, &device, sizeof(device), FileFsDeviceInformation),
              STATUS_SUCCESS);
    ok(device.DeviceType == FILE_DEVICE_CONSOLE, "standard output is a console: %x", device.DeviceType);
    ok_status(Ioctl(in, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL), STATUS_SUCCESS);
    ok(mode == 0x1f7, "Windows 10's input mode: %x", mode);
    ok_status(Ioctl(out, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL), STATUS_SUCCESS);
    ok(mode == (ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT), "the output mode: %x", mode);
    ok_status(Ioctl(out, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, 2, NULL), STATUS_INVALID_PARAMETER);
    ok_status(Ioctl(out, IOCTL_CONDRV_GET_MODE, NULL, 0, (PVOID)8, 4, NULL), STATUS_ACCESS_VIOLATION);

    set = 0x10000;
    ok_status(Ioctl(out, IOCTL_CONDRV_SET_MODE, &set, sizeof(set), NULL, 0, NULL), STATUS_INVALID_PARAMETER);
    set = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT | 4; /* and virtual terminal processing */
    ok_status(Ioctl(out, IOCTL_CONDRV_SET_MODE, &set, sizeof(set), NULL, 0, NULL), STATUS_SUCCESS);
    ok_status(Ioctl(out, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL), STATUS_SUCCESS);
    ok(mode == set, "the output mode set: %x", mode);
    set = ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT; /* echo without lines */
    ok_status(Ioctl(in, IOCTL_CONDRV_SET_MODE, &set, sizeof(set), NULL, 0, NULL), STATUS_INVALID_PARAMETER);
    set = 0x1f7;
    ok_status(Ioctl(in, IOCTL_CONDRV_SET_MODE, &set, 2, NULL, 0, NULL), STATUS_INVALID_PARAMETER);
    ok_status(Ioctl(in, IOCTL_CONDRV_SET_MODE, &set, sizeof(set), NULL, 0, NULL), STATUS_SUCCESS);
}

static void TestConsoleObject(HANDLE console, HANDLE out)
{
    static const WCHAR title[] = {'V', 'e', 'l', 'e', 's', ' ', 't', 'i', 't', 'l', 'e'};
    CONDRV_INPUT_INFO input;
    CONDRV_INPUT_INFO_PARAMS set = {0};
    CONDRV_OUTPUT_INFO info;
    WCHAR got_title[32];
    HANDLE h;
    ULONG got, window = 1;

    ok_status(Ioctl(console, IOCTL_CONDRV_GET_TITLE, NULL, 0, got_title, sizeof(got_title), &got), STATUS_SUCCESS);
    ok(got == 0, "no title yet: %u", got);
    ok_status(Ioctl(console, IOCTL_CONDRV_SET_TITLE, title, sizeof(title), NULL, 0, NULL), STATUS_SUCCESS);
    ok_status(Ioctl(console, IOCTL_CONDRV_SET_TITLE, title, 3, NULL, 0, NULL), STATUS_INVALID_PARAMETER);
    ok_status(Ioctl(console, IOCTL_CONDRV_GET_TITLE, NULL, 0, got_title, sizeof(got_title), &got), STATUS_SUCCESS);
    ok(got == sizeof(title) && !memcmp(got_title, title, sizeof(title)), "the title set: %u", got);
    ok_status(Ioctl(console, IOCTL_CONDRV_GET_TITLE, NULL, 0, got_title, 4, &got), STATUS_SUCCESS);
    ok(got == 4, "a title cut to the buffer: %u", got);

    ok_status(Ioctl(console, IOCTL_CONDRV_GET_INPUT_INFO, NULL, 0, &input, sizeof(input), &got), STATUS_SUCCESS);
    ok(got == sizeof(input) && input.InputCodePage == 65001 && input.OutputCodePage == 65001,
       "the terminal's code pages: %u %u", input.InputCodePage, input.OutputCodePage);
    set.Mask = CONDRV_SET_OUTPUT_CODEPAGE;
    set.Info.OutputCodePage = 65001;
    ok_status(Ioctl(console, IOCTL_CONDRV_SET_INPUT_INFO, &set, sizeof(set), NULL, 0, NULL), STATUS_SUCCESS);
    set.Info.OutputCodePage = 437;
    ok_status(Ioctl(console, IOCTL_CONDRV_SET_INPUT_INFO, &set, sizeof(set), NULL, 0, NULL), STATUS_NOT_IMPLEMENTED);
    ok_status(Ioctl(console, IOCTL_CONDRV_GET_WINDOW, NULL, 0, &window, sizeof(window), NULL), STATUS_SUCCESS);
    ok(window == 0, "a terminal is no window: %u", window);

    ok_status(Ioctl(out, IOCTL_CONDRV_GET_OUTPUT_INFO, NULL, 0, &info, sizeof(info), &got), STATUS_SUCCESS);
    ok(got == sizeof(info) && info.Width > 0 && info.Height > 0 && info.WindowRight == info.Width - 1 &&
       info.Attributes == 0x07 && info.ColorMap[12] == 0x0000ff, "the screen buffer: %dx%d, attributes %x",
       info.Width, info.Height, info.Attributes);
    ok_status(Ioctl(console, IOCTL_CONDRV_GET_OUTPUT_INFO, NULL, 0, &info, sizeof(info), NULL),
              STATUS_INVALID_HANDLE);
    ok_status(Ioctl(out, IOCTL_CONDRV_GET_OUTPUT_INFO, NULL, 0, &info, 8, NULL), STATUS_INVALID_PARAMETER);

    /* kernelbase's own opens: the connection under the console's handle, and the names of \Device\ConDrv. */
    ok_status(Open(&h, console, L"Connection"), STATUS_SUCCESS);
    NtClose(h);
    ok_status(Open(&h, NULL, L"\\??\\CONOUT$"), STATUS_SUCCESS);
    ULONG mode;
    ok_status(Ioctl(h, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL), STATUS_SUCCESS);
    NtClose(h);
    ok_status(Open(&h, NULL, L"\\Device\\ConDrv\\Input"), STATUS_SUCCESS);
    NtClose(h);
    ok_status(Open(&h, NULL, L"\\Device\\ConDrv\\Server"), STATUS_NOT_IMPLEMENTED);
    ok_status(Open(&h, NULL, L"\\Device\\ConDrv\\Nothing"), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void TestWrites(HANDLE in, HANDLE out)
{
    /* "héllo wörld\n" */
    static const WCHAR wide[] = {'h', 0xe9, 'l', 'l', 'o', ' ', 'w', 0xf6, 'r', 'l', 'd', '\n'};
    CONDRV_OUTPUT_INFO_PARAMS colour = {.Mask = CONDRV_SET_OUTPUT_ATTRIBUTES};
    IO_STATUS_BLOCK iosb;

    ok_status(Ioctl(out, IOCTL_CONDRV_WRITE_CONSOLE, wide, sizeof(wide), NULL, 0, NULL), STATUS_SUCCESS);
    ok_status(Ioctl(out, IOCTL_CONDRV_WRITE_FILE, "bytes as they are\n", 18, NULL, 0, NULL), STATUS_SUCCESS);
    ok_status(Ioctl(in, IOCTL_CONDRV_WRITE_CONSOLE, wide, sizeof(wide), NULL, 0, NULL), STATUS_INVALID_HANDLE);
    ok_status(Ioctl(out, IOCTL_CONDRV_WRITE_CONSOLE, (PVOID)8, 8, NULL, 0, NULL), STATUS_ACCESS_VIOLATION);
    colour.Info.Attributes = 0x0c; /* bright red */
    ok_status(Ioctl(out, IOCTL_CONDRV_SET_OUTPUT_INFO, &colour, sizeof(colour), NULL, 0, NULL), STATUS_SUCCESS);
    ok_status(NtWriteFile(out, NULL, NULL, NULL, &iosb, "in red", 6, NULL, NULL), STATUS_SUCCESS);
    colour.Info.Attributes = 0x07;
    ok_status(Ioctl(out, IOCTL_CONDRV_SET_OUTPUT_INFO, &colour, sizeof(colour), NULL, 0, NULL), STATUS_SUCCESS);
    ok_status(NtWriteFile(out, NULL, NULL, NULL, &iosb, "\n", 1, NULL, NULL), STATUS_SUCCESS);
    colour.Mask = CONDRV_SET_OUTPUT_SIZE;
    ok_status(Ioctl(out, IOCTL_CONDRV_SET_OUTPUT_INFO, &colour, sizeof(colour), NULL, 0, NULL),
              STATUS_NOT_IMPLEMENTED);
}

static void TestReads(HANDLE in, HANDLE out)
{
    /* The runner types "typed line ünï" and "second". */
    static const WCHAR line[] = {'t', 'y', 'p', 'e', 'd', ' ', 'l', 'i', 'n', 'e', ' ', 0xfc, 'n', 0xef, '\r', '\n'};
    WCHAR wide[64];
    char bytes[64];
    ULONG got;
    IO_STATUS_BLOCK iosb;

    ok_status(Ioctl(out, IOCTL_CONDRV_READ_CONSOLE, NULL, 0, wide, sizeof(wide), NULL), STATUS_INVALID_HANDLE);
    ok_status(Ioctl(in, IOCTL_CONDRV_READ_CONSOLE, NULL, 0, (PVOID)8, 16, NULL), STATUS_ACCESS_VIOLATION);
    /* A few characters first: the rest of the line waits for the next read. */
    ok_status(Ioctl(in, IOCTL_CONDRV_READ_CONSOLE, NULL, 0, wide, 5 * sizeof(WCHAR), &got), STATUS_SUCCESS);
    ok(got == 5 * sizeof(WCHAR) && !memcmp(wide, line, got), "the start of the line: %u", got);
    ok_status(Ioctl(in, IOCTL_CONDRV_READ_CONSOLE, NULL, 0, wide + 5, sizeof(wide) - 10, &got), STATUS_SUCCESS);
    ok(got == sizeof(line) - 10 && !memcmp(wide, line, sizeof(line)), "the line in UTF-16, ending CR LF: %u", got);
    ok_status(NtReadFile(in, NULL, NULL, NULL, &iosb, bytes, sizeof(bytes), NULL, NULL), STATUS_SUCCESS);
    ok(iosb.Information == 8 && !memcmp(bytes, "second\r\n", 8), "ReadFile's line, in UTF-8: %u",
       (ULONG)iosb.Information);
    ok_status(Ioctl(in, IOCTL_CONDRV_FLUSH, NULL, 0, NULL, 0, NULL), STATUS_SUCCESS);
}

void RunTests(void)
{
    RTL_USER_PROCESS_PARAMETERS *params = TestPeb()->ProcessParameters;
    HANDLE in = params->StandardInput, out = params->StandardOutput, console = params->ConsoleHandle, pipe_like;
    ULONG mode;

    /* A console's request of a file that is no console. */
    ok_status(Open(&pipe_like, NULL, L"\\??\\NUL"), STATUS_SUCCESS);
    ok_status(Ioctl(pipe_like, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL),
              STATUS_INVALID_DEVICE_REQUEST);
    NtClose(pipe_like);
    ok_status(Ioctl((HANDLE)0x1230, IOCTL_CONDRV_GET_MODE, NULL, 0, &mode, sizeof(mode), NULL),
              STATUS_INVALID_HANDLE);
    if (!console) {
        TestPrint("no terminal: the console's refusals only\n");
        TestWithoutTerminal(in, out);
        return;
    }
    TestModes(in, out);
    TestConsoleObject(console, out);
    TestWrites(in, out);
    TestReads(in, out);
}
