package io.litevfs.server.config;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up refusal of the store's own (an {@link IllegalStateException} whose message names a
 * {@code litevfs.server.*} property: a retention that describes no policy, a bucket that cannot be used)
 * into Spring Boot's short "APPLICATION FAILED TO START" report, the line that says what to fix, instead
 * of a chain of bean-creation exceptions that buries it. Any other failure is left to Boot.
 */
public final class SettingFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

    private static final String PREFIX = "litevfs.server.";

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
        String message = cause.getMessage();
        if (message == null || !message.contains(PREFIX)) {
            return null;
        }
        return new FailureAnalysis(message, "Change the setting it names (the README's \"Store configuration\" "
                + "lists them all), then start the store again.", cause);
    }
}
