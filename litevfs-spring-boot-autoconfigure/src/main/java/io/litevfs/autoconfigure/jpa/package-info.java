/**
 * Hibernate on LiteVFS: time values kept exactly, as the same text Spring Data JDBC writes.
 */
@NullMarked
package io.litevfs.autoconfigure.jpa;

import org.jspecify.annotations.NullMarked;
