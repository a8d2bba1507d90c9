package io.socketchat.protocol;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Username rules: 1 to 32 characters, each a Unicode letter or digit, {@code _}, {@code -}
 * or {@code .}. Names are shown as typed but compared by {@link #key(String)}, so
 * {@code Bob} and {@code bob} (or the same name in another Unicode form) are one user.
 */
public final class Usernames {

    public static final int MAX_LENGTH = 32;

    private Usernames() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int count = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!(Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.')) {
                return false;
            }
            count++;
            i += Character.charCount(cp);
        }
        return count <= MAX_LENGTH;
    }

    /** The identity of a name: NFKC-normalized and case-folded. */
    public static String key(String name) {
        if (isAscii(name)) {
            // NFKC leaves ASCII as it is, and upper-then-lower is plain lower-casing there: the
            // same key without the normalizer's cost (this runs for every DM).
            return name.toLowerCase(Locale.ROOT);
        }
        String normalized = Normalizer.normalize(name, Normalizer.Form.NFKC);
        // Upper then lower folds cases that lower-casing alone keeps apart (ß and SS).
        return normalized.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
