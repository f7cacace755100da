package io.litevfs.store.upload;

import java.io.IOException;
import java.io.InputStream;

/** An upload received whole, which the store may read more than once (once to check it, once to apply it). */
@FunctionalInterface
public interface UploadSource {

    InputStream open() throws IOException;
}
