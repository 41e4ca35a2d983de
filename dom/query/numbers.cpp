// The number builtins: jq's libm functions (math1/2/3 by table), the classifiers, abs, and
// the ones returning pairs (frexp, modf, lgamma_r).
#include "builtins.hpp"
#include "natives.hpp"

#include <cmath>

namespace arenajson::jq {

Flow Natives::math(const Expr* e, const Env* env, Node in, Sink k) {
    const auto number_required = [&](Node v) { return ev.raise(describe(v) + " number required"); };
    const int which = e->slot;
    if (static_cast<Native>(e->native) == Native::math1) {
        if (!is_number(in)) return number_required(in);
        const double x = to_double(in);
        double r = 0;
        int i = 0;
#define ARENAJSON_JQ_CASE(fn) \
    if (which == i++) r = jq_##fn(x);
        const auto jq_acos = [](double v) { return std::acos(v); };
        const auto jq_acosh = [](double v) { return std::acosh(v); };
        const auto jq_asin = [](double v) { return std::asin(v); };
        const auto jq_asinh = [](double v) { return std::asinh(v); };
        const auto jq_atan = [](double v) { return std::atan(v); };
        const auto jq_atanh = [](double v) { return std::atanh(v); };
        const auto jq_cbrt = [](double v) { return std::cbrt(v); };
        const auto jq_ceil = [](double v) { return std::ceil(v); };
        const auto jq_cos = [](double v) { return std::cos(v); };
        const auto jq_cosh = [](double v) { return std::cosh(v); };
        const auto jq_erf = [](double v) { return std::erf(v); };
        const auto jq_erfc = [](double v) { return std::erfc(v); };
        const auto jq_exp = [](double v) { return std::exp(v); };
        const auto jq_exp10 = [](double v) { return std::pow(10.0, v); };
        const auto jq_exp2 = [](double v) { return std::exp2(v); };
        const auto jq_expm1 = [](double v) { return std::expm1(v); };
        const auto jq_fabs = [](double v) { return std::fabs(v); };
        const auto jq_floor = [](double v) { return std::floor(v); };
        const auto jq_j0 = [](double v) { return ::j0(v); };
        const auto jq_j1 = [](double v) { return ::j1(v); };
        const auto jq_lgamma = [](double v) { return std::lgamma(v); };
        const auto jq_log = [](double v) { return std::log(v); };
        const auto jq_log10 = [](double v) { return std::log10(v); };
        const auto jq_log1p = [](double v) { return std::log1p(v); };
        const auto jq_log2 = [](double v) { return std::log2(v); };
        const auto jq_rint = [](double v) { return std::rint(v); };
        const auto jq_round = [](double v) { return std::round(v); };
        const auto jq_sin = [](double v) { return std::sin(v); };
        const auto jq_sinh = [](double v) { return std::sinh(v); };
        const auto jq_sqrt = [](double v) { return std::sqrt(v); };
        const auto jq_tan = [](double v) { return std::tan(v); };
        const auto jq_tanh = [](double v) { return std::tanh(v); };
        const auto jq_tgamma = [](double v) { return std::tgamma(v); };
        const auto jq_y0 = [](double v) { return ::y0(v); };
        const auto jq_y1 = [](double v) { return ::y1(v); };
        const auto jq_pow10 = [](double v) { return std::pow(10.0, v); };
        ARENAJSON_JQ_MATH1(ARENAJSON_JQ_CASE)
#undef ARENAJSON_JQ_CASE
        // Integer inputs stay exact through the rounding functions.
        if ((which == 7 || which == 17 || which == 25 || which == 26) && in.tag() == Tag::int64)
            return k(in);
        return k(make_number(r));
    }
    const bool three = static_cast<Native>(e->native) == Native::math3;
    return ev.with_args(e, env, in, false, [&](const Node* v) -> Flow {
        for (std::size_t i = 0; i < (three ? 3u : 2u); ++i) {
            if (!is_number(v[i])) return number_required(v[i]);
        }
        const double x = to_double(v[0]), y = to_double(v[1]);
        if (three) return k(make_number(std::fma(x, y, to_double(v[2]))));
        double r = 0;
        switch (which) {
            case 0:
                r = std::atan2(x, y);
                break;
            case 1:
                r = std::copysign(x, y);
                break;
            case 2:
                r = std::fdim(x, y);
                break;
            case 3:
                r = std::fmax(x, y);
                break;
            case 4:
                r = std::fmin(x, y);
                break;
            case 5:
                r = std::fmod(x, y);
                break;
            case 6:
                r = std::hypot(x, y);
                break;
            case 7:
                r = ::jn(static_cast<int>(x), y);
                break;
            case 8:
                r = std::nextafter(x, y);
                break;
            case 9:
                r = std::nexttoward(x, static_cast<long double>(y));
                break;
            case 10:
                r = std::pow(x, y);
                break;
            case 11:
                r = std::remainder(x, y);
                break;
            case 12:
                r = ::yn(static_cast<int>(x), y);
                break;
            default:
                break;
        }
        return k(make_number(r));
    });
}

Flow Natives::numbers(int native, const Expr* e, const Env* env, Node in, Sink k, bool& handled) {
    const auto id = static_cast<Native>(native);
    switch (id) {
        case Native::infinite:
            return k(make_number(HUGE_VAL));
        case Native::nan:
            return k(make_number(std::nan("")));
        case Native::isinfinite:
        case Native::isnan:
        case Native::isnormal:
        case Native::normals: {
            if (!is_number(in)) return ev.raise(describe(in) + " number required");
            const double d = to_double(in);
            if (id == Native::isinfinite) return k(make_bool(std::isinf(d)));
            if (id == Native::isnan) return k(make_bool(std::isnan(d)));
            const bool normal = std::isnormal(d);
            if (id == Native::normals) return normal ? k(in) : Flow::go;
            return k(make_bool(normal));
        }
        case Native::abs: {
            if (is_number(in)) return k(abs_number(ev.heap(), in));
            if (compare(in, make_int(0)) < 0) return ev.raise(describe(in) + " cannot be negated");
            return k(in);
        }
        case Native::frexp: {
            if (!is_number(in)) return ev.raise(describe(in) + " number required");
            int exponent = 0;
            const double m = std::frexp(to_double(in), &exponent);
            Node pair[2] = {make_number(m), make_int(exponent)};
            return k(ev.heap().array(pair, 2));
        }
        case Native::modf: {
            if (!is_number(in)) return ev.raise(describe(in) + " number required");
            double integral = 0;
            const double frac = std::modf(to_double(in), &integral);
            Node pair[2] = {make_number(frac), make_number(integral)};
            return k(ev.heap().array(pair, 2));
        }
        case Native::lgamma_r: {
            if (!is_number(in)) return ev.raise(describe(in) + " number required");
            int sign = 0;
            const double r = ::lgamma_r(to_double(in), &sign);
            Node pair[2] = {make_number(r), make_int(sign)};
            return k(ev.heap().array(pair, 2));
        }
        case Native::significand:
        case Native::logb:
        case Native::gamma:
        case Native::nearbyint:
        case Native::trunc: {
            if (!is_number(in)) return ev.raise(describe(in) + " number required");
            const double x = to_double(in);
            double r = 0;
            if (id == Native::significand) {
                int exponent = 0;
                r = x == 0 || std::isinf(x) || std::isnan(x) ? x : std::frexp(x, &exponent) * 2;
            } else if (id == Native::logb) {
                r = std::logb(x);
            } else if (id == Native::gamma) {
                r = std::lgamma(x);
            } else if (id == Native::nearbyint) {
                r = std::nearbyint(x);
            } else {
                r = std::trunc(x);
            }
            return k(make_number(r));
        }
        case Native::drem:
        case Native::ldexp:
        case Native::scalb:
        case Native::scalbln:
            return ev.with_args(e, env, in, false, [&](const Node* v) -> Flow {
                if (!is_number(v[0])) return ev.raise(describe(v[0]) + " number required");
                if (!is_number(v[1])) return ev.raise(describe(v[1]) + " number required");
                const double x = to_double(v[0]), y = to_double(v[1]);
                double r = 0;
                if (id == Native::drem) {
                    r = std::remainder(x, y);
                } else if (id == Native::ldexp) {
                    r = std::ldexp(x, static_cast<int>(y));
                } else if (id == Native::scalb) {
                    r = x * std::pow(2.0, y);
                } else {
                    r = std::scalbln(x, static_cast<long>(y));
                }
                return k(make_number(r));
            });
        case Native::math1:
        case Native::math2:
        case Native::math3:
            return math(e, env, in, k);
        default:
            handled = false;
            return Flow::go;
    }
}

}  // namespace arenajson::jq
