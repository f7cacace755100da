package io.litevfs.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A database position: the last transaction applied and the database checksum after it.
 * The zero position means "no data". Its text form is {@code %016x/%016x}; its JSON form is
 * {@code {"txid":"…","postApplyChecksum":"…"}}, read with keys in any case and {@code null} as 0,
 * because Go clients write {@code TXID}/{@code PostApplyChecksum}.
 *
 * @param txid              the last transaction applied
 * @param postApplyChecksum the database checksum after it
 */
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record Pos(
        @JsonProperty("txid") TxId txid,
        @JsonProperty("postApplyChecksum") Checksum postApplyChecksum) {

    public static final Pos ZERO = new Pos(TxId.ZERO, Checksum.ZERO);

    @JsonCreator
    public Pos(@JsonProperty("txid") @Nullable TxId txid,
               @JsonProperty("postApplyChecksum") @Nullable Checksum postApplyChecksum) {
        this.txid = txid == null ? TxId.ZERO : txid;
        this.postApplyChecksum = postApplyChecksum == null ? Checksum.ZERO : postApplyChecksum;
    }

    public static Pos of(long txid, long postApplyChecksum) {
        return new Pos(TxId.of(txid), Checksum.of(postApplyChecksum));
    }

    /** Parses {@code <16 hex>/<16 hex>}, as in the {@code pos=} query parameter. */
    public static Pos parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.length() != 33) {
            throw new IllegalArgumentException(
                    "position must be <16 hex digits>/<16 hex digits>, got \"" + text + "\"");
        }
        return new Pos(TxId.parse(text.substring(0, slash)), Checksum.parse(text.substring(slash + 1)));
    }

    @JsonIgnore
    public boolean isZero() {
        return txid.isZero() && postApplyChecksum.isZero();
    }

    @Override
    public String toString() {
        return txid + "/" + postApplyChecksum;
    }
}
