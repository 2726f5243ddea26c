// C++ on Wine's DLLs and mingw's runtime DLLs (libstdc++-6, libgcc_s_seh-1, found in the program's own
// directory): exceptions thrown across frames with destructors running, rethrown, thrown in a DLL and caught
// here and the other way round; the standard containers and streams; static constructors.
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
extern "C" {
#include "wintest.h"
__declspec(dllimport) int ThrowFromDll(int code);
__declspec(dllimport) int CatchInDll(int (*callback)(int));
}

static int Destroyed, Constructed;

struct Guard {
    Guard() { Constructed++; }
    ~Guard() { Destroyed++; }
};

static struct Static {
    int Value;
    Static() : Value(1234) {}
} StaticObject;

static __attribute__((noinline)) int Deep(int depth)
{
    Guard guard;
    if (!depth)
        throw std::out_of_range("deep down");
    return Deep(depth - 1) + 1;
}

static int Rethrow()
{
    try {
        Deep(3);
    } catch (std::exception &) {
        throw;
    }
    return 0;
}

static int ThrowBack(int code)
{
    throw std::logic_error(std::string(code, 'x'));
}

int main()
{
    std::string caught;

    ok(StaticObject.Value == 1234, "a static constructor ran");
    try {
        Deep(5);
    } catch (const std::out_of_range &e) {
        caught = e.what();
    }
    ok(caught == "deep down" && Constructed == 6 && Destroyed == 6, "thrown six frames down, every guard destroyed: %d %d",
       Constructed, Destroyed);
    try {
        Rethrow();
    } catch (const std::logic_error &e) {
        caught = std::string("rethrown: ") + e.what();
    } catch (...) {
        caught = "wrong handler";
    }
    ok(caught == "rethrown: deep down", "rethrown and caught by a base class: %s", caught.c_str());
    try {
        ThrowFromDll(5);
        caught = "no exception";
    } catch (const std::runtime_error &e) {
        caught = e.what();
    }
    ok(caught == "thrown in the DLL", "an exception from a DLL: %s", caught.c_str());
    ok(CatchInDll(ThrowBack) == -7, "one thrown here, caught in the DLL");
    try {
        throw 42;
    } catch (int value) {
        ok(value == 42, "an int thrown");
    }

    std::vector<int> numbers;
    for (int i = 0; i < 1000; i++)
        numbers.push_back(i * i);
    std::map<std::string, int> names{{"one", 1}, {"two", 2}};
    auto owned = std::make_unique<std::string>("owned");
    std::ostringstream text;
    text << "vector " << numbers[999] << ", map " << names["two"] << ", " << *owned;
    ok(text.str() == "vector 998001, map 2, owned", "containers and streams: %s", text.str().c_str());
    std::cout << "iostream: " << text.str() << std::endl;
    return wintest_summary();
}
