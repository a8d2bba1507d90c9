package io.socketchat.server;

import javax.net.ssl.SSLContext;
import java.util.List;

/**
 * What the TLS listener serves, for another listener to serve the same (the HTTPS port).
 *
 * @param context     the context holding the certificate chain and key
 * @param protocols   the protocol versions to offer (TLS 1.3 and 1.2 only)
 * @param certificate what the certificate says
 */
public record TlsContext(SSLContext context, List<String> protocols, TlsCertificate certificate) {

    public TlsContext {
        protocols = List.copyOf(protocols);
    }
}
