package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The {@code GET /info} response.
 *
 * @param clusterId the cluster id recorded by the store ({@code LFSC} and 16 uppercase hex digits), if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InfoResponse(@JsonProperty("clusterID") @Nullable String clusterId) {
}
