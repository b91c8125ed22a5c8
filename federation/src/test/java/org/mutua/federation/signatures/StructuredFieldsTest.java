package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredFieldsTest {
    @Test
    void signatureInputDictionaryParsesAndReserialisesCanonically() throws Exception {
        Map<String, Object> d = StructuredFields.parseDictionary(
            "sig1=( \"@method\"  \"@target-uri\" );created=1618884473;keyid=\"a,b\\\"c\";alg=\"ed25519\",\tsig2=(\"date\")");

        assertEquals(List.of("sig1", "sig2"), List.copyOf(d.keySet()));
        StructuredFields.InnerList l = assertInstanceOf(StructuredFields.InnerList.class, d.get("sig1"));
        assertEquals(1618884473L, l.params().get("created"));
        assertEquals("a,b\"c", l.params().get("keyid"));
        assertEquals("(\"@method\" \"@target-uri\");created=1618884473;keyid=\"a,b\\\"c\";alg=\"ed25519\"", StructuredFields.serialize(l));
    }

    @Test
    void contentDigestDictionaryHoldsByteSequences() throws Exception {
        Map<String, Object> d = StructuredFields.parseDictionary("sha-512=:AAE=:, sha-256=:AgM=:");

        StructuredFields.Item item = assertInstanceOf(StructuredFields.Item.class, d.get("sha-256"));
        assertArrayEquals(new byte[] {2, 3}, (byte[]) item.value());
    }

    @Test
    void bareItemTypesParse() throws Exception {
        Map<String, Object> d = StructuredFields.parseDictionary("a=-12, b=1.5, c=tok/en:1, d=?0, e");

        assertEquals(-12L, ((StructuredFields.Item) d.get("a")).value());
        assertEquals(new BigDecimal("1.5"), ((StructuredFields.Item) d.get("b")).value());
        assertEquals(new StructuredFields.Token("tok/en:1"), ((StructuredFields.Item) d.get("c")).value());
        assertEquals(Boolean.FALSE, ((StructuredFields.Item) d.get("d")).value());
        assertEquals(Boolean.TRUE, ((StructuredFields.Item) d.get("e")).value());
    }

    @Test
    void malformedInputIsRejected() {
        for (String bad : List.of("sig1=(\"a\"", "sig1=\"unterminated", "Sig1=1", "a=1,", "a=1 b=2", "a=:not base64!:",
            "a=\"\u00e9\"", "a=\"bad\\escape\"", "a=1234567890123456", "a=?2", "a=(\"x\"\"y\")", "a=1.")) {
            assertThrows(StructuredFields.ParseException.class, () -> StructuredFields.parseDictionary(bad), bad);
        }
    }

    @Test
    void inputOver8KbIsRejectedWithoutParsing() {
        assertThrows(StructuredFields.ParseException.class,
            () -> StructuredFields.parseDictionary("a=\"" + "x".repeat(8 * 1024) + "\""));
    }

    @Test
    void tooManyMembersAreRejected() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            many.append(i == 0 ? "" : ", ").append("k").append(i).append("=1");
        }
        assertThrows(StructuredFields.ParseException.class, () -> StructuredFields.parseDictionary(many.toString()));
    }
}
