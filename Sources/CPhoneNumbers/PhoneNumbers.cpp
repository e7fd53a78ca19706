// Why a shim: libphonenumber is C++ and Swift's C++ interop would spread its types (and protobuf's) through the
// Detectors module; two plain C functions keep the boundary narrow.
#include "CPhoneNumbers.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

void copy(char *destination, size_t capacity, const std::string &source) {
    size_t length = source.size() < capacity - 1 ? source.size() : capacity - 1;
    std::memcpy(destination, source.data(), length);
    destination[length] = 0;
}

ss_phone_result verdict(const PhoneNumberUtil &util, const PhoneNumber &number) {
    ss_phone_result result{};
    result.verdict = ss_phone_not_a_number;
    copy(result.region, sizeof result.region, "ZZ");
    if (!util.IsPossibleNumber(number)) return result;
    std::string region;
    util.GetRegionCodeForNumber(number, &region);
    if (!region.empty()) copy(result.region, sizeof result.region, region);
    result.verdict = util.IsValidNumber(number) ? ss_phone_valid : ss_phone_possible;
    return result;
}

// Verdicts already given, by region and number: a page repeats its numbers (a hotline in the header and the
// footer, every snapshot and mutation of a mirror), and one Parse builds and frees several ICU regex matchers.
// Bounded, and emptied when full; the lock makes it safe for the analysis's parallel jobs.
std::mutex cacheLock;
std::unordered_map<std::string, ss_phone_result> &cache() {
    static auto *verdicts = new std::unordered_map<std::string, ss_phone_result>();
    return *verdicts;
}
constexpr size_t cacheLimit = 4096;

ss_phone_result uncachedCheck(const std::string &text, const char *region) {
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    PhoneNumber parsed;
    ss_phone_result result{};
    result.verdict = ss_phone_not_a_number;
    copy(result.region, sizeof result.region, "ZZ");
    if (util.Parse(text, region, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) return result;
    return verdict(util, parsed);
}

}  // namespace

extern "C" ss_phone_result ss_phone_check(const char *number, size_t length, const char *region) {
    const std::string text(number, length);
    const std::string key = std::string(region) + '|' + text;
    {
        std::lock_guard<std::mutex> guard(cacheLock);
        auto found = cache().find(key);
        if (found != cache().end()) return found->second;
    }
    const ss_phone_result result = uncachedCheck(text, region);
    std::lock_guard<std::mutex> guard(cacheLock);
    if (cache().size() >= cacheLimit) cache().clear();
    cache().emplace(key, result);
    return result;
}

extern "C" ss_phone_result ss_phone_first_valid_region(const char *number, size_t length, const char *regions) {
    const std::string text(number, length);
    const char *start = regions;
    while (*start) {
        const char *end = std::strchr(start, ',');
        std::string region = end ? std::string(start, end - start) : std::string(start);
        ss_phone_result result = ss_phone_check(text.data(), text.size(), region.c_str());
        if (result.verdict == ss_phone_valid && region == result.region) return result;
        if (!end) break;
        start = end + 1;
    }
    ss_phone_result none{};
    none.verdict = ss_phone_not_a_number;
    copy(none.region, sizeof none.region, "ZZ");
    return none;
}
