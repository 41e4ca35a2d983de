// query/natives.hpp — the builtins written in C++: one list, for the compiler's name table
// and the evaluator's dispatch. Internal.
#pragma once

namespace arenajson::jq {

// X(id, "name", arity)
#define ARENAJSON_JQ_NATIVES(X)                        \
    X(empty, "empty", 0)                               \
    X(not_, "not", 0)                                  \
    X(length, "length", 0)                             \
    X(utf8bytelength, "utf8bytelength", 0)             \
    X(type, "type", 0)                                 \
    X(keys, "keys", 0)                                 \
    X(keys_unsorted, "keys_unsorted", 0)               \
    X(has, "has", 1)                                   \
    X(contains, "contains", 1)                         \
    X(add, "add", 0)                                   \
    X(add1, "add", 1)                                  \
    X(any0, "any", 0)                                  \
    X(any1, "any", 1)                                  \
    X(any2, "any", 2)                                  \
    X(all0, "all", 0)                                  \
    X(all1, "all", 1)                                  \
    X(all2, "all", 2)                                  \
    X(range1, "range", 1)                              \
    X(range2, "range", 2)                              \
    X(range3, "range", 3)                              \
    X(tostring, "tostring", 0)                         \
    X(tonumber, "tonumber", 0)                         \
    X(toboolean, "toboolean", 0)                       \
    X(tobool, "tobool", 0)                             \
    X(tojson, "tojson", 0)                             \
    X(fromjson, "fromjson", 0)                         \
    X(error0, "error", 0)                              \
    X(error1, "error", 1)                              \
    X(select, "select", 1)                             \
    X(map, "map", 1)                                   \
    X(path, "path", 1)                                 \
    X(getpath, "getpath", 1)                           \
    X(setpath, "setpath", 2)                           \
    X(delpaths, "delpaths", 1)                         \
    X(paths0, "paths", 0)                              \
    X(paths1, "paths", 1)                              \
    X(to_entries, "to_entries", 0)                     \
    X(from_entries, "from_entries", 0)                 \
    X(recurse0, "recurse", 0)                          \
    X(recurse1, "recurse", 1)                          \
    X(recurse2, "recurse", 2)                          \
    X(env, "env", 0)                                   \
    X(builtins, "builtins", 0)                         \
    X(input, "input", 0)                               \
    X(inputs, "inputs", 0)                             \
    X(debug0, "debug", 0)                              \
    X(debug1, "debug", 1)                              \
    X(stderr_, "stderr", 0)                            \
    X(input_filename, "input_filename", 0)             \
    X(input_line_number, "input_line_number", 0)       \
    X(halt, "halt", 0)                                 \
    X(halt_error1, "halt_error", 1)                    \
    X(sort, "sort", 0)                                 \
    X(sort_by, "sort_by", 1)                           \
    X(group_by, "group_by", 1)                         \
    X(unique, "unique", 0)                             \
    X(unique_by, "unique_by", 1)                       \
    X(min, "min", 0)                                   \
    X(max, "max", 0)                                   \
    X(min_by, "min_by", 1)                             \
    X(max_by, "max_by", 1)                             \
    X(reverse, "reverse", 0)                           \
    X(indices, "indices", 1)                           \
    X(index, "index", 1)                               \
    X(rindex, "rindex", 1)                             \
    X(startswith, "startswith", 1)                     \
    X(endswith, "endswith", 1)                         \
    X(ltrimstr, "ltrimstr", 1)                         \
    X(rtrimstr, "rtrimstr", 1)                         \
    X(trimstr, "trimstr", 1)                           \
    X(trim, "trim", 0)                                 \
    X(ltrim, "ltrim", 0)                               \
    X(rtrim, "rtrim", 0)                               \
    X(explode, "explode", 0)                           \
    X(implode, "implode", 0)                           \
    X(split1, "split", 1)                              \
    X(join, "join", 1)                                 \
    X(ascii_downcase, "ascii_downcase", 0)             \
    X(ascii_upcase, "ascii_upcase", 0)                 \
    X(limit, "limit", 2)                               \
    X(skip, "skip", 2)                                 \
    X(first0, "first", 0)                              \
    X(first1, "first", 1)                              \
    X(last0, "last", 0)                                \
    X(last1, "last", 1)                                \
    X(nth1, "nth", 1)                                  \
    X(nth2, "nth", 2)                                  \
    X(until, "until", 2)                               \
    X(while_, "while", 2)                              \
    X(repeat, "repeat", 1)                             \
    X(isempty, "isempty", 1)                           \
    X(flatten0, "flatten", 0)                          \
    X(flatten1, "flatten", 1)                          \
    X(walk, "walk", 1)                                 \
    X(transpose, "transpose", 0)                       \
    X(tostream, "tostream", 0)                         \
    X(infinite, "infinite", 0)                         \
    X(nan, "nan", 0)                                   \
    X(isinfinite, "isinfinite", 0)                     \
    X(isnan, "isnan", 0)                               \
    X(isnormal, "isnormal", 0)                         \
    X(arrays, "arrays", 0)                             \
    X(objects, "objects", 0)                           \
    X(iterables, "iterables", 0)                       \
    X(booleans, "booleans", 0)                         \
    X(numbers, "numbers", 0)                           \
    X(strings, "strings", 0)                           \
    X(nulls, "nulls", 0)                               \
    X(values, "values", 0)                             \
    X(scalars, "scalars", 0)                           \
    X(abs, "abs", 0)                                   \
    X(toarray, "toarray", 0)                           \
    X(have_literal_numbers, "have_literal_numbers", 0) \
    X(have_decnum, "have_decnum", 0)                   \
    X(test1, "test", 1)                                \
    X(test2, "test", 2)                                \
    X(match1, "match", 1)                              \
    X(match2, "match", 2)                              \
    X(capture1, "capture", 1)                          \
    X(capture2, "capture", 2)                          \
    X(scan1, "scan", 1)                                \
    X(scan2, "scan", 2)                                \
    X(split2, "split", 2)                              \
    X(splits1, "splits", 1)                            \
    X(splits2, "splits", 2)                            \
    X(sub2, "sub", 2)                                  \
    X(sub3, "sub", 3)                                  \
    X(gsub2, "gsub", 2)                                \
    X(gsub3, "gsub", 3)                                \
    X(bsearch, "bsearch", 1)                           \
    X(mktime, "mktime", 0)                             \
    X(gmtime, "gmtime", 0)                             \
    X(localtime, "localtime", 0)                       \
    X(strftime, "strftime", 1)                         \
    X(strflocaltime, "strflocaltime", 1)               \
    X(strptime, "strptime", 1)                         \
    X(now, "now", 0)                                   \
    X(frexp, "frexp", 0)                               \
    X(modf, "modf", 0)                                 \
    X(lgamma_r, "lgamma_r", 0)                         \
    X(significand, "significand", 0)                   \
    X(logb, "logb", 0)                                 \
    X(gamma, "gamma", 0)                               \
    X(drem, "drem", 2)                                 \
    X(ldexp, "ldexp", 2)                               \
    X(scalb, "scalb", 2)                               \
    X(scalbln, "scalbln", 2)                           \
    X(nearbyint, "nearbyint", 0)                       \
    X(trunc, "trunc", 0)                               \
    X(ascii, "ascii", 0)                               \
    X(fromstream, "fromstream", 1)                     \
    X(truncate_stream, "truncate_stream", 1)           \
    X(leaf_paths, "leaf_paths", 0)                     \
    X(pick, "pick", 1)                                 \
    X(del, "del", 1)                                   \
    X(with_entries, "with_entries", 1)                 \
    X(map_values, "map_values", 1)                     \
    X(in, "in", 1)                                     \
    X(inside, "inside", 1)                             \
    X(combinations0, "combinations", 0)                \
    X(combinations1, "combinations", 1)                \
    X(halt_error0, "halt_error", 0)                    \
    X(todate, "todate", 0)                             \
    X(fromdate, "fromdate", 0)                         \
    X(date, "date", 0)                                 \
    X(todateiso8601, "todateiso8601", 0)               \
    X(fromdateiso8601, "fromdateiso8601", 0)           \
    X(dateadd, "dateadd", 2)                           \
    X(datesub, "datesub", 2)                           \
    X(finites, "finites", 0)                           \
    X(normals, "normals", 0)                           \
    X(isvalid, "isvalid", 1)                           \
    X(math1, "", 0)                                    \
    X(math2, "", 0)                                    \
    X(math3, "", 0)

enum class Native : int {
#define ARENAJSON_JQ_NATIVE_ID(id, name, arity) id,
    ARENAJSON_JQ_NATIVES(ARENAJSON_JQ_NATIVE_ID)
#undef ARENAJSON_JQ_NATIVE_ID
        count
};

/// The C math functions jq exposes: one input (`.`), two or three arguments.
// (clang-format 14 reflows this list differently on each run.)
// clang-format off
#define ARENAJSON_JQ_MATH1(X) \
    X(acos) X(acosh) X(asin) X(asinh) X(atan) X(atanh) X(cbrt) X(ceil) \
    X(cos) X(cosh) X(erf) X(erfc) X(exp) X(exp10) X(exp2) X(expm1) \
    X(fabs) X(floor) X(j0) X(j1) X(lgamma) X(log) X(log10) X(log1p) \
    X(log2) X(rint) X(round) X(sin) X(sinh) X(sqrt) X(tan) X(tanh) \
    X(tgamma) X(y0) X(y1) X(pow10)
// clang-format on
#define ARENAJSON_JQ_MATH2(X) \
    X(atan2)                  \
    X(copysign)               \
    X(fdim)                   \
    X(fmax) X(fmin) X(fmod) X(hypot) X(jn) X(nextafter) X(nexttoward) X(pow) X(remainder) X(yn)
#define ARENAJSON_JQ_MATH3(X) X(fma)

}  // namespace arenajson::jq
