/* What a new prefix's registry holds: the keys and values of a fresh Windows 10 22H2 that the Win32 DLLs and
 * ordinary programs read, as .reg text for the importer. */
#include <string.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "rtl/unicode.h"

#define S(v) REG_SZ, v, 0
#define X(v) REG_EXPAND_SZ, v, 0
#define D(v) REG_DWORD, NULL, v

static const struct {
    const char *Key;
    const char *Name;                /* NULL: the key alone; "" the default value */
    ULONG Type;
    const char *String;
    ULONG Dword;
} CmpDefaults[] = {
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentVersion", S("6.3")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentBuild", S("19045")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentBuildNumber", S("19045")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentMajorVersionNumber", D(10)},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentMinorVersionNumber", D(0)},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "CurrentType", S("Multiprocessor Free")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "UBR", D(3803)},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "ReleaseId", S("2009")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "DisplayVersion", S("22H2")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "ProductName", S("Windows 10 Pro")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "EditionID", S("Professional")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "InstallationType", S("Client")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "BuildLab", S("19041.vb_release.191206-1406")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "BuildLabEx",
     S("19041.1.amd64fre.vb_release.191206-1406")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "SystemRoot", S("C:\\windows")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "PathName", S("C:\\windows")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "RegisteredOwner", S("")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "RegisteredOrganization", S("")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "ProductId", S("00330-80000-00000-AA000")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Fonts", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\FontSubstitutes", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", "ProfilesDirectory",
     X("%SystemDrive%\\users")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", "Default",
     X("%SystemDrive%\\users\\Default")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", "Public",
     X("%SystemDrive%\\users\\Public")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", "ProgramData",
     X("%SystemDrive%\\ProgramData")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesDir", S("C:\\Program Files")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesDir (x86)", S("C:\\Program Files (x86)")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "ProgramW6432Dir", S("C:\\Program Files")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesPath", X("%ProgramFiles%")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "CommonFilesDir",
     S("C:\\Program Files\\Common Files")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "CommonFilesDir (x86)",
     S("C:\\Program Files (x86)\\Common Files")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "CommonW6432Dir", S("C:\\Program Files\\Common Files")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "DevicePath", X("%SystemRoot%\\inf")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "MediaPathUnexpanded", X("%SystemRoot%\\Media")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders", "Common AppData",
     S("C:\\ProgramData")},
    {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders", "Common AppData",
     X("%ProgramData%")},
    {"HKLM\\SOFTWARE\\Microsoft\\Cryptography", "MachineGuid", S("6b0bfb2e-2a0c-4c1e-9d0e-0f5e6a2b9c11")},
    {"HKLM\\SOFTWARE\\Classes", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Classes\\Wow6432Node\\Interface\\{00000000-0000-0000-C000-000000000046}", "",
     S("IUnknown")},
    {"HKLM\\SOFTWARE\\Classes\\CLSID", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Classes\\Interface\\{00000000-0000-0000-C000-000000000046}", "", S("IUnknown")},
    {"HKLM\\SOFTWARE\\Classes\\TypeLib", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Wow6432Node", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Classes\\.exe", "", S("exefile")},
    {"HKLM\\SOFTWARE\\Classes\\.txt", "", S("txtfile")},
    {"HKLM\\SOFTWARE\\Clients", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\Policies", NULL, 0, NULL, 0},
    {"HKLM\\SOFTWARE\\WOW6432Node", NULL, 0, NULL, 0},
    {"HKLM\\SYSTEM\\ControlSet001\\Control", "SystemBootDevice", S("multi(0)disk(0)rdisk(0)partition(1)")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\ComputerName\\ComputerName", "ComputerName", S("VELES")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Nls\\CodePage", "ACP", S("1252")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Nls\\CodePage", "OEMCP", S("437")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Nls\\CodePage", "MACCP", S("10000")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Nls\\Language", "Default", S("0409")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Nls\\Language", "InstallLanguage", S("0409")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Nls\\Locale", "", S("00000409")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Nls\\Sorting\\Versions", "", S("00060305")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\ProductOptions", "ProductType", S("WinNT")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager", "GlobalFlag", D(0)},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager", "ProtectionMode", D(1)},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "ComSpec",
     X("%SystemRoot%\\system32\\cmd.exe")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "OS", S("Windows_NT")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "Path",
     X("%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "PATHEXT",
     S(".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "PROCESSOR_ARCHITECTURE",
     S("AMD64")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "TEMP", X("%SystemRoot%\\TEMP")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "TMP", X("%SystemRoot%\\TEMP")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment", "windir", X("%SystemRoot%")},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\TimeZoneInformation", NULL, 0, NULL, 0},
    {"HKLM\\SYSTEM\\ControlSet001\\Control\\Windows", "CSDVersion", D(0)},
    {"HKLM\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters", "Domain", S("")},
    {"HKLM\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters", "Hostname", S("veles")},
    {"HKLM\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters", "NV Hostname", S("veles")},
    {"HKLM\\SYSTEM\\Select", "Current", D(1)},
    {"HKLM\\SYSTEM\\Select", "Default", D(1)},
    {"HKLM\\SYSTEM\\Select", "LastKnownGood", D(1)},
    {"HKLM\\SYSTEM\\Setup", "SystemSetupInProgress", D(0)},
    {"HKLM\\HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", "Identifier",
     S("Intel64 Family 6 Model 85 Stepping 4")},
    {"HKLM\\SAM", NULL, 0, NULL, 0},
    {"HKLM\\SECURITY", NULL, 0, NULL, 0},
    {"HKCU\\Control Panel\\International", "Locale", S("00000409")},
    {"HKCU\\Control Panel\\International", "LocaleName", S("en-US")},
    {"HKCU\\Control Panel\\Desktop", NULL, 0, NULL, 0},
    {"HKCU\\Environment", "TEMP", X("%USERPROFILE%\\AppData\\Local\\Temp")},
    {"HKCU\\Environment", "TMP", X("%USERPROFILE%\\AppData\\Local\\Temp")},
    {"HKCU\\Software\\Classes", NULL, 0, NULL, 0},
    {"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", NULL, 0, NULL, 0},
    {"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders", "AppData",
     X("%USERPROFILE%\\AppData\\Roaming")},
    {"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders", "Local AppData",
     X("%USERPROFILE%\\AppData\\Local")},
    {"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders", "Personal",
     X("%USERPROFILE%\\Documents")},
    {"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders", "Desktop",
     X("%USERPROFILE%\\Desktop")},
    {"HKCU\\Software\\Wine", NULL, 0, NULL, 0},
    {"HKCU\\Volatile Environment", NULL, 0, NULL, 0},
    {"HKU\\.DEFAULT\\Control Panel\\International", "Locale", S("00000409")},
    {"HKU\\.DEFAULT\\Environment", "TEMP", X("%USERPROFILE%\\AppData\\Local\\Temp")},
    {"HKU\\.DEFAULT\\Environment", "TMP", X("%USERPROFILE%\\AppData\\Local\\Temp")},
    {"HKU\\.DEFAULT\\Software\\Classes", NULL, 0, NULL, 0},
};

/* One default value's line, written as any value is. */
static void CmpWriteDefault(CMP_TEXT *text, const char *name, ULONG type, const char *string, ULONG dword)
{
    WCHAR wide_name[64], data[256];
    CMP_VALUE value = {.Name = wide_name, .Type = type};

    value.NameLength = (USHORT)RtlpUtf8ToUtf16(name, strlen(name), wide_name, 64);
    if (type == REG_DWORD) {
        value.Data = (UCHAR *)&dword;
        value.DataLength = sizeof(dword);
    } else {
        size_t n = RtlpUtf8ToUtf16(string, strlen(string), data, 255);
        data[n] = 0;
        value.Data = (UCHAR *)data;
        value.DataLength = (ULONG)((n + (type != REG_LINK)) * sizeof(WCHAR)); /* a link has no terminator */
    }
    CmpWriteValue(text, &value, CMP_REG_VERSION5);
}

void CmpWriteDefaults(CMP_TEXT *text)
{
    const char *previous = NULL;

    CmpTextPrint(text, CMP_REG_HEADER "\n");
    for (size_t i = 0; i < sizeof(CmpDefaults) / sizeof(CmpDefaults[0]); i++) {
        if (!previous || strcmp(previous, CmpDefaults[i].Key)) {
            previous = CmpDefaults[i].Key;
            CmpTextPrint(text, "\n[");
            CmpTextPrint(text, previous);
            CmpTextPrint(text, "]\n");
        }
        if (CmpDefaults[i].Name)
            CmpWriteDefault(text, CmpDefaults[i].Name, CmpDefaults[i].Type, CmpDefaults[i].String,
                            CmpDefaults[i].Dword);
    }
    /* CurrentControlSet is a link to the set the machine runs with. */
    CmpTextPrint(text, "\n[HKLM\\SYSTEM\\CurrentControlSet]\n;veles:link\n");
    CmpWriteDefault(text, "SymbolicLinkValue", REG_LINK, "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001", 0);
    /* The 32-bit view's classes are those under Classes\Wow6432Node, reached from either side. */
    CmpTextPrint(text, "\n[HKLM\\SOFTWARE\\Wow6432Node\\Classes]\n;veles:link\n");
    CmpWriteDefault(text, "SymbolicLinkValue", REG_LINK, "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\Wow6432Node", 0);
}
