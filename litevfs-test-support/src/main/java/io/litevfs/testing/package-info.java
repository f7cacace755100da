/**
 * Test fixtures shared by the modules' tests: a file system that injects a disk's faults.
 */
@NullMarked
package io.litevfs.testing;

import org.jspecify.annotations.NullMarked;
