// A C interface to Google's libphonenumber (Debian's libphonenumber-dev), so Swift can ask it about candidate numbers
// that the byte scanner found. Only the questions the detectors ask are exposed.
#ifndef SUPPORTSCOPE_CPHONENUMBERS_H
#define SUPPORTSCOPE_CPHONENUMBERS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// How far libphonenumber accepts a number.
typedef enum {
    /// Not a phone number: unparseable, or a length no number of its country has.
    ss_phone_not_a_number = 0,
    /// A possible length for its country, but in no assigned range.
    ss_phone_possible = 1,
    /// A number in an assigned range of its country's numbering plan.
    ss_phone_valid = 2,
} ss_phone_verdict;

/// What libphonenumber says of one number.
typedef struct {
    ss_phone_verdict verdict;
    /// The region the number belongs to (ISO 3166 alpha-2), or "ZZ" when none.
    char region[4];
} ss_phone_result;

/// Checks `number` (UTF-8, `length` bytes; with a leading `+` for an international number) as written in `region`
/// (ISO 3166 alpha-2, or "ZZ" for international numbers only). Thread-safe.
ss_phone_result ss_phone_check(const char *number, size_t length, const char *region);

/// What libphonenumber says of the national `number` in the first of `regions` (ISO 3166 alpha-2 codes,
/// comma-separated) where it is valid; `ss_phone_not_a_number` when it is valid in none of them. Thread-safe.
ss_phone_result ss_phone_first_valid_region(const char *number, size_t length, const char *regions);

#ifdef __cplusplus
}
#endif

#endif
