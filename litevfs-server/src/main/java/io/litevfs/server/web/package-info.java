/**
 * The LiteFS Cloud HTTP API over the store: access control, endpoints, error bodies, request logs.
 */
@NullMarked
package io.litevfs.server.web;

import org.jspecify.annotations.NullMarked;
