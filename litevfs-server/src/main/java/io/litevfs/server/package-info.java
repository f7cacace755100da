/**
 * The LiteVFS page store: a server that speaks the LiteFS Cloud API. Run it with
 * {@link LiteVfsServerApplication} ({@code java -jar}), or embed it with {@link LiteVfsServer}.
 */
@NullMarked
package io.litevfs.server;

import org.jspecify.annotations.NullMarked;
