package io.socketchat.server.internal;

import io.socketchat.server.TlsCertificate;
import io.socketchat.server.TlsFileException;
import io.socketchat.server.TlsSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its key, read from PEM files (certbot's {@code fullchain.pem} and
 * {@code privkey.pem}) or a PKCS#12 keystore, as the {@link SSLContext} that serves them. Only
 * the JDK is used: PKCS#8 keys are read as they are; PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and
 * SEC1 ({@code BEGIN EC PRIVATE KEY}) keys are wrapped into PKCS#8 first (a few bytes of DER).
 */
public final class TlsMaterial {

    /** Only these are offered; older versions are refused at the handshake. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private final SSLContext context;
    private final String[] protocols;
    private final TlsCertificate certificate;

    private TlsMaterial(SSLContext context, TlsCertificate certificate) {
        this.context = context;
        this.certificate = certificate;
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        this.protocols = PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
    }

    /** Reads the files of {@code settings}. */
    public static TlsMaterial load(TlsSettings settings) {
        Path certificateFile = settings.certificate();
        byte[] bytes = read("certificate", certificateFile);
        List<X509Certificate> chain;
        PrivateKey key;
        if (!new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
            char[] password = settings.keyPassword() == null ? new char[0] : settings.keyPassword().toCharArray();
            KeyStore store;
            try {
                store = KeyStore.getInstance("PKCS12");
                store.load(new ByteArrayInputStream(bytes), password);
            } catch (IOException | GeneralSecurityException e) {
                throw new TlsFileException("certificate", certificateFile,
                        "neither PEM nor a PKCS#12 keystore this password opens (" + e.getMessage() + ")", e);
            }
            chain = new ArrayList<>();
            key = keyEntry(store, password, chain, certificateFile);
        } else {
            chain = certificates(bytes, certificateFile);
            if (settings.key() == null) {
                throw new TlsFileException("key", certificateFile, "a PEM certificate needs its private key (--tls-key)", null);
            }
            key = privateKey(settings.key(), chain.getFirst());
        }
        checkPair(key, chain.getFirst(), settings.key() != null ? settings.key() : certificateFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "in-memory".toCharArray();
            store.setKeyEntry("chat", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            X509Certificate leaf = chain.getFirst();
            return new TlsMaterial(context, new TlsCertificate(leaf.getSubjectX500Principal().getName(),
                    HexFormat.of().formatHex(leaf.getSerialNumber().toByteArray()), leaf.getNotAfter().toInstant()));
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsFileException("certificate", certificateFile, e.toString(), e);
        }
    }

    public TlsCertificate certificate() {
        return certificate;
    }

    /** The context that serves this certificate and key, for a listener of another module. */
    public SSLContext context() {
        return context;
    }

    /** The server side of a TLS connection over an accepted socket; the handshake starts on first use. */
    SSLSocket wrap(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
        socket.setUseClientMode(false);
        socket.setEnabledProtocols(protocols);
        return socket;
    }

    private static byte[] read(String what, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            String problem = switch (e) {
                case java.nio.file.NoSuchFileException missing -> "no such file";
                case java.nio.file.AccessDeniedException denied -> "permission denied";
                default -> e.toString();
            };
            throw new TlsFileException(what, file, problem, e);
        }
    }

    private static List<X509Certificate> certificates(byte[] pem, Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                chain.add((X509Certificate) certificate);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("certificate", file, "not a PEM certificate chain (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw new TlsFileException("certificate", file, "no BEGIN CERTIFICATE block", null);
        }
        return chain;
    }

    private static PrivateKey keyEntry(KeyStore store, char[] password, List<X509Certificate> chain, Path file) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    for (Certificate certificate : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) certificate);
                    }
                    if (key instanceof PrivateKey privateKey && !chain.isEmpty()) {
                        return privateKey;
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("certificate", file, "cannot take the key out of the keystore (" + e.getMessage() + ")", e);
        }
        throw new TlsFileException("certificate", file, "the keystore holds no private key with a certificate", null);
    }

    private static PrivateKey privateKey(Path file, X509Certificate leaf) {
        String text = new String(read("key", file), StandardCharsets.ISO_8859_1);
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue; // parameters (BEGIN EC PARAMETERS) and the like
            }
            if (type.equals("ENCRYPTED PRIVATE KEY") || block.group(2).contains("ENCRYPTED")) {
                throw new TlsFileException("key", file,
                        "the key is encrypted; decrypt it first (openssl pkey -in KEY -out privkey.pem)", null);
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2).strip());
            } catch (IllegalArgumentException e) {
                throw new TlsFileException("key", file, "bad base64 in BEGIN " + type, e);
            }
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> sequence(concat(new byte[] {0x02, 0x01, 0x00}, sequence(concat(RSA_ENCRYPTION, new byte[] {0x05, 0x00})), tlv(0x04, der)));
                case "EC PRIVATE KEY" -> sequence(concat(new byte[] {0x02, 0x01, 0x00}, sequence(concat(EC_PUBLIC_KEY, curveOf(der, file))), tlv(0x04, der)));
                default -> throw new TlsFileException("key", file, "BEGIN " + type + " is not supported; use PKCS#8 (BEGIN PRIVATE KEY)", null);
            };
            String algorithm = leaf.getPublicKey().getAlgorithm();
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new TlsFileException("key", file, "not a " + algorithm + " private key for the certificate (" + e.getMessage() + ")", e);
            }
        }
        throw new TlsFileException("key", file, "no BEGIN PRIVATE KEY block (PEM, PKCS#8, as certbot's privkey.pem)", null);
    }

    /** The key must belong to the certificate, or every handshake would fail later. */
    private static void checkPair(PrivateKey key, X509Certificate leaf, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "socketchat".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // falls through: not this certificate's key
        }
        throw new TlsFileException("key", keyFile, "it does not match the certificate " + leaf.getSubjectX500Principal().getName(), null);
    }

    /** The named curve's OID (its whole TLV) from a SEC1 key's {@code [0] parameters}. */
    private static byte[] curveOf(byte[] sec1, Path file) {
        // ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING, [0] ECParameters, [1] publicKey }
        int[] header = header(sec1, 0);
        for (int at = header[0]; at < header[0] + header[1] && at < sec1.length; ) {
            int tag = sec1[at] & 0xff;
            int[] element = header(sec1, at);
            if (tag == 0xa0) {
                return Arrays.copyOfRange(sec1, element[0], element[0] + element[1]);
            }
            at = element[0] + element[1];
        }
        throw new TlsFileException("key", file, "the EC key names no curve; use PKCS#8 (openssl pkcs8 -topk8 -nocrypt)", null);
    }

    /** For the DER element at {@code at}: where its content starts and how long it is. */
    private static int[] header(byte[] der, int at) {
        int length = der[at + 1] & 0xff;
        int start = at + 2;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[start++] & 0xff);
            }
        }
        return new int[] {start, length};
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
