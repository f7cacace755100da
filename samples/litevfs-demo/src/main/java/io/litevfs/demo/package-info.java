/**
 * The LiteVFS demo, as the original Go and Node demos: insert random numbers under the write lease,
 * fetch the last twenty, and see how long each took.
 */
@NullMarked
package io.litevfs.demo;

import org.jspecify.annotations.NullMarked;
