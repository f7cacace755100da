package io.litevfs.protocol.wire;

/**
 * The error codes of the LiteFS Cloud API, with the HTTP status each is sent with and the message used
 * when nothing more specific is known.
 */
public enum ErrorCode {
    EPOSMISMATCH(409, "position mismatch"),
    ENOPREVPAGE(409, "previous page version not found"),
    ELEASEEXISTS(409, "lease already exists"),

    ENODB(404, "database not found"),
    ENOTXID(404, "tx not available"),
    ENOPAGE(404, "page not found"),
    ENOLEASE(404, "lease not found"),

    EBADDB(400, "invalid database name"),
    EBADCLUSTER(400, "invalid cluster name"),
    EBADTXID(400, "invalid transaction id"),
    EBADPOS(400, "invalid position"),
    EINVALIDPGNO(400, "invalid page number"),
    EBADCHECKSUM(400, "checksum mismatch"),
    EMISSINGPAGES(400, "missing pages"),
    EBADFORMAT(400, "invalid LTX file"),
    EBADINPUT(400, "invalid input"),

    EINVALIDAUTH(401, "invalid authorization"),
    /** Not of LiteFS Cloud: a request that the store's configuration does not allow (an Origin, a Host). */
    EFORBIDDEN(403, "forbidden"),
    /** Not of LiteFS Cloud: the cluster has as many databases as the store allows. */
    ETOOMANYDBS(403, "too many databases"),
    /** Not of LiteFS Cloud: a request whose body did not arrive in time. */
    ETIMEOUT(408, "request body not received in time"),

    ETOOLARGE(413, "request body too large"),

    EBADHEADER(422, "invalid header"),
    ELEASEMISMATCH(422, "lease mismatch"),
    EBADCLUSTERID(422, "cluster id mismatch"),

    /** Not of LiteFS Cloud: the store's disk is full. Nothing of the request was kept. */
    ENOSPACE(507, "the store's disk is full"),
    /** Not of LiteFS Cloud: the store is answering as many such requests as it allows; retry shortly. */
    ETOOBUSY(503, "the store is busy"),
    /**
     * Not of LiteFS Cloud: the object storage the store keeps its data in cannot be reached. Nothing of
     * the request was kept; reads of what the store holds locally go on. Retry later.
     */
    ESTORAGEUNAVAILABLE(503, "the store's object storage is unavailable"),

    EINTERNAL(500, "internal error");

    private final int status;
    private final String defaultMessage;

    ErrorCode(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    /** The HTTP status this code is sent with. */
    public int status() {
        return status;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
