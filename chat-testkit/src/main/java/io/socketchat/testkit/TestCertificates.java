package io.socketchat.testkit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for one test by the real {@code openssl} (into a temporary directory; no
 * private key is ever committed): a CA, and leaf certificates it signs for 127.0.0.1 and
 * localhost, written as certbot writes them ({@code fullchain.pem}: leaf then CA;
 * {@code privkey.pem}: PKCS#8). {@link #trustingClient} is a client context that trusts the CA.
 */
public final class TestCertificates {

    /** One leaf: its files and its serial number. */
    public record Leaf(Path fullchain, Path privkey, Path certificate, BigInteger serial, String subject) {
    }

    private final Path directory;
    private final Path caKey;
    private final Path caCertificate;
    private int issued;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.caKey = directory.resolve("ca.key");
        this.caCertificate = directory.resolve("ca.pem");
    }

    /** A new CA in {@code directory}. */
    public static TestCertificates createCa(Path directory) {
        TestCertificates certificates = new TestCertificates(directory);
        openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=SocketChat Test CA");
        return certificates;
    }

    /** A leaf for 127.0.0.1 signed by the CA; {@code keyType} is {@code rsa} or {@code ec}. */
    public Leaf issue(String commonName, String keyType) {
        int n = ++issued;
        String prefix = "leaf" + n + "-";
        String keySpec = keyType.equals("rsa") ? "rsa:2048" : "ec";
        List<String> request = new ArrayList<>(List.of("req", "-new", "-newkey", keySpec));
        if (!keyType.equals("rsa")) {
            request.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        request.addAll(List.of("-nodes", "-keyout", prefix + "privkey.pem", "-out", prefix + "req.csr",
                "-subj", "/CN=" + commonName));
        openssl(directory, request.toArray(String[]::new));
        write(directory.resolve(prefix + "ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl(directory, "x509", "-req", "-in", prefix + "req.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-set_serial", String.valueOf(1000 + n), "-days", "2", "-extfile", prefix + "ext.cnf",
                "-out", prefix + "cert.pem");
        Path cert = directory.resolve(prefix + "cert.pem");
        Path fullchain = directory.resolve(prefix + "fullchain.pem");
        try {
            Files.writeString(fullchain, Files.readString(cert) + Files.readString(caCertificate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Leaf(fullchain, directory.resolve(prefix + "privkey.pem"), cert, BigInteger.valueOf(1000 + n),
                "CN=" + commonName);
    }

    /** The leaf's key in the traditional form ({@code BEGIN RSA PRIVATE KEY} / {@code BEGIN EC PRIVATE KEY}). */
    public Path traditionalKey(Leaf leaf) {
        Path out = directory.resolve(leaf.privkey().getFileName() + ".traditional");
        openssl(directory, "pkey", "-in", leaf.privkey().toString(), "-traditional", "-out", out.toString());
        return out;
    }

    /** The leaf as a PKCS#12 keystore with {@code password}. */
    public Path pkcs12(Leaf leaf, String password) {
        Path out = directory.resolve(leaf.privkey().getFileName() + ".p12");
        openssl(directory, "pkcs12", "-export", "-in", leaf.fullchain().toString(), "-inkey", leaf.privkey().toString(),
                "-out", out.toString(), "-passout", "pass:" + password);
        return out;
    }

    public Path caCertificate() {
        return caCertificate;
    }

    /** A client context that trusts this CA (and checks the server's certificate against it). */
    public SSLContext trustingClient() {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code openssl args} in {@code directory}; fails with its output if it fails. */
    public static void openssl(Path directory, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
