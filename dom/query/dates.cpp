// Dates: gmtime, localtime, mktime, strftime, strflocaltime, strptime, now and the ISO 8601
// shorthands, on the C library's time functions as jq uses them.
#include "builtins.hpp"
#include "natives.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>

namespace arenajson::jq {

namespace {

constexpr const char* kIso8601 = "%Y-%m-%dT%H:%M:%SZ";

Node broken_down(Evaluator& ev, const std::tm& tm, double seconds) {
    Node v[8] = {make_int(tm.tm_year + 1900), make_int(tm.tm_mon), make_int(tm.tm_mday),
                 make_int(tm.tm_hour),        make_int(tm.tm_min), make_number(seconds),
                 make_int(tm.tm_wday),        make_int(tm.tm_yday)};
    return ev.heap().array(v, 8);
}

bool to_tm(Node v, std::tm& tm) {
    // As jq 1.8: fields past the end of a shorter array are 0 ([2024,2,15] is a date).
    if (!is_array(v)) return false;
    for (std::size_t i = 0; i < size_of(v); ++i) {
        if (!is_number(elements(v)[i])) return false;
        // Each field becomes an int: a value no int holds (or NaN) is not a datetime.
        const double d = std::floor(to_double(elements(v)[i]));
        if (!(d >= -2147483648.0 && d <= 2147483647.0)) return false;
    }
    std::memset(&tm, 0, sizeof tm);
    const auto at = [&](std::size_t i) {
        return i < size_of(v) ? static_cast<int>(to_double(elements(v)[i])) : 0;
    };
    tm.tm_year = size_of(v) > 0 ? at(0) - 1900 : 0;  // no year: 1900, as jq 1.8
    tm.tm_mon = at(1);
    tm.tm_mday = at(2);
    tm.tm_hour = at(3);
    tm.tm_min = at(4);
    tm.tm_sec = size_of(v) > 5 ? static_cast<int>(std::floor(to_double(elements(v)[5]))) : 0;
    tm.tm_wday = at(6);
    tm.tm_yday = at(7);
    return true;
}

}  // namespace

Flow Natives::dates(int native, const Expr* e, const Env* env, Node in, Sink k, bool& handled) {
    const auto id = static_cast<Native>(native);
    const auto gm = [&](Node v, bool local, Node& out) -> Flow {
        if (!is_number(v))
            return ev.raise(local ? "localtime() requires a number" : "gmtime() requires a number");
        const double t = to_double(v);
        // Seconds that no time_t holds (or NaN) fail as gmtime_r fails on a year past int's.
        const double whole = std::floor(t);
        const bool representable = whole >= -9.2e18 && whole <= 9.2e18;
        const auto secs = representable ? static_cast<std::time_t>(whole) : 0;
        std::tm tm{};
        if (!representable || (local ? localtime_r(&secs, &tm) : gmtime_r(&secs, &tm)) == nullptr)
            return ev.raise(local ? "error converting number of seconds since epoch to datetime"
                                  : "error converting number of seconds since epoch to datetime");
        out = broken_down(ev, tm, static_cast<double>(tm.tm_sec) + (t - whole));
        return Flow::go;
    };
    const auto format = [&](Node v, Node fmt, bool local, Node& out) -> Flow {
        if (!is_string(fmt))
            return ev.raise(local ? "strflocaltime/1 requires a string format"
                                  : "strftime/1 requires a string format");
        Node bd = v;
        if (is_number(v)) {
            const Flow f = gm(v, local, bd);
            if (f != Flow::go) return f;
        }
        std::tm tm{};
        if (!to_tm(bd, tm))
            return ev.raise(local ? "strflocaltime/1 requires parsed datetime inputs"
                                  : "strftime/1 requires parsed datetime inputs");
        char buf[512];
        const std::string f(string_of(fmt));
        const std::size_t n = std::strftime(buf, sizeof buf, f.c_str(), &tm);
        if (n == 0 && !f.empty()) return ev.raise("strftime/1: unknown system failure");
        out = ev.heap().string(std::string_view(buf, n));
        return Flow::go;
    };
    const auto mk = [&](Node v, Node& out) -> Flow {
        if (!is_array(v)) return ev.raise("mktime requires array of 6 numbers");
        std::tm tm{};
        if (!to_tm(v, tm)) return ev.raise("mktime requires parsed datetime inputs");
        out = make_int(static_cast<std::int64_t>(timegm(&tm)));
        return Flow::go;
    };
    const auto parse = [&](Node v, Node fmt, Node& out) -> Flow {
        if (!is_string(v) || !is_string(fmt))
            return ev.raise("strptime/1 requires string inputs and arguments");
        std::tm tm{};
        const std::string s(string_of(v)), f(string_of(fmt));
        const char* end = strptime(s.c_str(), f.c_str(), &tm);
        if (end == nullptr || *end != '\0')
            return ev.raise("date \"" + s + "\" does not match format \"" + f + "\"");
        // Normalise and fill in the day of the week and of the year, as jq does.
        std::tm copy = tm;
        const std::time_t t = timegm(&copy);
        std::tm norm{};
        if (gmtime_r(&t, &norm) != nullptr) {
            tm.tm_wday = norm.tm_wday;
            tm.tm_yday = norm.tm_yday;
        }
        out = broken_down(ev, tm, tm.tm_sec);
        return Flow::go;
    };
    const auto arg1 = [&](FnRef<Flow(Node)> body) {
        return ev.with_args(e, env, in, true, [&](const Node* v) { return body(v[0]); });
    };
    Node out;
    switch (id) {
        case Native::gmtime:
        case Native::localtime: {
            const Flow f = gm(in, id == Native::localtime, out);
            return f != Flow::go ? f : k(out);
        }
        case Native::mktime: {
            const Flow f = mk(in, out);
            return f != Flow::go ? f : k(out);
        }
        case Native::strftime:
        case Native::strflocaltime:
            return arg1([&](Node fmt) -> Flow {
                Node r;
                const Flow f = format(in, fmt, id == Native::strflocaltime, r);
                return f != Flow::go ? f : k(r);
            });
        case Native::strptime:
            return arg1([&](Node fmt) -> Flow {
                Node r;
                const Flow f = parse(in, fmt, r);
                return f != Flow::go ? f : k(r);
            });
        case Native::now: {
            const auto t = std::chrono::system_clock::now().time_since_epoch();
            return k(make_number(std::chrono::duration<double>(t).count()));
        }
        case Native::todate:
        case Native::date:
        case Native::todateiso8601: {
            const Flow f = format(in, ev.heap().string(kIso8601), false, out);
            return f != Flow::go ? f : k(out);
        }
        case Native::fromdate:
        case Native::fromdateiso8601: {
            Node bd;
            Flow f = parse(in, ev.heap().string(kIso8601), bd);
            if (f == Flow::go) f = mk(bd, out);
            return f != Flow::go ? f : k(out);
        }
        case Native::dateadd:
        case Native::datesub:
            return ev.eval(e->list[1], env, in, [&](Node n) -> Flow {
                Node r;
                const Flow f = ev.binop(id == Native::dateadd ? BinOp::add : BinOp::sub, in, n, r);
                return f != Flow::go ? f : k(r);
            });
        default:
            handled = false;
            return Flow::go;
    }
}

}  // namespace arenajson::jq
