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

    ETOOLARGE(413, "request body too large"),

    EBADHEADER(422, "invalid header"),
    ELEASEMISMATCH(422, "lease mismatch"),
    EBADCLUSTERID(422, "cluster id mismatch"),

    /** Not of LiteFS Cloud: the store's disk is full. Nothing of the request was kept. */
    ENOSPACE(507, "the store's disk is full"),

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
