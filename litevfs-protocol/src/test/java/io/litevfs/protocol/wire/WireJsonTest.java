package io.litevfs.protocol.wire;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import io.litevfs.protocol.TxId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The JSON shapes of the spec's section 2.3, as LiteVFS and LiteFS read and write them. */
class WireJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final Pos pos = Pos.of(0x3e8, 0x8000000000000456L);

    @Test
    void positionsUseLowercaseKeysAndSixteenHexDigits() {
        assertThat(json.writeValueAsString(pos))
                .isEqualTo("{\"txid\":\"00000000000003e8\",\"postApplyChecksum\":\"8000000000000456\"}");
    }

    @Test
    void positionsAreReadWithKeysInAnyCaseAndNullAsZero() {
        assertThat(json.readValue("{\"TXID\":\"00000000000003E8\",\"PostApplyChecksum\":\"8000000000000456\"}",
                Pos.class)).isEqualTo(pos);
        assertThat(json.readValue("{\"txid\":null,\"postApplyChecksum\":null}", Pos.class)).isEqualTo(Pos.ZERO);
        assertThat(json.readValue("{}", Pos.class)).isEqualTo(Pos.ZERO);
    }

    @Test
    void positionTextFormRoundTrips() {
        assertThat(pos.toString()).isEqualTo("00000000000003e8/8000000000000456");
        assertThat(Pos.parse("00000000000003E8/8000000000000456")).isEqualTo(pos);
        assertThatIllegalArgumentException().isThrownBy(() -> Pos.parse("3e8/8000000000000456"));
        assertThatIllegalArgumentException().isThrownBy(() -> Pos.parse("00000000000003e8-8000000000000456"));
        assertThatIllegalArgumentException().isThrownBy(() -> TxId.parse("8000000000000000"))
                .withMessageContaining("out of range");
        assertThatIllegalArgumentException().isThrownBy(() -> Checksum.parse("zz00000000000000"));
    }

    @Test
    void errorBodiesOmitPosUnlessItIsAMismatch() {
        assertThat(json.writeValueAsString(ErrorBody.of(ErrorCode.ENODB, "database not found")))
                .isEqualTo("{\"code\":\"ENODB\",\"error\":\"database not found\"}");
        assertThat(json.writeValueAsString(ErrorBody.positionMismatch(pos))).isEqualTo(
                "{\"code\":\"EPOSMISMATCH\",\"error\":\"position mismatch\",\"pos\":"
                        + json.writeValueAsString(pos) + "}");
    }

    @Test
    void changesAreEitherPageNumbersOrAll() {
        assertThat(json.writeValueAsString(DbChanges.pages(pos, List.of(1L, 7L))))
                .isEqualTo("{\"pos\":" + json.writeValueAsString(pos) + ",\"pgnos\":[1,7]}");
        assertThat(json.writeValueAsString(DbChanges.everything(pos)))
                .isEqualTo("{\"pos\":" + json.writeValueAsString(pos) + ",\"all\":true}");
        DbChanges parsed = json.readValue("{\"pos\":{\"txid\":\"0000000000000001\",\"postApplyChecksum\":"
                + "\"8000000000000001\"},\"pgnos\":null,\"all\":null}", DbChanges.class);
        assertThat(parsed.refetchAll()).isFalse();
        assertThat(parsed.pgnos()).isNull();
    }

    @Test
    void syncBodiesAreKeyedByDatabase() {
        SyncRequest request = json.readValue("{\"positions\":{\"db\":{\"txid\":\"0000000000000000\","
                + "\"postApplyChecksum\":\"0000000000000000\"}}}", SyncRequest.class);
        assertThat(request.positions()).containsEntry("db", Pos.ZERO);
        assertThat(json.writeValueAsString(new SyncResponse(Map.of("db", DbChanges.everything(Pos.ZERO)))))
                .startsWith("{\"changes\":{\"db\":{\"pos\":");
    }

    @Test
    void leasesUseSnakeCaseExpiry() {
        LeaseResponse lease = LeaseResponse.of("abc", Instant.parse("2026-11-24T05:00:01.250Z"));
        assertThat(json.writeValueAsString(lease))
                .isEqualTo("{\"id\":\"abc\",\"expires_at\":\"2026-11-24T05:00:01.250Z\"}");
        assertThat(json.readValue("{\"id\":\"x\",\"expires_at\":\"2026-11-24T05:00:01.123456789Z\"}",
                LeaseResponse.class).expiresAtInstant()).isEqualTo(Instant.parse("2026-11-24T05:00:01.123456789Z"));
    }

    @Test
    void pagesTravelAsStandardBase64() {
        String body = json.writeValueAsString(new PagesResponse(List.of(new PageData(3, new byte[] {(byte) 0xfb, 1}))));
        assertThat(body).isEqualTo("{\"pages\":[{\"pgno\":3,\"data\":\"+wE=\"}]}");
    }

    @Test
    void infoUsesTheClusterIdKey() {
        assertThat(json.writeValueAsString(new InfoResponse("LFSC0123456789ABCDEF")))
                .isEqualTo("{\"clusterID\":\"LFSC0123456789ABCDEF\"}");
        assertThat(json.writeValueAsString(new InfoResponse(null))).isEqualTo("{}");
    }

    @Test
    void restoreImportAndOrganisationShapesMatchTheApi() {
        assertThat(json.writeValueAsString(new TxIdResponse(TxId.of(0x2a)))).isEqualTo("{\"txID\":\"000000000000002a\"}");
        assertThat(json.readValue("{\"timestamp\":\"2026-11-24T05:00:00Z\",\"txID\":\"0000000000000007\"}",
                RestoreCheck.class).txId()).isEqualTo(TxId.of(7));
        assertThat(json.writeValueAsString(new DatabaseInfo("db", List.of(new DatabaseInfo.RestorablePath(TxId.of(3),
                "2026-11-24T05:00:00Z", Checksum.of(0x8000000000000001L)))))).isEqualTo("{\"name\":\"db\",\"restorablePaths\":"
                + "[{\"maxTxId\":\"0000000000000003\",\"maxTimestamp\":\"2026-11-24T05:00:00Z\","
                + "\"postApplyChecksum\":\"8000000000000001\"}]}");
        ClusterList clusters = json.readValue("{\"offset\":0,\"limit\":10,\"total\":1,\"clusters\":[{\"orgID\":\"o\","
                + "\"name\":\"c\",\"region\":\"ord\",\"createdAt\":\"t1\",\"updatedAt\":\"t2\"}]}", ClusterList.class);
        assertThat(clusters.clusters()).containsExactly(new ClusterInfo("o", "c", "ord", "t1", "t2"));
        assertThat(json.writeValueAsString(new CreateClusterRequest("c", "ord"))).isEqualTo("{\"cluster\":\"c\",\"region\":\"ord\"}");
        assertThat(json.readValue("{\"regions\":[\"ord\",\"ams\"]}", RegionList.class).regions()).containsExactly("ord", "ams");
    }
}
