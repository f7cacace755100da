package io.litevfs.protocol.wire;

/**
 * HTTP header names of the LiteFS Cloud API.
 */
public final class LfscHeaders {

    /** Response to {@code POST /db/tx}: the highest TXID that is durable, 16 hex digits. LiteFS requires it. */
    public static final String HWM = "Litefs-Hwm";
    /** Request: the write lease a {@code POST /db/tx} is made under. */
    public static final String LEASE_ID = "Lfsc-Lease-Id";
    /** Request: the client's cluster id, {@code LFSC} and 16 uppercase hex digits. */
    public static final String CLUSTER_ID = "Litefs-Cluster-Id";
    /** Response: the instance that answered, for affinity. */
    public static final String INSTANCE_ID = "Lfsc-Instance-Id";
    /** Request: the instance a client wants to reach (the value of {@link #INSTANCE_ID} it last saw). */
    public static final String FORCE_INSTANCE_ID = "fly-force-instance-id";

    private LfscHeaders() {
    }
}
