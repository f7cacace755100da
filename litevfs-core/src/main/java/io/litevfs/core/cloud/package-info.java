/**
 * The client of the page store (the LiteFS Cloud API), reactive, with retries and a circuit breaker.
 */
@NullMarked
package io.litevfs.core.cloud;

import org.jspecify.annotations.NullMarked;
