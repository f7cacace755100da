/**
 * The LiteFS Cloud HTTP API as JSON shapes, headers and error codes, exactly as LiteVFS 0.1.1 and
 * LiteFS 0.5 read and write them. Optional fields are omitted rather than written as {@code null},
 * because LiteVFS cannot parse {@code null} where it expects a value.
 */
@NullMarked
package io.litevfs.protocol.wire;

import org.jspecify.annotations.NullMarked;
