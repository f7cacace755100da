package io.litevfs.store.history;

/**
 * Durable storage could not be asked or did not answer usefully (a bucket unreachable, credentials
 * refused, a server error after retries); nothing is known to have changed in it. What a replica already
 * holds can still be served.
 */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
