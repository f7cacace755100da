package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.litevfs.protocol.Pos;
import org.jspecify.annotations.Nullable;

/**
 * The body of every error response: {@code {"code":"E…","error":"message","pos":{…}}}, with {@code pos}
 * only for {@link ErrorCode#EPOSMISMATCH} (the store's current position) and omitted otherwise.
 *
 * @param code  the error code, as a string so that codes this version does not know still parse
 * @param error a message for people
 * @param pos   the store's current position, where the error concerns positions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String error, @Nullable Pos pos) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code.name(), message, null);
    }

    public static ErrorBody positionMismatch(Pos current) {
        return new ErrorBody(ErrorCode.EPOSMISMATCH.name(), ErrorCode.EPOSMISMATCH.defaultMessage(), current);
    }
}
