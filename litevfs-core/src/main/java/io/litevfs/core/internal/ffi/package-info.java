/**
 * Everything native: access to the SQLite that sqlite-jdbc loads (its {@code sqlite3_*} symbols are
 * hidden), and the VFS registered into it. The only package that uses {@code java.lang.foreign}.
 */
@NullMarked
package io.litevfs.core.internal.ffi;

import org.jspecify.annotations.NullMarked;
