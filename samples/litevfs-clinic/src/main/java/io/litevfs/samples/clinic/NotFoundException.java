package io.litevfs.samples.clinic;

/** An owner or pet the request names does not exist (404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
