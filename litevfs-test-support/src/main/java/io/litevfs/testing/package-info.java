/**
 * Test fixtures shared by the modules' tests: a file system that injects a disk's faults, a size-limited
 * tmpfs, a clock tests move, and a writer's model of a database ({@link io.litevfs.testing.TestDatabase}).
 */
@NullMarked
package io.litevfs.testing;

import org.jspecify.annotations.NullMarked;
