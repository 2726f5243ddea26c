// A C++ DLL for cxx.cpp: it throws what its caller, in another module, catches.
#include <stdexcept>
#include <string>

struct DllError : std::runtime_error {
    int Code;
    DllError(const std::string &what, int code) : std::runtime_error(what), Code(code) {}
};

extern "C" __declspec(dllexport) int ThrowFromDll(int code)
{
    if (code)
        throw DllError("thrown in the DLL", code);
    return 0;
}

extern "C" __declspec(dllexport) int CatchInDll(int (*callback)(int))
{
    try {
        return callback(7);
    } catch (const std::exception &e) {
        return -static_cast<int>(std::string(e.what()).size());
    }
}
