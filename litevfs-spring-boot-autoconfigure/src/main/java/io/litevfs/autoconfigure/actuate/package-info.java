/**
 * Actuator support: the {@code litevfs} endpoint, a health indicator and Micrometer meters.
 */
@NullMarked
package io.litevfs.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
