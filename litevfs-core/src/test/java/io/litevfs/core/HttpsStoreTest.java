package io.litevfs.core;

import io.litevfs.server.LiteVfsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store served over https (its own certificate, made here with keytool) is reached by a node that trusts
 * it through a trust store of its own (the JDK's standard {@code javax.net.ssl.trustStore}), and refused by
 * one with only the JDK's default trust store, which does not know that certificate. Each node is a JVM of
 * its own, since the JDK reads its trust settings once.
 */
class HttpsStoreTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path directory;

    @Test
    void aStoreOverHttpsIsReachedWithATrustStoreThatKnowsItAndRefusedWithoutOne() throws Exception {
        Path keyStore = directory.resolve("store.p12");
        Path certificate = directory.resolve("store.pem");
        Path trustStore = directory.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "store", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "store", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "store", "-file", certificate.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        try (LiteVfsServer store = LiteVfsServer.builder().dataDirectory(directory.resolve("data")).openAccess()
                .property("server.ssl.key-store", keyStore.toString())
                .property("server.ssl.key-store-password", PASSWORD)
                .property("server.ssl.key-store-type", "PKCS12").start()) {
            String url = "https://localhost:" + store.port();
            Run trusted = node(url, directory.resolve("cache-trusted"), "-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + PASSWORD);
            assertThat(trusted.output()).as(trusted.output()).contains("ROWS 3");
            assertThat(trusted.exitCode()).isZero();

            Run untrusted = node(url, directory.resolve("cache-untrusted"));
            assertThat(untrusted.exitCode()).as(untrusted.output()).isEqualTo(1);
            assertThat(untrusted.output()).contains("FAILED").containsIgnoringCase("certificat");
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run node(String url, Path cache, String... jvmOptions) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpsClientProcess.class.getName(), url,
                cache.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the node ended").isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", arguments[0], output).isZero();
    }
}
