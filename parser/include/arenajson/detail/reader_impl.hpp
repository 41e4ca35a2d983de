// arenajson/detail/reader_impl.hpp — the reader's state machine. Included by reader.hpp.
//
// Fast path: run() walks the chunk with the state in locals and jumps between grammar states;
// tokens that lie inside the chunk are parsed in place. A token cut by the end of a chunk
// (string, number, literal) is copied to carry_; the next feed() appends just the bytes that
// complete it, parses it from carry_ with the same token functions, and run() goes on in the
// new chunk. Newlines can only occur between tokens, so line and column come from counting
// them while skipping whitespace.
#pragma once

namespace arenajson {

template <Handler H>
void Reader<H>::reset() noexcept {
    state_ = State::root;
    in_object_ = false;
    count_ = 0;
    base_ = 0;
    lines_ = detail::LineCount{};
    token_start_ = 0;
    carry_escaped_ = false;
    number_state_ = detail::NumberState::start;
    depth_ = 0;
    carry_.clear();
    error_ = Error{};
}

template <Handler H>
ReadResult Reader<H>::fail(ErrorCode code, std::uint64_t offset, bool at_end) {
    error_.code = code;
    error_.at_end = at_end;
    error_.offset = offset;
    error_.line = lines_.line;
    error_.column = offset - lines_.line_start + 1;
    state_ = State::failed;
    return {ReadStatus::error, 0};
}

template <Handler H>
ReadResult Reader<H>::feed(std::string_view chunk) {
    if (state_ == State::failed) return {ReadStatus::error, 0};
    std::size_t taken = 0;
    if (state_ == State::token) {
        const ReadResult r = resume_token(chunk, false, taken);
        if (r.status != ReadStatus::more || state_ == State::token) return r;
    }
    // base_ is now the offset of chunk[taken]: run() measures from there.
    const char* const rest = chunk.data() + taken;
    ReadResult r = run(rest, rest, chunk.data() + chunk.size());
    r.consumed += taken;
    return r;
}

template <Handler H>
ReadResult Reader<H>::finish() {
    if (state_ == State::failed) return {ReadStatus::error, 0};
    if (state_ == State::token) {
        std::size_t taken = 0;
        const ReadResult r = resume_token(std::string_view(), true, taken);
        if (r.status == ReadStatus::error) return r;
    }
    switch (state_) {
        case State::root:
            if (options_.ndjson || options_.sequence) return {ReadStatus::end, 0};
            return fail(ErrorCode::empty_input, base_, true);
        case State::after_root:
            if (options_.ndjson || options_.sequence) state_ = State::root;
            return {ReadStatus::document, 0};
        case State::array_value:
        case State::object_value:
            return fail(ErrorCode::expected_value, base_, true);
        case State::array_first:
            return fail(ErrorCode::expected_value_or_array_end, base_, true);
        case State::array_next:
            return fail(ErrorCode::expected_comma_or_array_end, base_, true);
        case State::object_first:
            return fail(ErrorCode::expected_key_or_object_end, base_, true);
        case State::object_key:
            return fail(ErrorCode::expected_key, base_, true);
        case State::object_colon:
            return fail(ErrorCode::expected_colon, base_, true);
        case State::object_next:
            return fail(ErrorCode::expected_comma_or_object_end, base_, true);
        case State::token:
        case State::failed:
            break;
    }
    return {ReadStatus::error, 0};
}

// Completes the token in carry_ with the bytes of `chunk` that belong to it (`taken` of them),
// or with the end of the input. Leaves state_ == token while it still needs more.
template <Handler H>
ReadResult Reader<H>::resume_token(std::string_view chunk, bool at_eof, std::size_t& taken) {
    using namespace detail;
    const char* const b = chunk.data();
    const std::size_t n = chunk.size();
    std::size_t i = 0;
    bool complete = false;
    switch (token_kind_) {
        case TokenKind::string:
        case TokenKind::key: {
            bool escaped = carry_escaped_;
            while (i < n) {
                if (escaped) {
                    escaped = false;
                    ++i;
                    continue;
                }
                i = static_cast<std::size_t>(find_string_special(b + i, b + n) - b);
                if (i == n) break;
                const auto c = static_cast<unsigned char>(b[i++]);
                if (c == '\\') {
                    escaped = true;
                } else if (c == '"' || c < 0x20) {
                    complete = true;  // the closing quote, or the control character to report
                    break;
                }
            }
            carry_escaped_ = escaped;
            break;
        }
        case TokenKind::number:
            i = static_cast<std::size_t>(continue_number(number_state_, b, b + n) - b);
            complete = number_state_ == NumberState::ended;
            break;
        case TokenKind::literal:
        case TokenKind::bom: {
            const std::size_t want = token_kind_ == TokenKind::bom ? 3 : carry_[0] == 'f' ? 5 : 4;
            i = std::min(n, want - carry_.size());
            complete = carry_.size() + i == want;
            break;
        }
    }
    carry_.append(b, i);
    taken = i;
    base_ += i;
    if (!complete && !at_eof) return {ReadStatus::more, n};

    // The whole token is in carry_: parse it as if it were one chunk.
    const char* const t0 = carry_.data();
    const char* const t1 = t0 + carry_.size();
    const auto error_at = [&](ErrorCode code, const char* where, bool end_of_input) {
        return fail(code, token_start_ + static_cast<std::uint64_t>(where - t0),
                    end_of_input && at_eof);
    };
    bool ok = true;
    std::size_t used = carry_.size();  // token bytes actually consumed
    switch (token_kind_) {
        case TokenKind::string:
        case TokenKind::key: {
            const StringToken t =
                parse_string(t0 + 1, t1, true, scratch_, options_.replace_lone_surrogates);
            if (t.status != TokenStatus::complete) return error_at(t.error, t.end, t.at_end);
            ok = token_kind_ == TokenKind::key ? handler_->on_key(t.value)
                                               : handler_->on_string(t.value);
            break;
        }
        case TokenKind::number: {
            const NumberToken t = parse_number(t0, t1, true, options_.exact_numbers);
            if (t.status != TokenStatus::complete) return error_at(t.error, t.end, t.end == t1);
            used = static_cast<std::size_t>(t.end - t0);
            switch (t.kind) {
                case NumberKind::int64:
                    ok = handler_->on_int64(t.i);
                    break;
                case NumberKind::uint64:
                    ok = handler_->on_uint64(t.u);
                    break;
                case NumberKind::double_:
                    ok = handler_->on_double(t.d);
                    break;
                case NumberKind::text:
                    ok = handler_->on_number_text(std::string_view(t0, used));
                    break;
            }
            break;
        }
        case TokenKind::literal: {
            const std::string_view want = carry_[0] == 't'   ? "true"
                                          : carry_[0] == 'f' ? "false"
                                                             : "null";
            for (std::size_t k = 0; k < carry_.size(); ++k) {
                if (carry_[k] != want[k])
                    return error_at(ErrorCode::invalid_literal, t0 + k, false);
            }
            if (carry_.size() < want.size()) return error_at(ErrorCode::invalid_literal, t1, true);
            ok = carry_[0] == 'n' ? handler_->on_null() : handler_->on_bool(carry_[0] == 't');
            break;
        }
        case TokenKind::bom:
            if (carry_ != "\xEF\xBB\xBF") return error_at(ErrorCode::expected_value, t0, false);
            if (!options_.allow_bom) return error_at(ErrorCode::byte_order_mark, t0, false);
            state_ = State::root;
            carry_.clear();
            return {ReadStatus::more, taken};
    }
    if (!ok) return fail(handler_error(), token_start_);
    // continue_number() takes exactly the bytes parse_number() reads, so none are left over.
    assert(used == carry_.size());
    (void)used;
    if (token_kind_ == TokenKind::key) {
        state_ = State::object_colon;
    } else if (depth_ == 0) {
        state_ = State::after_root;
    } else {
        state_ = in_object_ ? State::object_next : State::array_next;
    }
    carry_.clear();
    return {ReadStatus::more, taken};
}

template <Handler H>
ReadResult Reader<H>::run(const char* const begin, const char* p, const char* const end) {
    using namespace detail;
    H& h = *handler_;
    const std::uint64_t base = base_;
    const bool ndjson = options_.ndjson;
    std::uint64_t count = count_;
    bool in_object = in_object_;
    std::size_t depth = depth_;
    Frame* frames = stack_.data();
    unsigned char c = 0;
    TokenKind kind = TokenKind::string;
    const char* token = nullptr;

    // Offsets: one subtraction from a precomputed origin.
    const std::uint64_t origin = base - reinterpret_cast<std::uintptr_t>(begin);
    const auto at = [origin](const char* q) {
        return origin + reinterpret_cast<std::uintptr_t>(q);
    };
    const auto save = [&] {
        count_ = count;
        in_object_ = in_object;
        depth_ = depth;
    };

#define ARENAJSON_SUSPEND(st)                                             \
    do {                                                                  \
        state_ = (st);                                                    \
        save();                                                           \
        base_ = at(end);                                                  \
        return {ReadStatus::more, static_cast<std::size_t>(end - begin)}; \
    } while (0)
#define ARENAJSON_FAIL(code, where)     \
    do {                                \
        save();                         \
        return fail((code), at(where)); \
    } while (0)
#define ARENAJSON_FAIL_HERE(code) ARENAJSON_FAIL(refine_error((code), at(p), c, ndjson), p)
#define ARENAJSON_ABORT(where) ARENAJSON_FAIL(handler_error(), where)
    // Pretty-printed input puts depth * unit spaces after each newline. Predicting that width
    // lets the next token start without waiting for the scan that confirms it.
#define ARENAJSON_SKIP_WS(st)                                                                   \
    if (ARENAJSON_UNLIKELY(p == end)) ARENAJSON_SUSPEND(st);                                    \
    c = static_cast<unsigned char>(*p);                                                         \
    if (c <= ' ') {                                                                             \
        const char* ws_next;                                                                    \
        if (c == ' ' && end - p >= 2 && static_cast<unsigned char>(p[1]) > ' ') {               \
            ++p; /* one space, as after ':' */                                                  \
        } else if (c == '\n' && !ndjson &&                                                      \
                   (ws_next = newline_with_indent(p, end, depth * indent_unit_)) != nullptr) {  \
            ++lines_.line;                                                                      \
            lines_.line_start = at(p + 1);                                                      \
            p = ws_next;                                                                        \
        } else {                                                                                \
            p = skip_whitespace(p, end, lines_, origin, ndjson);                                \
            if (p == end) ARENAJSON_SUSPEND(st);                                                \
            if (depth == 1) indent_unit_ = static_cast<std::size_t>(at(p) - lines_.line_start); \
        }                                                                                       \
        c = static_cast<unsigned char>(*p);                                                     \
    }
#define ARENAJSON_CLOSE()                                                                      \
    do {                                                                                       \
        if (!(in_object ? h.on_end_object(count) : h.on_end_array(count))) ARENAJSON_ABORT(p); \
        --depth;                                                                               \
        count = frames[depth].count;                                                           \
        in_object = frames[depth].object;                                                      \
        ++p;                                                                                   \
        goto after_close;                                                                      \
    } while (0)
#define ARENAJSON_OPEN(is_object, event)                                                     \
    do {                                                                                     \
        if (ARENAJSON_UNLIKELY(depth >= stack_.size())) {                                    \
            if (depth >= options_.max_depth) ARENAJSON_FAIL(ErrorCode::depth_limit, p);      \
            /* never above max_depth, so depth < size() implies the limit */                 \
            stack_.resize(                                                                   \
                std::min(options_.max_depth, std::max<std::size_t>(64, 2 * stack_.size()))); \
            frames = stack_.data();                                                          \
        }                                                                                    \
        frames[depth++] = Frame{count, in_object};                                           \
        count = 0;                                                                           \
        in_object = (is_object);                                                             \
        if (!h.event()) ARENAJSON_ABORT(p);                                                  \
        ++p;                                                                                 \
    } while (0)

    // The value grammar, expanded once per context (root, array, object) so that the jump
    // after a value is static; only closing a container asks what encloses it.
#define ARENAJSON_VALUE(after, err)                                                           \
    switch (c) {                                                                              \
        case '"': {                                                                           \
            token = p++;                                                                      \
            if (const char* close = short_string_end(p, end)) {                               \
                if (!h.on_string(std::string_view(p, static_cast<std::size_t>(close - p)))) { \
                    ARENAJSON_ABORT(token);                                                   \
                }                                                                             \
                p = close + 1;                                                                \
                goto after;                                                                   \
            }                                                                                 \
            const StringToken t =                                                             \
                parse_string(p, end, false, scratch_, options_.replace_lone_surrogates);      \
            if (ARENAJSON_LIKELY(t.status == TokenStatus::complete)) {                        \
                if (!h.on_string(t.value)) ARENAJSON_ABORT(token);                            \
                p = t.end;                                                                    \
                goto after;                                                                   \
            }                                                                                 \
            if (t.status == TokenStatus::partial) {                                           \
                kind = TokenKind::string;                                                     \
                goto carry;                                                                   \
            }                                                                                 \
            ARENAJSON_FAIL(t.error, t.end);                                                   \
        }                                                                                     \
        case '{':                                                                             \
            ARENAJSON_OPEN(true, on_start_object);                                            \
            goto object_first;                                                                \
        case '[':                                                                             \
            ARENAJSON_OPEN(false, on_start_array);                                            \
            goto array_first;                                                                 \
        case 't':                                                                             \
        case 'f':                                                                             \
        case 'n': {                                                                           \
            const std::string_view want = c == 't' ? "true" : c == 'f' ? "false" : "null";    \
            const auto avail = static_cast<std::size_t>(end - p);                             \
            const std::size_t k = std::min(avail, want.size());                               \
            for (std::size_t i = 0; i < k; ++i) {                                             \
                if (p[i] != want[i]) ARENAJSON_FAIL(ErrorCode::invalid_literal, p + i);       \
            }                                                                                 \
            if (avail < want.size()) {                                                        \
                token = p;                                                                    \
                kind = TokenKind::literal;                                                    \
                goto carry;                                                                   \
            }                                                                                 \
            if (!(c == 'n' ? h.on_null() : h.on_bool(c == 't'))) ARENAJSON_ABORT(p);          \
            p += want.size();                                                                 \
            goto after;                                                                       \
        }                                                                                     \
        case '-':                                                                             \
        case '0':                                                                             \
        case '1':                                                                             \
        case '2':                                                                             \
        case '3':                                                                             \
        case '4':                                                                             \
        case '5':                                                                             \
        case '6':                                                                             \
        case '7':                                                                             \
        case '8':                                                                             \
        case '9': {                                                                           \
            const NumberToken t = parse_number(p, end, false, options_.exact_numbers);        \
            if (ARENAJSON_LIKELY(t.status == TokenStatus::complete)) {                        \
                bool ok;                                                                      \
                switch (t.kind) {                                                             \
                    case NumberKind::int64:                                                   \
                        ok = h.on_int64(t.i);                                                 \
                        break;                                                                \
                    case NumberKind::uint64:                                                  \
                        ok = h.on_uint64(t.u);                                                \
                        break;                                                                \
                    case NumberKind::double_:                                                 \
                        ok = h.on_double(t.d);                                                \
                        break;                                                                \
                    default:                                                                  \
                        ok = h.on_number_text(                                                \
                            std::string_view(p, static_cast<std::size_t>(t.end - p)));        \
                        break;                                                                \
                }                                                                             \
                if (!ok) ARENAJSON_ABORT(p);                                                  \
                p = t.end;                                                                    \
                goto after;                                                                   \
            }                                                                                 \
            if (t.status == TokenStatus::partial) {                                           \
                token = p;                                                                    \
                kind = TokenKind::number;                                                     \
                goto carry;                                                                   \
            }                                                                                 \
            ARENAJSON_FAIL(t.error, t.end);                                                   \
        }                                                                                     \
        default:                                                                              \
            ARENAJSON_FAIL_HERE(err);                                                         \
    }

    switch (state_) {
        case State::root:
            goto root;
        case State::array_value:
            goto array_value;
        case State::object_value:
            goto object_value;
        case State::array_first:
            goto array_first;
        case State::array_next:
            goto array_next;
        case State::object_first:
            goto object_first;
        case State::object_key:
            goto object_key;
        case State::object_colon:
            goto object_colon;
        case State::object_next:
            goto object_next;
        case State::after_root:
            goto after_root;
        case State::token:
        case State::failed:
            return {ReadStatus::error, 0};
    }

root:
    for (;;) {
        if (p == end) ARENAJSON_SUSPEND(State::root);
        c = static_cast<unsigned char>(*p);
        if (c == ' ' || c == '\t' || c == '\r') {
            ++p;
        } else if (c == '\n') {
            ++lines_.line;
            ++p;
            lines_.line_start = at(p);
        } else {
            break;
        }
    }
    if (ARENAJSON_UNLIKELY(at(p) == 0)) {
        if (c == 0xEF) {
            if (end - p < 3) {
                token = p;
                kind = TokenKind::bom;
                goto carry;
            }
            if (std::string_view(p, 3) != "\xEF\xBB\xBF")
                ARENAJSON_FAIL(ErrorCode::expected_value, p);
            if (!options_.allow_bom) ARENAJSON_FAIL(ErrorCode::byte_order_mark, p);
            p += 3;
            goto root;
        }
        if (c == 0x00 || c == 0xFE || c == 0xFF) ARENAJSON_FAIL(ErrorCode::utf16_input, p);
    }
    ARENAJSON_VALUE(after_root, ErrorCode::expected_value)

array_first:
    ARENAJSON_SKIP_WS(State::array_first)
    if (c == ']') ARENAJSON_CLOSE();
    count = 1;
    goto array_element;

array_value:
    ARENAJSON_SKIP_WS(State::array_value)
    ARENAJSON_VALUE(array_next, ErrorCode::expected_value)

array_element:
    ARENAJSON_VALUE(array_next, ErrorCode::expected_value_or_array_end)

array_next:
    ARENAJSON_SKIP_WS(State::array_next)
    if (ARENAJSON_LIKELY(c == ',')) {
        ++p;
        ++count;
        goto array_value;
    }
    if (c == ']') ARENAJSON_CLOSE();
    ARENAJSON_FAIL_HERE(ErrorCode::expected_comma_or_array_end);

object_first:
    ARENAJSON_SKIP_WS(State::object_first)
    if (c == '}') ARENAJSON_CLOSE();
    if (c != '"') ARENAJSON_FAIL_HERE(ErrorCode::expected_key_or_object_end);
    goto key;

object_next:
    ARENAJSON_SKIP_WS(State::object_next)
    if (ARENAJSON_LIKELY(c == ',')) {
        ++p;
        goto object_key;
    }
    if (c == '}') ARENAJSON_CLOSE();
    ARENAJSON_FAIL_HERE(ErrorCode::expected_comma_or_object_end);

object_key:
    ARENAJSON_SKIP_WS(State::object_key)
    if (c != '"') ARENAJSON_FAIL_HERE(ErrorCode::expected_key);
key : {
    ++count;
    token = p++;
    if (const char* close = short_string_end(p, end)) {
        if (!h.on_key(std::string_view(p, static_cast<std::size_t>(close - p))))
            ARENAJSON_ABORT(token);
        p = close + 1;
        goto object_colon;
    }
    const StringToken t = parse_string(p, end, false, scratch_, options_.replace_lone_surrogates);
    if (ARENAJSON_LIKELY(t.status == TokenStatus::complete)) {
        if (!h.on_key(t.value)) ARENAJSON_ABORT(token);
        p = t.end;
        goto object_colon;
    }
    if (t.status == TokenStatus::partial) {
        kind = TokenKind::key;
        goto carry;
    }
    ARENAJSON_FAIL(t.error, t.end);
}

object_colon:
    ARENAJSON_SKIP_WS(State::object_colon)
    if (ARENAJSON_UNLIKELY(c != ':')) ARENAJSON_FAIL_HERE(ErrorCode::expected_colon);
    ++p;
object_value:
    ARENAJSON_SKIP_WS(State::object_value)
    ARENAJSON_VALUE(object_next, ErrorCode::expected_value)

after_close:
    // The one dynamic jump: back to whatever encloses the closed container.
    if (depth == 0) goto after_root;
    if (in_object) goto object_next;
    goto array_next;

after_root:
    if (options_.sequence && !ndjson) {
        // The value is complete: report it now, so a pipe's consumer need not wait for the next.
        state_ = State::root;
        save();
        base_ = at(p);
        return {ReadStatus::document, static_cast<std::size_t>(p - begin)};
    }
    for (;;) {
        if (p == end) ARENAJSON_SUSPEND(State::after_root);
        c = static_cast<unsigned char>(*p);
        if (c == ' ' || c == '\t' || c == '\r') {
            ++p;
        } else if (c == '\n') {
            ++lines_.line;
            ++p;
            lines_.line_start = at(p);
            if (ndjson) {
                state_ = State::root;
                save();
                base_ = at(p);
                return {ReadStatus::document, static_cast<std::size_t>(p - begin)};
            }
        } else if (ndjson) {
            ARENAJSON_FAIL(ErrorCode::ndjson_trailing_content, p);
        } else {
            ARENAJSON_FAIL_HERE(ErrorCode::trailing_content);
        }
    }

carry:
    // The token at `token` runs past the end of this chunk: keep its bytes for the next feed.
    carry_.assign(token, static_cast<std::size_t>(end - token));
    token_kind_ = kind;
    token_start_ = at(token);
    if (kind == TokenKind::number) {
        // The carried bytes are a valid prefix (parse_number said so): note where it stands.
        number_state_ = NumberState::start;
        continue_number(number_state_, token, end);
    }
    if (kind == TokenKind::string || kind == TokenKind::key) {
        // Inside an escape when the carried text ends in an odd run of backslashes.
        std::size_t run = 0;
        for (std::size_t i = carry_.size(); i > 1 && carry_[i - 1] == '\\'; --i)
            ++run;
        carry_escaped_ = (run & 1) != 0;
    }
    ARENAJSON_SUSPEND(State::token);

#undef ARENAJSON_SUSPEND
#undef ARENAJSON_FAIL
#undef ARENAJSON_FAIL_HERE
#undef ARENAJSON_ABORT
#undef ARENAJSON_SKIP_WS
#undef ARENAJSON_CLOSE
#undef ARENAJSON_OPEN
#undef ARENAJSON_VALUE
}

}  // namespace arenajson
