// arenajson/detail/reader_impl.hpp — the reader's two stages. Included by reader.hpp.
//
// feed() hands the chunk to run(), which walks the positions stage 1 writes for one window of
// the chunk at a time (refill()); the grammar state lives in locals and jumps between labels.
// Stage 1 reads whole 64-byte blocks in place; the last partial block of a chunk is copied and
// classified padded (its bytes' bits do not depend on what follows), then classified again,
// whole, once the next chunk completes it. A token that the chunk cuts (string, number,
// literal, byte-order mark) is copied to token_; the next chunk appends the bytes that finish
// it (stage 1 says where a string closes; a scalar ends at whitespace or a structural byte),
// and the token is parsed by the same function as a token seen whole.
//
// Lines: a newline can only precede an error's position from outside strings (a newline in a
// string is itself the error), so an error's line is 1 + the newlines before it. Stage 1
// counts them per chunk; an error counts the rest of its chunk up to it. In NDJSON mode every
// newline is a position, and the grammar counts them.
#pragma once

#include <algorithm>
#include <cstring>

namespace arenajson {

template <Handler H>
void Reader<H>::reset() noexcept {
    state_ = State::root;
    check_next_ = false;
    at_eof_ = false;
    base_ = 0;
    depth_ = 0;
    buf_ = nullptr;
    size_ = begin_ = 0;
    chunk_abs_ = 0;
    resume_data_ = nullptr;
    restart_next_ = false;
    restart_index();
    suspect_from_ = ~std::uint64_t{0};
    lines_ = detail::LineCount{};
    lines_pos_ = 0;
    token_.clear();
    error_ = Error{};
}

// Stage 1 starts over, at a point where its state is known to be the initial one (the input's
// start, or the byte after an NDJSON record's newline).
template <Handler H>
void Reader<H>::restart_index() noexcept {
    index_state_ = detail::IndexState{};
    s1_next_ = 0;
    seam_len_ = 0;
    idx_pos_ = idx_count_ = 0;
    chunk_newlines_ = 0;
}

template <Handler H>
ReadResult Reader<H>::fail(ErrorCode code, std::uint64_t offset, bool at_end) {
    error_.code = code;
    error_.at_end = at_end;
    error_.offset = offset;
    detail::LineCount lc = lines_;
    if (!options_.ndjson && buf_ != nullptr && offset > chunk_abs_ && offset > lines_pos_) {
        // Bytes between where lines_ is exact and the error are in this chunk (or, before
        // chunk_abs_, in a token that holds no newline).
        const std::size_t from =
            static_cast<std::size_t>(std::max(lines_pos_, chunk_abs_) - chunk_abs_);
        const std::size_t to = static_cast<std::size_t>(offset - chunk_abs_);
        for (std::size_t i = from; i < to && i < size_; ++i) {
            if (buf_[i] == '\n') {
                ++lc.line;
                lc.line_start = chunk_abs_ + i + 1;
            }
        }
    }
    error_.line = lc.line;
    error_.column = offset - lc.line_start + 1;
    state_ = State::failed;
    return {ReadStatus::error, 0};
}

// The error for byte c at `offset` where the grammar in `state` wanted something else.
template <Handler H>
ErrorCode Reader<H>::unexpected(State state, std::uint64_t offset, unsigned char c) const noexcept {
    ErrorCode code = ErrorCode::expected_value;
    switch (state) {
        case State::root:
            // A NUL, FE or FF first: UTF-16 or UTF-32 (with or without a byte-order mark).
            if (offset == 0 && (c == 0x00 || c == 0xFE || c == 0xFF)) return ErrorCode::utf16_input;
            break;
        case State::array_first:
            code = ErrorCode::expected_value_or_array_end;
            break;
        case State::array_next:
            code = ErrorCode::expected_comma_or_array_end;
            break;
        case State::object_first:
            code = ErrorCode::expected_key_or_object_end;
            break;
        case State::object_key:
            code = ErrorCode::expected_key;
            break;
        case State::object_colon:
            code = ErrorCode::expected_colon;
            break;
        case State::object_next:
            code = ErrorCode::expected_comma_or_object_end;
            break;
        case State::after_root:
            if (options_.ndjson) return ErrorCode::ndjson_trailing_content;
            code = ErrorCode::trailing_content;
            break;
        default:
            break;
    }
    // More telling codes: a NUL as the second byte means UTF-16 or UTF-32 input; a newline
    // where NDJSON needs the record to go on.
    if (offset == 1 && c == 0) return ErrorCode::utf16_input;
    if (options_.ndjson && c == '\n') return ErrorCode::ndjson_newline_in_record;
    return code;
}

template <Handler H>
typename Reader<H>::State Reader<H>::state_after_token() const noexcept {
    if (token_kind_ == TokenKind::key) return State::object_colon;
    if (depth_ == 0) return State::after_root;
    // depth_ > 0: run() made the stack, and its innermost frame says what encloses the token.
    return stack_[depth_].kind == FrameKind::object ? State::object_next : State::array_next;
}

template <Handler H>
ReadResult Reader<H>::feed(std::string_view chunk) {
    if (state_ == State::failed) return {ReadStatus::error, 0};
    if (chunk.empty()) return {ReadStatus::more, 0};
    if (chunk.size() > kMaxPart) {
        std::size_t done = 0;
        while (done < chunk.size()) {
            ReadResult r = feed(chunk.substr(done, std::min(kMaxPart, chunk.size() - done)));
            if (r.status != ReadStatus::more) {
                r.consumed += done;
                return r;
            }
            done += r.consumed;
        }
        return {ReadStatus::more, chunk.size()};
    }
    if (resume_data_ != nullptr && chunk.data() == resume_data_ && chunk.size() == resume_size_ &&
        !restart_next_) {
        // The rest of the chunk a `document` return stopped in: its positions are still good.
        begin_ = size_ - chunk.size();
    } else {
        // Stage 1 state was carried to the end of the last chunk, unless a record ended in it
        // and its rest comes from elsewhere: then it starts over at the record's end.
        if (resume_data_ != nullptr) restart_index();
        buf_ = chunk.data();
        size_ = chunk.size();
        begin_ = 0;
        chunk_abs_ = base_;
        s1_next_ = 0;
        idx_pos_ = idx_count_ = 0;
        chunk_newlines_ = 0;
    }
    resume_data_ = nullptr;
    restart_next_ = false;
    if (index_.empty()) index_.resize(kIndexCapacity);

    if (check_next_) {
        // A literal ended the previous chunk: this byte must end it.
        check_next_ = false;
        const auto c = static_cast<unsigned char>(buf_[begin_]);
        if (!ends_token(c)) return fail(unexpected(state_, base_, c), base_);
    }
    if (state_ == State::root && base_ == 0 && static_cast<unsigned char>(buf_[0]) == 0xEF) {
        // The input starts like a byte-order mark: it is a token of its own, before stage 1.
        token_kind_ = TokenKind::bom;
        token_start_ = 0;
        token_.clear();
        state_ = State::token;
    }
    if (state_ == State::token) {
        const ReadResult r = resume_token();
        if (r.status != ReadStatus::more || state_ == State::token) return r;
    }
    return run();
}

template <Handler H>
ReadResult Reader<H>::finish() {
    if (state_ == State::failed) return {ReadStatus::error, 0};
    buf_ = nullptr;
    size_ = begin_ = 0;
    chunk_abs_ = base_;
    resume_data_ = nullptr;
    check_next_ = false;
    if (state_ == State::token) {
        // The input ends the token: parse it as it is.
        at_eof_ = true;
        const char* const t0 = token_.data();
        const char* const t1 = t0 + token_.size();
        switch (token_kind_) {
            case TokenKind::string:
            case TokenKind::key: {
                // No closing quote came: the first error in it, or the end of the input.
                const detail::StringToken t =
                    detail::parse_string(t0 + 1, t1, scratch_, options_.replace_lone_surrogates);
                return fail(t.error, token_start_ + static_cast<std::uint64_t>(t.end - t0),
                            t.at_end);
            }
            case TokenKind::scalar: {
                const char* q = nullptr;
                if (scalar_token(t0, t1, true, token_start_, q) != Step::done ||
                    !token_scalar_ended(q)) {
                    return {ReadStatus::error, 0};
                }
                break;
            }
            case TokenKind::bom:
                if (bom_token(t0, t1, true) != Step::done) return {ReadStatus::error, 0};
                state_ = State::root;
                break;
        }
        at_eof_ = false;
        if (state_ == State::token) state_ = state_after_token();
        token_.clear();
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

// Runs stage 1 over the next window of the chunk. Returns false when the chunk has no more
// positions.
template <Handler H>
bool Reader<H>::refill() {
    using namespace detail;
    std::uint32_t* const first = index_.data();
    std::uint32_t* out = first;
    const auto* bytes = reinterpret_cast<const unsigned char*>(buf_);
    const auto below = [](std::size_t n) {
        return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    };
    while (out == first) {
        const std::size_t left = size_ - s1_next_;
        if (left == 0) {
            idx_pos_ = idx_count_ = 0;
            return false;
        }
        IndexSummary sum;
        std::uint64_t window;  // absolute offset of the first byte classified
        if (seam_len_ > 0 || left < kBlockBytes) {
            // A block that started in an earlier chunk, or the last partial block: copied,
            // padded with spaces. Its earlier bytes were read before; only the new ones count.
            const std::size_t take = std::min(kBlockBytes - seam_len_, left);
            std::memcpy(seam_ + seam_len_, bytes + s1_next_, take);
            const std::size_t filled = seam_len_ + take;
            std::memset(seam_ + filled, ' ', kBlockBytes - filled);
            const bool whole = filled == kBlockBytes;
            window = chunk_abs_ + s1_next_ - seam_len_;
            out = kernel_->index_block(seam_, static_cast<std::uint32_t>(s1_next_ - seam_len_),
                                       below(filled) & ~below(seam_len_), below(filled), whole, out,
                                       index_state_, sum, options_.ndjson);
            s1_next_ += take;
            seam_len_ = whole ? 0 : filled;
        } else {
            const std::size_t blocks = std::min(left / kBlockBytes, kWindowBlocks);
            window = chunk_abs_ + s1_next_;
            out = kernel_->index(bytes + s1_next_, blocks, static_cast<std::uint32_t>(s1_next_),
                                 out, index_state_, sum, options_.ndjson);
            s1_next_ += blocks * kBlockBytes;
        }
        if (sum.suspect) suspect_from_ = std::min(suspect_from_, window < 3 ? 0 : window - 3);
        chunk_newlines_ += sum.newlines;
    }
    idx_pos_ = 0;
    idx_count_ = static_cast<std::size_t>(out - first);
    return true;
}

// Counts the newlines of this chunk from lines_pos_ to `to` into lines_.
template <Handler H>
void Reader<H>::advance_lines(std::uint64_t to) noexcept {
    const auto from = static_cast<std::size_t>(std::max(lines_pos_, chunk_abs_) - chunk_abs_);
    const auto stop = static_cast<std::size_t>(to - chunk_abs_);
    for (std::size_t i = from; i < stop; ++i) {
        if (buf_[i] == '\n') newline_at(chunk_abs_ + i);
    }
    lines_pos_ = std::max(lines_pos_, to);
}

// The chunk is used up: moves the offset and the line count to its end.
template <Handler H>
void Reader<H>::end_chunk() {
    const std::uint64_t end = chunk_abs_ + size_;
    if (!options_.ndjson && lines_pos_ > chunk_abs_) {
        // A sequence value ended inside this chunk and moved lines_ there: count the rest.
        if (state_ != State::token) {
            advance_lines(end);
        } else if (token_start_ >= lines_pos_) {
            advance_lines(token_start_);
        }
    } else if (!options_.ndjson) {
        detail::LineCount at_end = lines_;
        if (chunk_newlines_ != 0) {
            at_end.line += chunk_newlines_;
            at_end.line_start = chunk_abs_ + std::string_view(buf_, size_).rfind('\n') + 1;
        }
        if (state_ != State::token) {
            lines_ = at_end;
            lines_pos_ = end;
        } else if (token_start_ >= chunk_abs_) {
            // A token goes on into the next chunk: lines_ must be those at its start, where an
            // error inside it is placed (it has no newline before such an error).
            std::uint64_t inside = 0;
            const auto start = static_cast<std::size_t>(token_start_ - chunk_abs_);
            for (std::size_t i = start; i < size_; ++i)
                inside += buf_[i] == '\n';
            if (inside == 0) {
                lines_ = at_end;
            } else {
                lines_.line = at_end.line - inside;
                for (std::size_t i = start; i > 0; --i) {
                    if (buf_[i - 1] == '\n') {
                        lines_.line_start = chunk_abs_ + i;
                        break;
                    }
                }
            }
            lines_pos_ = token_start_;
        }
    }
    base_ = end;
    buf_ = nullptr;
    size_ = begin_ = 0;
    chunk_abs_ = end;
}

// A value of a sequence ends at `end` (in buf_): report it; the caller feeds the rest again.
template <Handler H>
ReadResult Reader<H>::sequence_value(std::size_t end) {
    state_ = State::root;
    if (!options_.ndjson) advance_lines(chunk_abs_ + end);
    base_ = chunk_abs_ + end;
    resume_data_ = buf_ + end;
    resume_size_ = size_ - end;
    return {ReadStatus::document, end - begin_};
}

template <Handler H>
ReadResult Reader<H>::suspend(State state) {
    state_ = state;
    const std::size_t taken = size_ - begin_;
    end_chunk();
    return {ReadStatus::more, taken};
}

// The token at `start` runs past the end of this chunk: keep its bytes for the next feed.
template <Handler H>
ReadResult Reader<H>::carry(TokenKind kind, std::uint32_t start) {
    token_kind_ = kind;
    token_start_ = chunk_abs_ + start;
    token_.assign(buf_ + start, size_ - start);
    token_parsed_ = token_.size();
    if (kind == TokenKind::scalar) {
        // Stage 1 must still see the rest of the chunk (it holds no positions).
        while (refill()) {
        }
    }
    return suspend(State::token);
}

// Appends the bytes of this chunk that belong to the token in token_, and parses the token
// once it is whole; state_ stays `token` while the chunk ends first.
template <Handler H>
ReadResult Reader<H>::resume_token() {
    using namespace detail;
    switch (token_kind_) {
        case TokenKind::string:
        case TokenKind::key: {
            // Inside a string, the only position stage 1 gives is the closing quote.
            if (idx_pos_ == idx_count_ && !refill()) {
                token_.append(buf_ + begin_, size_ - begin_);
                return suspend(State::token);
            }
            const std::uint32_t close = index_[idx_pos_++];
            const std::uint32_t q = close & ~kEscapedString;
            token_.append(buf_ + begin_, q + 1 - begin_);
            const char* const t0 = token_.data();
            if (!string_event(t0 + 1, t0 + token_.size() - 1, (close & kEscapedString) != 0,
                              token_start_ + 1, token_kind_ == TokenKind::key)) {
                return {ReadStatus::error, 0};
            }
            if (sequence_root()) {
                token_.clear();
                return sequence_value(q + 1);
            }
            break;
        }
        case TokenKind::scalar: {
            std::size_t i = begin_;
            while (i < size_ && !ends_token(static_cast<unsigned char>(buf_[i])))
                ++i;
            token_.append(buf_ + begin_, i - begin_);
            const bool complete = i < size_;
            if (!complete && !options_.sequence && token_.size() < 2 * token_parsed_) {
                // Parsing again only when the token has doubled keeps a long number fed byte by
                // byte linear; whatever the bytes are, the outcome is the same.
                while (refill()) {
                }
                return suspend(State::token);
            }
            token_parsed_ = token_.size();
            const char* const t0 = token_.data();
            const char* const t1 = t0 + token_.size();
            const char* q = nullptr;
            const Step step = scalar_token(t0, t1, complete, token_start_, q);
            if (step == Step::failed) return {ReadStatus::error, 0};
            if (step == Step::partial) {
                while (refill()) {
                }
                return suspend(State::token);
            }
            if (!token_scalar_ended(q)) return {ReadStatus::error, 0};
            if (sequence_root()) {
                // The value ends at q, in this chunk (a carried token is a valid prefix, parsed
                // at every append in sequence mode); what follows directly starts the next
                // value, which stage 1 must see start.
                token_.clear();
                if (q != t1 || !complete) restart_next_ = true;
                return sequence_value(i - static_cast<std::size_t>(t1 - q));
            }
            if (q == t1 && !complete) check_next_ = true;  // a literal that ends with the chunk
            break;
        }
        case TokenKind::bom: {
            const std::size_t take = std::min<std::size_t>(3 - token_.size(), size_ - begin_);
            token_.append(buf_ + begin_, take);
            const Step step = bom_token(token_.data(), token_.data() + token_.size(), false);
            if (step == Step::failed) return {ReadStatus::error, 0};
            if (step == Step::partial) {
                // Nothing of this chunk reaches stage 1 yet: it is all part of the mark.
                base_ = chunk_abs_ + size_;
                buf_ = nullptr;
                chunk_abs_ = base_;
                const std::size_t taken = size_ - begin_;
                size_ = begin_ = 0;
                lines_pos_ = base_;
                return {ReadStatus::more, taken};
            }
            // Stage 1 starts after the mark, in its initial state.
            s1_next_ = begin_ + take;
            lines_pos_ = chunk_abs_ + s1_next_;
            token_.clear();
            state_ = State::root;
            return {ReadStatus::more, 0};
        }
    }
    state_ = state_after_token();
    token_.clear();
    return {ReadStatus::more, 0};
}

// The scalar in token_ ended at q: the byte after it, when token_ holds one, must end it.
template <Handler H>
bool Reader<H>::token_scalar_ended(const char* q) {
    const char* const t0 = token_.data();
    if (q == t0 + token_.size() || sequence_root()) return true;
    const auto c = static_cast<unsigned char>(*q);
    if (ends_token(c)) return true;
    const std::uint64_t at = token_start_ + static_cast<std::uint64_t>(q - t0);
    fail(unexpected(state_after_token(), at, c), at);
    return false;
}

template <Handler H>
typename Reader<H>::Step Reader<H>::bom_token(const char* p, const char* e, bool complete) {
    const auto n = static_cast<std::size_t>(e - p);
    if (std::string_view(p, n) != std::string_view("\xEF\xBB\xBF", n)) {
        fail(ErrorCode::expected_value, 0);  // a partial mark is never one
        return Step::failed;
    }
    if (n < 3) {
        if (!complete) return Step::partial;
        fail(ErrorCode::expected_value, 0);
        return Step::failed;
    }
    if (!options_.allow_bom) {
        fail(ErrorCode::byte_order_mark, 0);
        return Step::failed;
    }
    return Step::done;
}

// A string event for the content [p, e) (e is the closing quote), `at` being p's offset.
template <Handler H>
ARENAJSON_INLINE bool Reader<H>::string_event(const char* p, const char* e, bool escaped,
                                              std::uint64_t at, bool key) {
    if (ARENAJSON_LIKELY(!escaped && at + static_cast<std::uint64_t>(e - p) < suspect_from_)) {
        const std::string_view s(p, static_cast<std::size_t>(e - p));
        if (ARENAJSON_LIKELY(key ? handler_->on_key(s) : handler_->on_string(s))) return true;
        fail(handler_error(), at - 1);
        return false;
    }
    return string_slow(p, e, escaped, at, key);
}

template <Handler H>
bool Reader<H>::string_slow(const char* p, const char* e, bool escaped, std::uint64_t at,
                            bool key) {
    using namespace detail;
    StringToken t;
    if (at + static_cast<std::uint64_t>(e - p) < suspect_from_) {
        (void)escaped;
        t = decode_string(p, e, scratch_, options_.replace_lone_surrogates);
    } else {
        // Stage 1 saw a control character or bad UTF-8 nearby: check every byte, so that the
        // first error is the one reported.
        t = parse_string(p, e + 1, scratch_, options_.replace_lone_surrogates);
    }
    if (t.status != TokenStatus::complete) {
        fail(t.error, at + static_cast<std::uint64_t>(t.end - p));
        return false;
    }
    if (key ? handler_->on_key(t.value) : handler_->on_string(t.value)) return true;
    fail(handler_error(), at - 1);
    return false;
}

// A number or literal in [p, e) starting at offset `at`: its event, with `end` after it.
// `complete`: e ends the token (the bytes after it cannot continue it); otherwise reaching e
// is `partial`.
template <Handler H>
ARENAJSON_INLINE typename Reader<H>::Step Reader<H>::scalar_token(const char* p, const char* e,
                                                                  bool complete, std::uint64_t at,
                                                                  const char*& end) {
    using namespace detail;
    const auto c0 = static_cast<unsigned char>(*p);
    if (c0 == 't' || c0 == 'f' || c0 == 'n') {
        const std::string_view want = c0 == 't' ? "true" : c0 == 'f' ? "false" : "null";
        const auto avail = static_cast<std::size_t>(e - p);
        if (ARENAJSON_LIKELY(avail >= want.size()) && std::memcmp(p, want.data(), 4) == 0 &&
            (want.size() == 4 || p[4] == 'e')) {
            if (!(c0 == 'n' ? handler_->on_null() : handler_->on_bool(c0 == 't'))) {
                fail(handler_error(), at);
                return Step::failed;
            }
            end = p + want.size();
            return Step::done;
        }
        const std::size_t k = std::min(avail, want.size());
        for (std::size_t i = 0; i < k; ++i) {
            if (p[i] != want[i]) {
                fail(ErrorCode::invalid_literal, at + i);
                return Step::failed;
            }
        }
        if (!complete) return Step::partial;
        fail(ErrorCode::invalid_literal, at + avail, at_eof_);
        return Step::failed;
    }
    const NumberToken t = parse_number(p, e, complete, options_.exact_numbers);
    if (ARENAJSON_UNLIKELY(t.status != TokenStatus::complete)) {
        if (t.status == TokenStatus::partial) return Step::partial;
        fail(t.error, at + static_cast<std::uint64_t>(t.end - p), at_eof_ && t.end == e);
        return Step::failed;
    }
    bool ok;
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
        default:
            ok = handler_->on_number_text(std::string_view(p, static_cast<std::size_t>(t.end - p)));
            break;
    }
    if (ARENAJSON_UNLIKELY(!ok)) {
        fail(handler_error(), at);
        return Step::failed;
    }
    end = t.end;
    return Step::done;
}

template <Handler H>
ReadResult Reader<H>::run() {
    using namespace detail;
    H& h = *handler_;
    const char* const buf = buf_;
    const std::uint64_t origin = chunk_abs_;
    const std::uint32_t* idx = index_.data() + idx_pos_;
    const std::uint32_t* end = index_.data() + idx_count_;
    // Room for the root level and max_depth containers, at most.
    const std::size_t max_frames = std::max(options_.max_depth, options_.max_depth + 1);
    if (stack_.empty()) stack_.resize(std::min<std::size_t>(64, max_frames));
    // The innermost container's frame (its count is updated in place), and the end of the
    // stack's room.
    Frame* top = stack_.data() + depth_;
    Frame* frames_end = stack_.data() + stack_.size();
    std::uint32_t pos = 0;
    unsigned char c = 0;
    const bool sequence = options_.sequence && !options_.ndjson;
    std::uint32_t value_end = 0;  // sequence mode: where the root value ended

    const auto at = [origin](std::uint32_t x) { return origin + x; };
    const auto save = [&] {
        depth_ = static_cast<std::size_t>(top - stack_.data());
        idx_pos_ = static_cast<std::size_t>(idx - index_.data());
    };
    // Reloads the positions after refill() replaced them.
    const auto reload = [&] {
        idx = index_.data();
        end = idx + idx_count_;
    };

#define ARENAJSON_NEXT(st)                 \
    if (ARENAJSON_UNLIKELY(idx == end)) {  \
        save();                            \
        if (!refill()) return suspend(st); \
        reload();                          \
    }                                      \
    pos = *idx++;                          \
    c = static_cast<unsigned char>(buf[pos]);
#define ARENAJSON_FAIL(code, where)   \
    do {                              \
        save();                       \
        return fail((code), (where)); \
    } while (0)
#define ARENAJSON_FAIL_HERE(st) ARENAJSON_FAIL(unexpected((st), at(pos), c), at(pos))
#define ARENAJSON_ABORT(where) ARENAJSON_FAIL(handler_error(), at(where))
// Closes the innermost container (event: on_end_array or on_end_object, as the state knows).
#define ARENAJSON_CLOSE(event)                          \
    do {                                                \
        if (!h.event(top->count)) ARENAJSON_ABORT(pos); \
        --top;                                          \
        goto after_close;                               \
    } while (0)
#define ARENAJSON_OPEN(frame_kind, event)                                                     \
    do {                                                                                      \
        if (ARENAJSON_UNLIKELY(top + 1 == frames_end)) {                                      \
            const auto depth = static_cast<std::size_t>(top - stack_.data());                 \
            if (depth >= options_.max_depth) ARENAJSON_FAIL(ErrorCode::depth_limit, at(pos)); \
            /* never above max_frames, so top + 1 < frames_end implies the limit */           \
            stack_.resize(std::min(max_frames, 2 * stack_.size()));                           \
            top = stack_.data() + depth;                                                      \
            frames_end = stack_.data() + stack_.size();                                       \
        }                                                                                     \
        ++top;                                                                                \
        top->count = 0;                                                                       \
        top->kind = (frame_kind);                                                             \
        if (!h.event()) ARENAJSON_ABORT(pos);                                                 \
    } while (0)
// A string whose opening quote is at pos: the next position is its closing quote.
#define ARENAJSON_STRING(is_key, kind)                                                       \
    {                                                                                        \
        const std::uint32_t open = pos;                                                      \
        if (ARENAJSON_UNLIKELY(idx == end)) {                                                \
            save();                                                                          \
            if (!refill()) return carry((kind), open);                                       \
            reload();                                                                        \
        }                                                                                    \
        const std::uint32_t close = *idx++;                                                  \
        const std::uint32_t q = close & ~kEscapedString;                                     \
        value_end = q + 1;                                                                   \
        if (ARENAJSON_LIKELY(close == q && at(q) < suspect_from_)) {                         \
            const std::string_view s(buf + open + 1, q - open - 1);                          \
            if (!((is_key) ? h.on_key(s) : h.on_string(s))) ARENAJSON_ABORT(open);           \
        } else {                                                                             \
            save();                                                                          \
            if (!string_slow(buf + open + 1, buf + q, close != q, at(open) + 1, (is_key))) { \
                return {ReadStatus::error, 0};                                               \
            }                                                                                \
        }                                                                                    \
    }
    // The value grammar, expanded once per context (root, array, object) so that the jump
    // after a value is static; only closing a container asks what encloses it.
#define ARENAJSON_VALUE(after, after_state, err)                                                 \
    switch (c) {                                                                                 \
        case '"':                                                                                \
            ARENAJSON_STRING(false, TokenKind::string)                                           \
            goto after;                                                                          \
        case '{':                                                                                \
            ARENAJSON_OPEN(FrameKind::object, on_start_object);                                  \
            goto object_first;                                                                   \
        case '[':                                                                                \
            ARENAJSON_OPEN(FrameKind::array, on_start_array);                                    \
            goto array_first;                                                                    \
        case '0':                                                                                \
        case '1':                                                                                \
        case '2':                                                                                \
        case '3':                                                                                \
        case '4':                                                                                \
        case '5':                                                                                \
        case '6':                                                                                \
        case '7':                                                                                \
        case '8':                                                                                \
        case '9':                                                                                \
            /* One digit and the byte that ends it: the densest input there is ([0,1,0,...]). */ \
            if (ARENAJSON_LIKELY(pos + 1 < size_) &&                                             \
                ends_token(static_cast<unsigned char>(buf[pos + 1]))) {                          \
                if (!h.on_int64(c - '0')) ARENAJSON_ABORT(pos);                                  \
                value_end = pos + 1;                                                             \
                goto after;                                                                      \
            }                                                                                    \
            [[fallthrough]];                                                                     \
        case 't':                                                                                \
        case 'f':                                                                                \
        case 'n':                                                                                \
        case '-': {                                                                              \
            const char* q = nullptr;                                                             \
            const Step step = scalar_token(buf + pos, buf + size_, false, at(pos), q);           \
            if (ARENAJSON_UNLIKELY(step != Step::done)) {                                        \
                save();                                                                          \
                if (step == Step::partial) return carry(TokenKind::scalar, pos);                 \
                return {ReadStatus::error, 0};                                                   \
            }                                                                                    \
            /* The byte after a number or literal must end it; in a sequence a root value */     \
            /* ends anyway: what follows starts the next value, which stage 1 must see start. */ \
            const auto qp = static_cast<std::uint32_t>(q - buf);                                 \
            value_end = qp;                                                                      \
            const bool root_of_sequence = sequence && (after_state) == State::after_root;        \
            if (ARENAJSON_LIKELY(qp < size_)) {                                                  \
                const auto qc = static_cast<unsigned char>(*q);                                  \
                if (ARENAJSON_UNLIKELY(!ends_token(qc))) {                                       \
                    if (!root_of_sequence) {                                                     \
                        ARENAJSON_FAIL(unexpected((after_state), at(qp), qc), at(qp));           \
                    }                                                                            \
                    restart_next_ = true;                                                        \
                }                                                                                \
            } else if (root_of_sequence) {                                                       \
                restart_next_ = true;                                                            \
            } else {                                                                             \
                check_next_ = true;                                                              \
            }                                                                                    \
            goto after;                                                                          \
        }                                                                                        \
        default:                                                                                 \
            ARENAJSON_FAIL_HERE(err);                                                            \
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
    ARENAJSON_NEXT(State::root)
    if (options_.ndjson && c == '\n') {
        newline_at(at(pos));  // a blank line between records
        goto root;
    }
    ARENAJSON_VALUE(after_root, State::after_root, State::root)

array_first:
    ARENAJSON_NEXT(State::array_first)
    if (c == ']') ARENAJSON_CLOSE(on_end_array);
    top->count = 1;
    if (c == '[') {
        // Nesting ([[[...): straight to the next array, without the value dispatch.
        ARENAJSON_OPEN(FrameKind::array, on_start_array);
        goto array_first;
    }
    ARENAJSON_VALUE(array_next, State::array_next, State::array_first)

array_value:
    ARENAJSON_NEXT(State::array_value)
    ARENAJSON_VALUE(array_next, State::array_next, State::array_value)

array_next:
    ARENAJSON_NEXT(State::array_next)
    if (ARENAJSON_LIKELY(c == ',')) {
        ++top->count;
        goto array_value;
    }
    if (c == ']') ARENAJSON_CLOSE(on_end_array);
    ARENAJSON_FAIL_HERE(State::array_next);

object_first:
    ARENAJSON_NEXT(State::object_first)
    if (c == '}') ARENAJSON_CLOSE(on_end_object);
    if (c != '"') ARENAJSON_FAIL_HERE(State::object_first);
    goto key;

object_next:
    ARENAJSON_NEXT(State::object_next)
    if (ARENAJSON_LIKELY(c == ',')) goto object_key;
    if (c == '}') ARENAJSON_CLOSE(on_end_object);
    ARENAJSON_FAIL_HERE(State::object_next);

object_key:
    ARENAJSON_NEXT(State::object_key)
    if (c != '"') ARENAJSON_FAIL_HERE(State::object_key);
key:
    ++top->count;
    ARENAJSON_STRING(true, TokenKind::key)
object_colon:
    ARENAJSON_NEXT(State::object_colon)
    if (ARENAJSON_UNLIKELY(c != ':')) ARENAJSON_FAIL_HERE(State::object_colon);
object_value:
    ARENAJSON_NEXT(State::object_value)
    ARENAJSON_VALUE(object_next, State::object_next, State::object_value)

after_close:
    // The one dynamic jump: back to whatever encloses the closed container.
    if (top->kind == FrameKind::array) goto array_next;
    if (top->kind == FrameKind::object) goto object_next;
    value_end = pos + 1;
    goto after_root;

after_root:
    if (sequence) {
        // The value is complete: report it now, so a pipe's consumer need not wait for the next.
        save();
        return sequence_value(value_end);
    }
    ARENAJSON_NEXT(State::after_root)
    if (options_.ndjson && c == '\n') {
        // The record ends: the caller feeds the rest of the chunk again.
        newline_at(at(pos));
        state_ = State::root;
        save();
        base_ = at(pos) + 1;
        resume_data_ = buf + pos + 1;
        resume_size_ = size_ - pos - 1;
        return {ReadStatus::document, pos + 1 - begin_};
    }
    ARENAJSON_FAIL_HERE(State::after_root);

#undef ARENAJSON_NEXT
#undef ARENAJSON_FAIL
#undef ARENAJSON_FAIL_HERE
#undef ARENAJSON_ABORT
#undef ARENAJSON_CLOSE
#undef ARENAJSON_OPEN
#undef ARENAJSON_STRING
#undef ARENAJSON_VALUE
}

}  // namespace arenajson
