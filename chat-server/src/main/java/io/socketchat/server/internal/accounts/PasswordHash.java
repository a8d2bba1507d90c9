package io.socketchat.server.internal.accounts;

import io.socketchat.server.AccountSettings.Argon2;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id (Bouncy Castle's, pure Java) in the PHC string format that the reference
 * implementation and other verifiers read: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>},
 * salt and hash in standard Base64 without padding. The parameters travel with the hash, so they
 * can be raised later and an old hash still verifies (and is then rehashed).
 *
 * <p>Passwords are hashed as their UTF-8 bytes. A hash takes {@code m} KiB of memory while it
 * runs: the caller bounds how many run at once ({@link HashPool}). Each thread keeps its blocks
 * between hashes (Bouncy Castle's block pool), so a busy server does not allocate 19 MiB per
 * login.
 */
public final class PasswordHash {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The block pool of the thread's last parameters: reused while they stay the same. */
    private static final ThreadLocal<Pool> POOLS = new ThreadLocal<>();

    private record Pool(int memoryKiB, int lanes, Argon2BytesGenerator.BlockPool blocks) {
    }

    /** A parsed PHC string. */
    record Parsed(Argon2 parameters, byte[] salt, byte[] hash) {
    }

    private PasswordHash() {
    }

    /** A new hash of {@code password} with a fresh random salt. */
    public static String hash(String password, Argon2 parameters) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters, HASH_BYTES);
        return format(parameters, salt, hash);
    }

    static String format(Argon2 parameters, byte[] salt, byte[] hash) {
        return "$argon2id$v=19$m=" + parameters.memoryKiB() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code phc}, compared in constant time. A string that is
     * not an Argon2id PHC string matches nothing.
     */
    public static boolean verify(String password, String phc) {
        Parsed parsed = parse(phc);
        if (parsed == null) {
            return false;
        }
        byte[] computed = derive(password, parsed.salt(), parsed.parameters(), parsed.hash().length);
        return MessageDigest.isEqual(computed, parsed.hash());
    }

    /** Whether {@code phc} was made with other parameters than {@code wanted} (a login then rehashes). */
    public static boolean needsRehash(String phc, Argon2 wanted) {
        Parsed parsed = parse(phc);
        return parsed == null || !parsed.parameters().equals(wanted) || parsed.hash().length != HASH_BYTES;
    }

    /** The parameters stored in {@code phc}, or null when it is not an Argon2id PHC string. */
    public static Argon2 parameters(String phc) {
        Parsed parsed = parse(phc);
        return parsed == null ? null : parsed.parameters();
    }

    static Parsed parse(String phc) {
        if (phc == null) {
            return null;
        }
        Matcher matcher = PHC.matcher(phc);
        if (!matcher.matches()) {
            return null;
        }
        try {
            Argon2 parameters = new Argon2(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)));
            return new Parsed(parameters, B64_DECODE.decode(matcher.group(4)), B64_DECODE.decode(matcher.group(5)));
        } catch (IllegalArgumentException e) {
            return null; // parameters out of range, or not Base64
        }
    }

    private static byte[] derive(String password, byte[] salt, Argon2 parameters, int length) {
        Argon2Parameters spec = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(parameters.memoryKiB())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .withSalt(salt)
                .withBlockPool(blocksFor(parameters))
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(spec);
        byte[] out = new byte[length];
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    private static Argon2BytesGenerator.BlockPool blocksFor(Argon2 parameters) {
        Pool pool = POOLS.get();
        if (pool == null || pool.memoryKiB() != parameters.memoryKiB() || pool.lanes() != parameters.parallelism()) {
            int blocks = Argon2BytesGenerator.getBlockCount(parameters.memoryKiB(), parameters.parallelism());
            pool = new Pool(parameters.memoryKiB(), parameters.parallelism(), new Argon2BytesGenerator.FixedBlockPool(blocks));
            POOLS.set(pool);
        }
        return pool.blocks();
    }
}
