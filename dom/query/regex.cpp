// Regular expressions with Oniguruma (the engine jq uses, in its Perl-NG syntax): test,
// match, capture, scan, split/2, splits, sub, gsub.
#include "builtins.hpp"
#include "natives.hpp"

#include <oniguruma.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace arenajson::jq {

namespace {

struct Regex {
    regex_t* reg = nullptr;
    std::vector<std::string> names;  // by group number (1-based; [0] unused); "" unnamed
    ~Regex() {
        if (reg != nullptr) onig_free(reg);
    }
};

struct Options {
    OnigOptionType onig = ONIG_OPTION_CAPTURE_GROUP;
    bool global = false;
};

void init_onig() {
    static std::once_flag once;
    std::call_once(once, [] {
        OnigEncoding encodings[] = {ONIG_ENCODING_UTF8};
        onig_initialize(encodings, 1);
    });
}

int collect_name(const OnigUChar* name, const OnigUChar* end, int count, int* groups, OnigRegex,
                 void* arg) {
    auto* r = static_cast<Regex*>(arg);
    for (int i = 0; i < count; ++i) {
        const auto g = static_cast<std::size_t>(groups[i]);
        if (g < r->names.size())
            r->names[g].assign(reinterpret_cast<const char*>(name),
                               static_cast<std::size_t>(end - name));
    }
    return 0;
}

// Compiled expressions, per thread, kept across runs (jq compiles one per call).
const Regex* compile(const std::string& pattern, OnigOptionType options, std::string& error) {
    thread_local std::unordered_map<std::string, std::unique_ptr<Regex>> cache;
    std::string key = std::to_string(options) + ':' + pattern;
    if (auto it = cache.find(key); it != cache.end()) return it->second.get();
    init_onig();
    auto r = std::make_unique<Regex>();
    OnigErrorInfo info;
    const auto* p = reinterpret_cast<const OnigUChar*>(pattern.data());
    const int rc = onig_new(&r->reg, p, p + pattern.size(), options, ONIG_ENCODING_UTF8,
                            ONIG_SYNTAX_PERL_NG, &info);
    if (rc != ONIG_NORMAL) {
        OnigUChar message[ONIG_MAX_ERROR_MESSAGE_LEN];
        onig_error_code_to_str(message, rc, &info);
        error = pattern +
                " (at offset 0) is not a valid regex: " + reinterpret_cast<const char*>(message);
        r->reg = nullptr;
        return nullptr;
    }
    r->names.assign(static_cast<std::size_t>(onig_number_of_captures(r->reg)) + 1, std::string());
    onig_foreach_name(r->reg, collect_name, r.get());
    if (cache.size() >= 256) cache.clear();
    return cache.emplace(std::move(key), std::move(r)).first->second.get();
}

struct Group {
    std::int64_t offset;  // code points; -1 when the group did not take part
    std::int64_t length;
    std::size_t begin, end;  // bytes
};

struct Match {
    Group whole;
    std::vector<Group> groups;
};

}  // namespace

namespace {

// jq's regex flags (besides g, global) and the Oniguruma options they stand for.
struct Flag {
    char letter;
    OnigOptionType onig;
};
constexpr Flag kFlags[] = {
    {'i', ONIG_OPTION_IGNORECASE},     {'x', ONIG_OPTION_EXTEND},
    {'n', ONIG_OPTION_FIND_NOT_EMPTY}, {'s', ONIG_OPTION_SINGLELINE},
    {'m', ONIG_OPTION_MULTILINE},      {'p', ONIG_OPTION_MULTILINE | ONIG_OPTION_SINGLELINE},
    {'l', ONIG_OPTION_FIND_LONGEST},
};

class RegexRun {
  public:
    RegexRun(Natives& n) : n_(n), ev_(n.ev) {}

    // Parses the flags; false (error raised) on an unknown one.
    Flow options(Node flags, Options& out) {
        if (is_null(flags)) return Flow::go;
        if (!is_string(flags)) return ev_.raise(describe(flags) + " is not a string");
        for (const char c : string_of(flags)) {
            if (c == 'g') {
                out.global = true;
                continue;
            }
            const auto* flag = std::find_if(std::begin(kFlags), std::end(kFlags),
                                            [&](const Flag& f) { return f.letter == c; });
            if (flag == std::end(kFlags)) {
                return ev_.raise(std::string(string_of(flags)) + " is not a valid modifier string");
            }
            out.onig |= flag->onig;
        }
        return Flow::go;
    }

    // Every match of `re` in `s` (only the first unless global).
    Flow matches(Node subject, Node re, Node flags, bool force_global, std::vector<Match>& out,
                 const Regex*& compiled) {
        if (!is_string(subject))
            return ev_.raise(describe(subject) + " cannot be matched, as it is not a string");
        if (!is_string(re)) return ev_.raise(describe(re) + " is not a string");
        Options o;
        if (const Flow f = options(flags, o); f != Flow::go) return f;
        if (force_global) o.global = true;
        std::string error;
        compiled = compile(std::string(string_of(re)), o.onig, error);
        if (compiled == nullptr) return ev_.raise(error);
        const std::string_view s = string_of(subject);
        const auto* begin = reinterpret_cast<const OnigUChar*>(s.data());
        const auto* end = begin + s.size();
        OnigRegion* region = onig_region_new();
        std::size_t start = 0;
        // Code point offsets, computed incrementally as matches move forward.
        std::size_t cp_at = 0, byte_at = 0;
        const auto codepoints_to = [&](std::size_t byte) -> std::int64_t {
            if (byte < byte_at) {
                cp_at = codepoint_count(s.substr(0, byte));
            } else {
                cp_at += codepoint_count(s.substr(byte_at, byte - byte_at));
            }
            byte_at = byte;
            return static_cast<std::int64_t>(cp_at);
        };
        // As jq 1.8: searches go on up to the very end of the string, where an empty match
        // counts too (`[match("";"g")]` on "ab" finds three).
        while (start <= s.size()) {
            const int rc = onig_search(compiled->reg, begin, end, begin + start, end, region,
                                       ONIG_OPTION_NONE);
            if (rc == ONIG_MISMATCH) break;
            if (rc < 0) {
                onig_region_free(region, 1);
                return ev_.raise("regex search failed");
            }
            Match m;
            const auto b0 = static_cast<std::size_t>(region->beg[0]),
                       e0 = static_cast<std::size_t>(region->end[0]);
            const std::int64_t off0 = codepoints_to(b0);
            m.whole = Group{off0, static_cast<std::int64_t>(codepoint_count(s.substr(b0, e0 - b0))),
                            b0, e0};
            // As jq 1.8: in an empty match every group is the empty string at the match's
            // offset, whether it took part or not.
            for (int g = 1; g < region->num_regs; ++g) {
                if (e0 == b0) {
                    m.groups.push_back(Group{off0, 0, b0, b0});
                    continue;
                }
                if (region->beg[g] < 0) {
                    m.groups.push_back(Group{-1, 0, 0, 0});
                    continue;
                }
                const auto bg = static_cast<std::size_t>(region->beg[g]),
                           eg = static_cast<std::size_t>(region->end[g]);
                const std::int64_t off =
                    static_cast<std::int64_t>(codepoint_count(s.substr(0, bg)));
                m.groups.push_back(
                    Group{off, static_cast<std::int64_t>(codepoint_count(s.substr(bg, eg - bg))),
                          bg, eg});
            }
            out.push_back(std::move(m));
            if (!o.global) break;
            if (e0 == b0) {
                // An empty match: step over one character.
                if (e0 >= s.size()) break;
                std::size_t next = e0 + 1;
                while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80)
                    ++next;
                start = next;
            } else {
                start = e0;
            }
        }
        onig_region_free(region, 1);
        return Flow::go;
    }

    Node group_object(const std::string_view s, const Group& g, const std::string& name) {
        Heap& h = ev_.heap();
        Member m[4] = {
            {h.key("offset"), make_int(g.offset)},
            {h.key("length"), make_int(g.length)},
            {h.key("string"),
             g.offset < 0 ? make_null() : h.string(s.substr(g.begin, g.end - g.begin))},
            {h.key("name"), name.empty() ? make_null() : h.string(name)},
        };
        return h.object(m, 4);
    }

    Node match_object(std::string_view s, const Match& m, const Regex* r) {
        Heap& h = ev_.heap();
        std::vector<Node> captures;
        for (std::size_t g = 0; g < m.groups.size(); ++g)
            captures.push_back(group_object(s, m.groups[g], r->names[g + 1]));
        Member fields[4] = {
            {h.key("offset"), make_int(m.whole.offset)},
            {h.key("length"), make_int(m.whole.length)},
            {h.key("string"), h.string(s.substr(m.whole.begin, m.whole.end - m.whole.begin))},
            {h.key("captures"), ev_.make_array(captures)},
        };
        return h.object(fields, 4);
    }

    Node capture_object(std::string_view s, const Match& m, const Regex* r) {
        Heap& h = ev_.heap();
        std::vector<Member> fields;
        for (std::size_t g = 0; g < m.groups.size(); ++g) {
            const std::string& name = r->names[g + 1];
            if (name.empty()) continue;
            const Group& grp = m.groups[g];
            const KeyRecord* key = h.key(name);
            const Node value =
                grp.offset < 0 ? make_null() : h.string(s.substr(grp.begin, grp.end - grp.begin));
            bool replaced = false;
            for (Member& f : fields) {
                if (same_key(f.key, key)) {
                    f.value = value;
                    replaced = true;
                }
            }
            if (!replaced) fields.push_back(Member{key, value});
        }
        return h.object(fields.data(), fields.size());
    }

    Natives& n_;
    Evaluator& ev_;
};

}  // namespace

Flow Natives::regex(int native, const Expr* e, const Env* env, Node in, Sink k, bool& handled) {
    const auto id = static_cast<Native>(native);
    RegexRun run(*this);
    // (re; flags) from the arguments; one-argument forms accept [re, flags] too.
    // The matches of the regex (and flags) given as arguments, or as one [re, flags] array,
    // in the input (every match when global), for body.
    const auto with_matches = [&](bool global,
                                  FnRef<Flow(const std::vector<Match>&, const Regex*)> body) {
        const auto run_on = [&](Node re, Node flags) -> Flow {
            std::vector<Match> ms;
            const Regex* r = nullptr;
            const Flow f = run.matches(in, re, flags, global, ms, r);
            if (f != Flow::go) return f;
            return body(ms, r);
        };
        if (e->list.size() >= 2) {
            return ev.with_args(e, env, in, true,
                                [&](const Node* v) { return run_on(v[0], v[1]); });
        }
        return ev.eval(e->list[0], env, in, [&](Node val) -> Flow {
            if (is_string(val)) return run_on(val, make_null());
            if (is_array(val) && size_of(val) >= 1) {
                return run_on(elements(val)[0], size_of(val) > 1 ? elements(val)[1] : make_null());
            }
            return ev.raise(std::string(kind_name(val)) + " not a string or array");
        });
    };
    switch (id) {
        case Native::test1:
        case Native::test2:
            return with_matches(false, [&](const std::vector<Match>& ms, const Regex*) {
                return k(make_bool(!ms.empty()));
            });
        case Native::match1:
        case Native::match2:
        case Native::capture1:
        case Native::capture2:
            return with_matches(false, [&](const std::vector<Match>& ms, const Regex* r) -> Flow {
                const bool capture = id == Native::capture1 || id == Native::capture2;
                for (const Match& m : ms) {
                    const Node out = capture ? run.capture_object(string_of(in), m, r)
                                             : run.match_object(string_of(in), m, r);
                    if (const Flow g = k(out); g != Flow::go) return g;
                }
                return Flow::go;
            });
        case Native::scan1:
        case Native::scan2:
            return with_matches(true, [&](const std::vector<Match>& ms, const Regex*) -> Flow {
                const std::string_view s = string_of(in);
                for (const Match& m : ms) {
                    Node out;
                    if (m.groups.empty()) {
                        out =
                            ev.heap().string(s.substr(m.whole.begin, m.whole.end - m.whole.begin));
                    } else {
                        std::vector<Node> parts;
                        for (const Group& g : m.groups)
                            parts.push_back(g.offset < 0 ? make_null()
                                                         : ev.heap().string(
                                                               s.substr(g.begin, g.end - g.begin)));
                        out = ev.make_array(parts);
                    }
                    if (const Flow g = k(out); g != Flow::go) return g;
                }
                return Flow::go;
            });
        case Native::split2:
        case Native::splits1:
        case Native::splits2:
            return with_matches(true, [&](const std::vector<Match>& ms, const Regex*) -> Flow {
                const std::string_view s = string_of(in);
                std::vector<Node> parts;
                std::size_t prev = 0;
                for (const Match& m : ms) {
                    parts.push_back(ev.heap().string(s.substr(prev, m.whole.begin - prev)));
                    prev = m.whole.end;
                }
                parts.push_back(ev.heap().string(s.substr(prev)));
                if (id == Native::split2) return k(ev.make_array(parts));
                for (const Node& p : parts) {
                    if (const Flow g = k(p); g != Flow::go) return g;
                }
                return Flow::go;
            });
        case Native::sub2:
        case Native::sub3:
        case Native::gsub2:
        case Native::gsub3: {
            const bool global = id == Native::gsub2 || id == Native::gsub3;
            const bool has_flags = id == Native::sub3 || id == Native::gsub3;
            // $re and $flags are values; the replacement is a filter over each capture object.
            return ev.eval(e->list[0], env, in, [&](Node re) -> Flow {
                const auto with_flags = [&](Node flags) -> Flow {
                    std::vector<Match> ms;
                    const Regex* r = nullptr;
                    if (!is_string(in))
                        return ev.raise(describe(in) + " cannot be matched, as it is not a string");
                    const Flow f = run.matches(in, re, flags, global, ms, r);
                    if (f != Flow::go) return f;
                    const std::string_view s = string_of(in);
                    if (ms.empty()) return k(in);
                    std::vector<std::string> results;
                    std::vector<bool> started;
                    std::size_t prev = 0;
                    for (const Match& m : ms) {
                        const std::string_view gap = s.substr(prev, m.whole.begin - prev);
                        std::vector<Node> inserts;
                        const Flow g =
                            ev.collect(e->list[1], env, run.capture_object(s, m, r), inserts);
                        if (g != Flow::go) return g;
                        for (std::size_t i = 0; i < inserts.size(); ++i) {
                            if (!is_string(inserts[i])) {
                                return ev.raise(describe(ev.heap().string(gap)) + " and " +
                                                describe(inserts[i]) + " cannot be added");
                            }
                            if (i >= results.size()) results.emplace_back();
                            results[i] += gap;
                            results[i] += string_of(inserts[i]);
                        }
                        prev = m.whole.end;
                    }
                    if (results.empty()) return k(in);
                    for (std::string& out : results) {
                        out += s.substr(prev);
                        if (const Flow g = k(ev.heap().string(out)); g != Flow::go) return g;
                    }
                    return Flow::go;
                };
                if (!has_flags) return with_flags(make_null());
                return ev.eval(e->list[2], env, in, with_flags);
            });
        }
        default:
            handled = false;
            return Flow::go;
    }
}

}  // namespace arenajson::jq
