package io.litevfs.store.s3;

import io.litevfs.store.history.StorageUnavailableException;

/**
 * The bucket could not be asked or did not answer usefully: unreachable, refused credentials, a server
 * error after the SDK's retries. Nothing is known to have changed in it.
 */
public final class BucketUnavailableException extends StorageUnavailableException {

    public BucketUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
