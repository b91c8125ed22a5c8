package org.mutua.federation.signatures;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The subset of RFC 8941 Structured Field Values that HTTP message signatures need: Dictionaries whose members are
 * Items or Inner Lists, with Parameters; bare items of type Integer, Decimal, String, Token, Byte Sequence and
 * Boolean. Parsing follows RFC 8941 §4.2 (strict: anything unexpected is a {@link ParseException}); serialising
 * follows §4.1, which RFC 9421 §2.3 uses to rebuild {@code @signature-params}.
 */
public final class StructuredFields {
    /** Longest field value parsed at all (the 8 KB input bound). */
    public static final int MAX_FIELD_LENGTH = 8 * 1024;
    private static final int MAX_MEMBERS = 64;

    private StructuredFields() {
    }

    public static final class ParseException extends Exception {
        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    /** A token (RFC 8941 §3.3.4), kept apart from String so that serialisation round-trips. */
    public record Token(String value) {
    }

    /** A bare item with its parameters. Values are Long, BigDecimal, String, Token, byte[] or Boolean. */
    public record Item(Object value, Map<String, Object> params) {
        public Item {
            Objects.requireNonNull(value);
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** A parenthesised list of items with its own parameters. */
    public record InnerList(List<Item> items, Map<String, Object> params) {
        public InnerList {
            items = List.copyOf(items);
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** Parses a Dictionary; members keep their order (the first label of Signature-Input is the first entry). */
    public static Map<String, Object> parseDictionary(String input) throws ParseException {
        if (input == null || input.length() > MAX_FIELD_LENGTH) {
            throw new ParseException("field missing or too long");
        }
        Parser p = new Parser(input);
        Map<String, Object> dict = new LinkedHashMap<>();
        p.skipSp();
        while (!p.atEnd()) {
            String key = p.key();
            Object member;
            if (p.peek() == '=') {
                p.pos++;
                member = p.itemOrInnerList();
            } else {
                member = new Item(Boolean.TRUE, p.parameters());
            }
            dict.put(key, member);
            if (dict.size() > MAX_MEMBERS) {
                throw new ParseException("too many members");
            }
            p.skipOws();
            if (p.atEnd()) {
                break;
            }
            p.expect(',');
            p.skipOws();
            if (p.atEnd()) {
                throw new ParseException("trailing comma");
            }
        }
        return dict;
    }

    /** Parses a single Item (with parameters). */
    public static Item parseItem(String input) throws ParseException {
        if (input == null || input.length() > MAX_FIELD_LENGTH) {
            throw new ParseException("field missing or too long");
        }
        Parser p = new Parser(input);
        p.skipSp();
        Item item = p.item();
        p.skipSp();
        if (!p.atEnd()) {
            throw new ParseException("trailing characters");
        }
        return item;
    }

    public static String serialize(InnerList list) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < list.items().size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            serializeItem(list.items().get(i), out);
        }
        out.append(')');
        serializeParams(list.params(), out);
        return out.toString();
    }

    public static String serialize(Item item) {
        StringBuilder out = new StringBuilder();
        serializeItem(item, out);
        return out.toString();
    }

    private static void serializeItem(Item item, StringBuilder out) {
        serializeBare(item.value(), out);
        serializeParams(item.params(), out);
    }

    private static void serializeParams(Map<String, Object> params, StringBuilder out) {
        params.forEach((k, v) -> {
            out.append(';').append(k);
            if (!Boolean.TRUE.equals(v)) {
                out.append('=');
                serializeBare(v, out);
            }
        });
    }

    static void serializeBare(Object v, StringBuilder out) {
        if (v instanceof String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("sf-string must be printable ASCII");
                }
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else if (v instanceof Long || v instanceof Integer) {
            out.append(((Number) v).longValue());
        } else if (v instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (v instanceof Token t) {
            out.append(t.value());
        } else if (v instanceof byte[] b) {
            out.append(':').append(Base64.getEncoder().encodeToString(b)).append(':');
        } else if (v instanceof Boolean b) {
            out.append(b ? "?1" : "?0");
        } else {
            throw new IllegalArgumentException("not a structured field bare item: " + v.getClass());
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        void expect(char c) throws ParseException {
            if (peek() != c) {
                throw new ParseException("expected '" + c + "' at " + pos);
            }
            pos++;
        }

        void skipSp() {
            while (!atEnd() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        void skipOws() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        Object itemOrInnerList() throws ParseException {
            return peek() == '(' ? innerList() : item();
        }

        InnerList innerList() throws ParseException {
            expect('(');
            List<Item> items = new ArrayList<>();
            while (!atEnd()) {
                skipSp();
                if (peek() == ')') {
                    pos++;
                    return new InnerList(items, parameters());
                }
                items.add(item());
                if (items.size() > MAX_MEMBERS) {
                    throw new ParseException("inner list too long");
                }
                char c = peek();
                if (c != ' ' && c != ')') {
                    throw new ParseException("expected ' ' or ')' in inner list at " + pos);
                }
            }
            throw new ParseException("unterminated inner list");
        }

        Item item() throws ParseException {
            Object bare = bareItem();
            return new Item(bare, parameters());
        }

        Map<String, Object> parameters() throws ParseException {
            Map<String, Object> params = new LinkedHashMap<>();
            while (peek() == ';') {
                pos++;
                skipSp();
                String key = key();
                Object value = Boolean.TRUE;
                if (peek() == '=') {
                    pos++;
                    value = bareItem();
                }
                params.put(key, value);
                if (params.size() > MAX_MEMBERS) {
                    throw new ParseException("too many parameters");
                }
            }
            return params;
        }

        String key() throws ParseException {
            char c = peek();
            if (!(c >= 'a' && c <= 'z') && c != '*') {
                throw new ParseException("key must start with lcalpha or '*' at " + pos);
            }
            int start = pos;
            while (!atEnd()) {
                c = s.charAt(pos);
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        Object bareItem() throws ParseException {
            char c = peek();
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            if (c == '"') {
                return string();
            }
            if (c == ':') {
                return byteSequence();
            }
            if (c == '?') {
                return bool();
            }
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*') {
                return token();
            }
            throw new ParseException("unexpected character at " + pos);
        }

        Object number() throws ParseException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            boolean decimal = false;
            int digits = 0;
            while (!atEnd()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    digits++;
                    pos++;
                } else if (c == '.' && !decimal) {
                    if (digits > 12) {
                        throw new ParseException("decimal too long");
                    }
                    decimal = true;
                    pos++;
                } else {
                    break;
                }
                if (digits > 15) {
                    throw new ParseException("number too long");
                }
            }
            String text = s.substring(start, pos);
            if (digits == 0 || text.endsWith(".")) {
                throw new ParseException("malformed number");
            }
            return decimal ? new BigDecimal(text) : (Object) Long.parseLong(text);
        }

        String string() throws ParseException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    char next = s.charAt(pos++);
                    if (next != '"' && next != '\\') {
                        throw new ParseException("bad escape in string");
                    }
                    out.append(next);
                } else if (c == '"') {
                    return out.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    throw new ParseException("non-printable character in string");
                } else {
                    out.append(c);
                }
            }
            throw new ParseException("unterminated string");
        }

        Token token() {
            int start = pos;
            while (!atEnd()) {
                char c = s.charAt(pos);
                boolean tchar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
                if (!tchar) {
                    break;
                }
                pos++;
            }
            return new Token(s.substring(start, pos));
        }

        byte[] byteSequence() throws ParseException {
            expect(':');
            int end = s.indexOf(':', pos);
            if (end < 0) {
                throw new ParseException("unterminated byte sequence");
            }
            String b64 = s.substring(pos, end);
            for (int i = 0; i < b64.length(); i++) {
                char c = b64.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
                if (!ok) {
                    throw new ParseException("byte sequence is not base64");
                }
            }
            pos = end + 1;
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new ParseException("byte sequence is not base64");
            }
        }

        Boolean bool() throws ParseException {
            expect('?');
            char c = peek();
            if (c == '1' || c == '0') {
                pos++;
                return c == '1';
            }
            throw new ParseException("malformed boolean");
        }
    }
}
