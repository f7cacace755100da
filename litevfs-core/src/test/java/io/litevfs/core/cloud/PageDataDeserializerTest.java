package io.litevfs.core.cloud;

import io.litevfs.protocol.wire.PageData;
import io.litevfs.protocol.wire.PagesResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pages read as the default binding reads them, faster; a malformed page is an error, never data. */
class PageDataDeserializerTest {

    /** The default binding, which reads a page without a checksum as one with none (0). */
    private final JsonMapper plain = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private final JsonMapper fast = JsonMapper.builder()
            .addModule(new SimpleModule().addDeserializer(PageData.class, new PageDataDeserializer())).build();

    @Test
    void readsWhatTheDefaultBindingReadsAndSkipsUnknownFields() {
        byte[] page = new byte[4096];
        new Random(7).nextBytes(page);
        String json = """
                {"pages":[{"pgno":7,"extra":{"nested":[1,2]},"data":"%s"},{"data":"AAAA","pgno":4294967296}]}"""
                .formatted(Base64.getEncoder().encodeToString(page));
        PagesResponse expected = plain.readValue(json.replace(",\"extra\":{\"nested\":[1,2]}", ""), PagesResponse.class);
        PagesResponse read = fast.readValue(json, PagesResponse.class);
        assertThat(read.pages()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(read.pages().get(i).pgno()).isEqualTo(expected.pages().get(i).pgno());
            assertThat(read.pages().get(i).data()).isEqualTo(expected.pages().get(i).data());
            assertThat(read.pages().get(i).checksum()).as("no checksum given").isZero();
        }
    }

    @Test
    void aChecksumGivenWithAPageIsReadFromItsHexForm() {
        PagesResponse read = fast.readValue("""
                {"pages":[{"pgno":1,"checksum":"80000000000000AB","data":"AAAA"},{"pgno":2,"data":"AAAA","checksum":"8000000000000007"}]}""",
                PagesResponse.class);
        assertThat(read.pages()).extracting(PageData::checksum).containsExactly(0x80000000000000abL, 0x8000000000000007L);
    }

    @Test
    void aMalformedPageIsAnErrorNamingWhatIsWrong() {
        assertThatThrownBy(() -> fast.readValue("{\"pages\":[{\"pgno\":1,\"data\":\"not base64!\"}]}", PagesResponse.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> fast.readValue("{\"pages\":[{\"pgno\":1}]}", PagesResponse.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("needs \"pgno\" and \"data\"");
        assertThatThrownBy(() -> fast.readValue("{\"pages\":[{\"pgno\":1,\"data\":42}]}", PagesResponse.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("base64 string");
        assertThatThrownBy(() -> fast.readValue("{\"pages\":[{\"pgno\":1,\"data\":\"AAAA\",\"checksum\":\"xyz\"}]}",
                PagesResponse.class)).isInstanceOf(JacksonException.class).hasMessageContaining("16 hex digits");
        assertThatThrownBy(() -> fast.readValue("{\"pages\":[7]}", PagesResponse.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("JSON object");
    }
}
