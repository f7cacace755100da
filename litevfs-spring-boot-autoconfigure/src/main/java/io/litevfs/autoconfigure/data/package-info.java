/**
 * Spring Data JDBC on SQLite: the dialect and its discovery.
 */
@NullMarked
package io.litevfs.autoconfigure.data;

import org.jspecify.annotations.NullMarked;
