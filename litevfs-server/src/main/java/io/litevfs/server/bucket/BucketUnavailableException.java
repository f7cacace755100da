package io.litevfs.server.bucket;

import io.litevfs.server.store.StorageUnavailableException;

/**
 * The bucket could not be asked or did not answer usefully: unreachable, refused credentials, a server
 * error after the SDK's retries. Nothing is known to have changed in it.
 */
public final class BucketUnavailableException extends StorageUnavailableException {

    public BucketUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
