/**
 * Configuration of the page store: {@code litevfs.server.*} properties and the beans built from them.
 */
@NullMarked
package io.litevfs.server.config;

import org.jspecify.annotations.NullMarked;
