package io.socketchat.server.internal.accounts;

import io.socketchat.server.AccountSettings.Argon2;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form of a password: Argon2id in the PHC string format, checked by Bouncy Castle's own generator. */
class PasswordHashTest {

    private static final Argon2 SMALL = new Argon2(1024, 1, 1);

    @Test
    void theDefaultHashCarriesOwaspsParametersInPhcForm() {
        String phc = PasswordHash.hash("correct-horse-battery", Argon2.OWASP);
        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHash.verify("correct-horse-battery", phc)).isTrue();
        assertThat(PasswordHash.verify("correct-horse-batterz", phc)).isFalse();
    }

    /**
     * Read the string as any PHC verifier would (its own parser here, not ours), recompute with
     * Bouncy Castle's Argon2BytesGenerator, compare.
     */
    @Test
    void bouncyCastlesOwnGeneratorVerifiesTheStoredString() {
        for (Argon2 parameters : new Argon2[] {Argon2.OWASP, SMALL, new Argon2(4096, 3, 2)}) {
            String password = "pässwörd mit Umlauten ✓";
            String phc = PasswordHash.hash(password, parameters);
            Matcher m = Pattern.compile("\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([^$]+)\\$([^$]+)").matcher(phc);
            assertThat(m.matches()).as(phc).isTrue();
            byte[] salt = Base64.getDecoder().decode(m.group(5));
            byte[] expected = Base64.getDecoder().decode(m.group(6));
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Integer.parseInt(m.group(1)))
                    .withMemoryAsKB(Integer.parseInt(m.group(2)))
                    .withIterations(Integer.parseInt(m.group(3)))
                    .withParallelism(Integer.parseInt(m.group(4)))
                    .withSalt(salt)
                    .build());
            byte[] computed = new byte[expected.length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), computed);
            assertThat(Arrays.equals(computed, expected)).as(phc).isTrue();
            assertThat(m.group(1)).isEqualTo("19"); // Argon2 1.3 (0x13)
        }
    }

    @Test
    void aHashOfOtherParametersNeedsRehashingAndStillVerifies() {
        String old = PasswordHash.hash("correct-horse-battery", SMALL);
        assertThat(PasswordHash.needsRehash(old, SMALL)).isFalse();
        assertThat(PasswordHash.needsRehash(old, Argon2.OWASP)).isTrue();
        assertThat(PasswordHash.verify("correct-horse-battery", old)).isTrue();
        assertThat(PasswordHash.parameters(old)).isEqualTo(SMALL);
    }

    @Test
    void saltsDifferAndGarbageMatchesNothing() {
        assertThat(PasswordHash.hash("same-password", SMALL)).isNotEqualTo(PasswordHash.hash("same-password", SMALL));
        for (String garbage : new String[] {null, "", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2g"}) {
            assertThat(PasswordHash.verify("plain", garbage)).as(garbage).isFalse();
            assertThat(PasswordHash.needsRehash(garbage, SMALL)).isTrue();
        }
    }
}
