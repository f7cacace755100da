/**
 * Spring Boot auto-configuration of LiteVFS.
 */
@NullMarked
package io.litevfs.autoconfigure;

import org.jspecify.annotations.NullMarked;
